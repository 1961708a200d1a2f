import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { configureFailpoints, failpoint, failpointHits, FAILPOINTS, parseFailpoints } from '../../core/execution/failpoints.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const failpointsModule = pathToFileURL(join(root, 'core/execution/failpoints.ts')).href

afterEach(() => configureFailpoints(undefined))

describe('parseFailpoints', () => {
  it('reads names, actions and the hit count form', () => {
    const armed = parseFailpoints('after-action-before-commit:exit, after-reserve-before-action:throw@3,')
    expect(Object.fromEntries(armed)).toEqual({
      'after-action-before-commit': { action: 'exit' },
      'after-reserve-before-action': { action: 'throw', onHit: 3 },
    })
  })

  it('refuses a misspelt name, so a crash test cannot pass without crashing', () => {
    expect(() => parseFailpoints('after-action-before-comit:exit')).toThrow(/unknown failpoint/)
  })

  it('refuses unknown actions and malformed counts', () => {
    for (const spec of ['after-apply-before-ack:panic', 'after-apply-before-ack', 'after-apply-before-ack:exit@0']) {
      expect(() => parseFailpoints(spec), spec).toThrow(expect.objectContaining({ code: 'ERR_CONFIG' }))
    }
  })

  it('names every engine failpoint once', () => {
    expect(new Set(FAILPOINTS).size).toBe(FAILPOINTS.length)
  })
})

describe('failpoint in process', () => {
  it('does nothing and counts nothing when unset', () => {
    for (const name of FAILPOINTS) failpoint(name)
    expect(FAILPOINTS.map(failpointHits)).toEqual(FAILPOINTS.map(() => 0))
  })

  it('throws ERR_INTERNAL naming the failpoint on every hit in throw mode', () => {
    configureFailpoints('after-apply-before-ack:throw')
    expect(() => failpoint('after-apply-before-ack')).toThrow(expect.objectContaining({ code: 'ERR_INTERNAL', message: 'failpoint after-apply-before-ack' }))
    expect(() => failpoint('after-apply-before-ack')).toThrow(/failpoint after-apply-before-ack/)
    expect(failpointHits('after-apply-before-ack')).toBe(2)
  })

  it('fires only on the nth hit in the count form, and counts the others', () => {
    configureFailpoints('before-timer-complete:throw@2')
    failpoint('before-timer-complete')
    expect(() => failpoint('before-timer-complete')).toThrow(/failpoint before-timer-complete/)
    failpoint('before-timer-complete')
    failpoint('after-append-before-response')
    expect(failpointHits('before-timer-complete')).toBe(3)
    expect(failpointHits('after-append-before-response')).toBe(1)
  })
})

describe('failpoint exit mode', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
    dir = undefined
  })

  /** Runs a script that reaches the failpoint three times, printing after each hit it survives. */
  async function runChild(spec: string) {
    dir = await mkdtemp(join(tmpdir(), 'cartwire-failpoint-'))
    const script = join(dir, 'crash.mjs')
    const log = join(dir, 'failpoints.log')
    await writeFile(
      script,
      `const { failpoint } = await import(${JSON.stringify(failpointsModule)})\n` +
        `for (const n of [1, 2, 3]) { failpoint('after-action-before-commit'); process.stdout.write('survived ' + n + '\\n') }\n`,
    )
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { ...process.env, CARTWIRE_FAILPOINTS: spec, CARTWIRE_FAILPOINTS_LOG: log },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])))
    const logText = await readFile(log, 'utf8').catch(() => '')
    return { code, signal, stdout, stderr, logText }
  }

  it('kills the process with SIGKILL after logging the failpoint', async () => {
    const result = await runChild('after-action-before-commit:exit')
    expect(result.stderr).toBe('')
    expect(result.signal).toBe('SIGKILL')
    expect(result.logText).toBe('after-action-before-commit\n')
    expect(result.stdout).toBe('')
  })

  it('crashes on the nth hit in the count form', async () => {
    const result = await runChild('after-action-before-commit:exit@2')
    expect(result.signal).toBe('SIGKILL')
    expect(result.logText).toBe('after-action-before-commit\n')
    expect(result.stdout).toBe('survived 1\n')
  })
})
