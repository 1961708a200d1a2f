import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../../core/store/open.js'
import { makeOrder } from '../support/entities.js'
import { serveAdmin } from './admin-daemon.js'
import { createCliProject, type CliProject } from './cli-project.js'
import { engineOver, NOTE_RULE } from './engine-fixture.js'

const TAG_RULE = { id: 'tag-paid', on: ['order.paid'], enabled: false, then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['paid'] } }] }

/** What a daemon started later does with a paid order: which rules it skipped as paused, how many runs it made. */
async function laterEngineSees(project: CliProject) {
  const h = await engineOver(project, [NOTE_RULE, TAG_RULE])
  try {
    const paused = [...h.engine.rt.paused]
    await h.deliver('orders/paid', h.platform.put(makeOrder()))
    await h.settle()
    const [event] = await h.eventsOf('order.paid')
    return { paused, skipped: event.trace.skipped, runs: (await h.store.listRuns({})).length }
  } finally {
    await h.closeAll()
  }
}

describe('cartwire rules', () => {
  let project: CliProject
  afterEach(async () => project.close())

  it('pause without a daemon is kept in the store: a daemon started later skips the rule; resume undoes it', async () => {
    project = await createCliProject({ rules: [NOTE_RULE, TAG_RULE] })
    const paused = await project.cli('rules', 'pause', 'large-order-note')
    expect(paused).toEqual({ code: 0, out: ['rule large-order-note: paused'], err: [] })
    expect((await project.cli('rules', 'pause', 'large-order-note')).out).toEqual(['rule large-order-note: already paused'])
    // a connection's baseline is its first daemon start, not the first CLI command (SEMANTICS.md §2)
    const store = await openStore({ driver: 'sqlite', path: project.storePath }, { readonly: true })
    expect(await store.getConnection('shop')).toBeUndefined()
    await store.close()
    expect(await laterEngineSees(project)).toMatchObject({ paused: ['large-order-note'], skipped: expect.arrayContaining([{ rule: 'large-order-note', reason: 'paused' }]), runs: 0 })

    expect((await project.cli('rules', 'resume', 'large-order-note')).out).toEqual(['rule large-order-note: resumed'])
    const after = await engineOver(project, [NOTE_RULE])
    expect([...after.engine.rt.paused]).toEqual([])
    await after.closeAll()
  })

  it('pause through a running daemon changes its live state and is kept for the next start', async () => {
    project = await createCliProject({ rules: [NOTE_RULE, TAG_RULE] })
    const h = await engineOver(project, [NOTE_RULE, TAG_RULE])
    const admin = await serveAdmin(h.engine, project, { token: 'rules-test-token-0123456789' })
    try {
      expect((await project.cli('rules', 'pause', 'large-order-note')).out).toEqual(['rule large-order-note: paused'])
      expect(h.engine.rt.paused.has('large-order-note')).toBe(true)
      expect(admin.requests).toBeGreaterThan(0)
    } finally {
      await admin.close()
      await h.closeAll()
    }
    expect((await laterEngineSees(project)).paused).toEqual(['large-order-note'])
  })

  it('list shows id, triggers, enabled, paused and file, as a table or JSON', async () => {
    project = await createCliProject({ rules: [NOTE_RULE, TAG_RULE] })
    await project.cli('rules', 'pause', 'large-order-note')
    const { code, out } = await project.cli('rules', 'list')
    expect(code).toBe(0)
    expect(out[0]).toMatch(/^ID\s+ON\s+ENABLED\s+PAUSED\s+FILE$/)
    expect(out[1]).toMatch(/^large-order-note\s+order\.paid\s+yes\s+yes\s+\S+large-order-note\.json$/)
    expect(out[2]).toMatch(/^tag-paid\s+order\.paid\s+no\s+no\s+\S+tag-paid\.json$/)
    const { rules } = JSON.parse((await project.cli('rules', 'list', '--json')).out.join('\n'))
    expect(rules).toEqual([
      expect.objectContaining({ id: 'large-order-note', on: ['order.paid'], enabled: true, paused: true, valid: true }),
      expect.objectContaining({ id: 'tag-paid', enabled: false, paused: false }),
    ])
  })

  it('pausing a rule that does not exist is refused, with the closest id offered', async () => {
    project = await createCliProject({ rules: [NOTE_RULE] })
    const { code, err } = await project.cli('rules', 'pause', 'large-order-nte')
    expect(code).toBe(2)
    expect(err).toEqual([expect.stringMatching(/^cartwire rules pause: no rule "large-order-nte" in \S+ \(did you mean "large-order-note"\?\) \[ERR_RULE\]$/)])
  })
})
