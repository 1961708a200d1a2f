import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../../core/store/contract.js'
import { openStore } from '../../core/store/open.js'
import type { Harness } from '../support/harness.js'
import { serveAdmin, type AdminDaemon } from './admin-daemon.js'
import { createCliProject, type CliProject } from './cli-project.js'
import { engineOver, NOTE_RULE, recordFailedNote } from './engine-fixture.js'

const TOKEN = 'cli-test-token-0123456789'

describe.each(['store', 'daemon'] as const)('cartwire exceptions, through the %s', (via) => {
  let project: CliProject
  let id: string
  let daemon: { h: Harness & { closeAll(): Promise<void> }; admin: AdminDaemon } | undefined

  beforeEach(async () => {
    project = await createCliProject({ rules: [NOTE_RULE] })
    id = await recordFailedNote(project)
    if (via === 'daemon') {
      const h = await engineOver(project)
      daemon = { h, admin: await serveAdmin(h.engine, project, { token: TOKEN }) }
    }
  })
  afterEach(async () => {
    if (daemon) {
      // every command of these tests asked the daemon: with its lock held, the store path could not write
      expect(daemon.admin.requests).toBeGreaterThan(0)
      await daemon.admin.close()
      await daemon.h.closeAll()
      daemon = undefined
    }
    await project.close()
  })

  /** The store as it is now: the daemon's own, or opened read-only beside no daemon. */
  async function inspect<T>(read: (store: Store) => Promise<T>): Promise<T> {
    if (daemon) return read(daemon.h.store)
    const store = await openStore({ driver: 'sqlite', path: project.storePath }, { readonly: true })
    try {
      return await read(store)
    } finally {
      await store.close()
    }
  }

  /** Runs the engine until quiet: the daemon's, or a daemon started after the command. */
  async function runEngine(): Promise<void> {
    if (daemon) return void (await daemon.h.settle())
    const h = await engineOver(project)
    await h.settle()
    await h.closeAll()
  }

  it('list prints the open exception as a row: id, kind, code, rule/step, resource, age, message', async () => {
    const { code, out } = await project.cli('exceptions', 'list')
    expect(code).toBe(0)
    expect(out[0]).toMatch(/^ID\s+KIND\s+CODE\s+RULE\/STEP\s+RESOURCE\s+AGE\s+MESSAGE$/)
    expect(out).toHaveLength(2)
    expect(out[1]).toMatch(new RegExp(`^${id}\\s+step\\s+ERR_UPSTREAM_REJECTED\\s+large-order-note/flag\\s+shop order order-1001\\s+\\d+[smhd]\\s+\\S`))
    expect((await project.cli('exceptions', 'list', '--state', 'resolved')).out).toEqual(['no resolved exceptions'])
  })

  it('list --json gives the records', async () => {
    const { code, out } = await project.cli('exceptions', 'list', '--json', '--kind', 'step')
    expect(code).toBe(0)
    const { exceptions } = JSON.parse(out.join('\n'))
    expect(exceptions).toEqual([expect.objectContaining({ id, kind: 'step', code: 'ERR_UPSTREAM_REJECTED', state: 'open', ruleId: 'large-order-note', stepId: 'flag' })])
  })

  it('show prints the error, params, event, ledger row and later events', async () => {
    const { code, out } = await project.cli('exceptions', 'show', id)
    expect(code).toBe(0)
    const text = out.join('\n')
    expect(out[0]).toBe(`exception  ${id}`)
    expect(text).toMatch(/code\s+ERR_UPSTREAM_REJECTED \(user\)/)
    expect(text).toMatch(/\n {2}type\s+order\.paid from shop/)
    expect(text).toMatch(/\nledger\n {2}key\s+\S+\n {2}state\s+failed/)
    expect(text).toContain('"note": "Large order 1001"')
    expect(text).toMatch(/later events\n {2}none$/)
    const detail = JSON.parse((await project.cli('exceptions', 'show', id, '--json')).out.join('\n'))
    expect(detail).toMatchObject({ exception: { id }, ledger: { state: 'failed', stepId: 'flag' }, event: { type: 'order.paid', source: 'shop' } })
  })

  it('retry --params stores the edited params, and the step then runs with them under the key /edit-1', async () => {
    const file = project.file('params.json', { orderId: 'order-1001', note: 'Reviewed by hand' })
    const { code, out } = await project.cli('exceptions', 'retry', id, '--params', file)
    expect(code).toBe(0)
    expect(out).toEqual([`exception ${id}: retried with edited params`])
    const [exception, ledger] = await inspect(async (store) => {
      const record = (await store.getException(id))!
      return [record, (await store.getLedgerEntry(record.ledgerKey!))!] as const
    })
    expect(exception.state).toBe('retried')
    expect(ledger).toMatchObject({ state: 'pending', editCount: 1, params: { note: 'Reviewed by hand' } })
    await runEngine()
    const notes = project.platform.effectsFor('note')
    expect(notes).toHaveLength(1)
    expect(notes[0].key).toBe(`${ledger.key}/edit-1`)
    expect((notes[0].body as { note: string }).note).toContain('Reviewed by hand')
  })

  it('retry refuses params the action schema rejects, and leaves the exception open', async () => {
    const file = project.file('bad-params.json', { note: 42 })
    const { code, err } = await project.cli('exceptions', 'retry', id, '--params', file)
    expect(code).toBe(2)
    expect(err[0]).toMatch(/^cartwire exceptions retry: .*note.* \[ERR_PARAMS\]$/)
    expect(await inspect(async (store) => (await store.getException(id))!.state)).toBe('open')
  })

  it('skip marks the step skipped and the run continues with the next step', async () => {
    const { code, out } = await project.cli('exceptions', 'skip', id)
    expect(code).toBe(0)
    expect(out).toEqual([`exception ${id}: skipped`])
    await runEngine()
    expect(project.platform.effectsFor('note')).toHaveLength(0)
    expect(project.platform.effectsFor('tags')).toHaveLength(1)
  })

  it('resolve ends the run with the note', async () => {
    const { code, out } = await project.cli('exceptions', 'resolve', id, '--note', 'added the note by hand')
    expect(code).toBe(0)
    expect(out).toEqual([`exception ${id}: resolved`])
    const runs = await inspect((store) => store.listRuns({}))
    expect(runs[0]).toMatchObject({ state: 'ended', outcome: 'resolved: added the note by hand' })
    await runEngine()
    expect(project.platform.effectsFor('tags')).toHaveLength(0)
  })

  it('an unknown id or an exception already closed is refused with one coded line, exit 2', async () => {
    const unknown = await project.cli('exceptions', 'show', 'no-such-id')
    expect(unknown.code).toBe(2)
    expect(unknown.err).toEqual(['cartwire exceptions show: no exception no-such-id [ERR_NOT_FOUND]'])
    expect((await project.cli('exceptions', 'skip', id)).code).toBe(0)
    const again = await project.cli('exceptions', 'skip', id)
    expect(again.code).toBe(2)
    expect(again.err).toEqual([`cartwire exceptions skip: exception ${id} is skipped [ERR_PARAMS]`])
  })
})

describe('cartwire exceptions, one output whichever way', () => {
  let project: CliProject
  afterEach(async () => project.close())

  it('list and show print the same from the store and through a daemon', async () => {
    project = await createCliProject({ rules: [NOTE_RULE] })
    const id = await recordFailedNote(project)
    const direct = [await project.cli('exceptions', 'list'), await project.cli('exceptions', 'show', id)]
    const h = await engineOver(project)
    const admin = await serveAdmin(h.engine, project, { token: TOKEN })
    try {
      const viaDaemon = [await project.cli('exceptions', 'list'), await project.cli('exceptions', 'show', id)]
      expect(admin.requests).toBeGreaterThan(0)
      expect(viaDaemon).toEqual(direct)
    } finally {
      await admin.close()
      await h.closeAll()
    }
  })
})
