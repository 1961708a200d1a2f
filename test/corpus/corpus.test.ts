import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GROUPS } from './cases/index.js'
import { runGroup, prototypeFingerprint } from './check.js'
import { startCorpusDaemon, type CorpusDaemon } from './corpus-daemon.js'

describe('the hostile input corpus against the real daemon', () => {
  let d: CorpusDaemon
  const before = prototypeFingerprint()
  beforeAll(async () => {
    d = await startCorpusDaemon()
  })
  afterAll(async () => {
    await d?.close()
  })

  it('holds at least 200 cases with unique names', () => {
    const names = GROUPS.flatMap((g) => g.cases.map((c) => c.name))
    expect(names.length).toBeGreaterThanOrEqual(200)
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([])
  })

  for (const group of GROUPS) {
    it(`answers every case of "${group.kind}" (${group.cases.length}) as SEMANTICS.md §3 says, and keeps serving`, async () => {
      expect(await runGroup(d, group)).toEqual([])
    }, 120_000)
  }

  it('leaves every prototype untouched', () => {
    expect(prototypeFingerprint()).toBe(before)
  })
})
