import { describe, expect, it } from 'vitest'
import type { Store } from '../contract.js'
import { LEASE, type OpenStore } from './stubs.js'

/**
 * What a driver's previous-schema fixture holds (test/fixtures/store/<driver>-v0.*): a store written by
 * the schema before the current one, with
 * - connection `fixture-shop` (baselineAt 2026-01-01T00:00:00Z, cursor `{ since: '2026-01-01T00:00:00Z' }`);
 * - delivery 1 (done, dedupe `shopify:webhook:fx-1`) and delivery 2 (pending, dedupe `shopify:webhook:fx-2`);
 * - order `1001` at version 2 (tags `['vip']`), version 1 before it (tags `[]`);
 * - events `fx-ev-created` (version 1) and `fx-ev-updated` (version 2, previous 1, changes `['tags']`);
 * - run `fx-ev-updated:tag-vip`, waiting at cursor `settle` on timer `wait:fx-ev-updated:tag-vip:settle`
 *   (due 2026-01-01T01:30:00Z, token 0);
 * - ledger row `fx-key-flag` of that run, done with result `{ ok: true }`.
 * The previous schema lacked the ledger's recorded effect and the run's trigger version; the migration
 * fills them (effect null, triggerSeq = the event's version).
 */
export const FIXTURE_TIMER_DUE = Date.parse('2026-01-01T01:30:00Z')

export function migrationCases(open: OpenStore, migrationFixture: () => Promise<Store>): void {
  describe('migration', () => {
    it('opens a store of the previous schema version at the current version with its data readable and usable', async () => {
      const fresh = await open()
      const current = await fresh.schemaVersion()
      await fresh.close()
      const store = await migrationFixture()
      try {
        expect(await store.schemaVersion()).toBe(current)
        expect(await store.getConnection('fixture-shop')).toMatchObject({ cursor: { since: '2026-01-01T00:00:00Z' } })
        expect(await store.getDelivery(2)).toMatchObject({ state: 'pending', connection: 'fixture-shop' })
        const [dup] = await store.appendDeliveries([
          { connection: 'fixture-shop', source: 'webhook', receivedAt: '2026-01-02T00:00:00Z', headers: {}, body: '{}', dedupeKey: 'shopify:webhook:fx-2' },
        ])
        expect(dup).toEqual({ seq: 2, duplicate: true })
        expect(await store.getResource('fixture-shop', 'order', '1001')).toMatchObject({ versionSeq: 2, entity: { id: '1001', tags: ['vip'] } })
        expect(await store.getEvent('fx-ev-updated')).toMatchObject({ versionSeq: 2, previousSeq: 1, changes: ['tags'], data: { id: '1001', tags: ['vip'] } })
        expect(await store.getRun('fx-ev-updated:tag-vip')).toMatchObject({ state: 'waiting', cursor: 'settle', triggerSeq: 2 })
        expect(await store.getLedgerEntry('fx-key-flag')).toMatchObject({ state: 'done', result: { ok: true }, effect: null })

        const [timer] = await store.claimDueTimers('w', FIXTURE_TIMER_DUE, LEASE, 10)
        expect(timer).toMatchObject({ id: 'wait:fx-ev-updated:tag-vip:settle', runId: 'fx-ev-updated:tag-vip', token: 1 })
        await store.completeTimer(timer.id, timer.token, { runId: 'fx-ev-updated:tag-vip', change: { state: 'queued' } })
        const [claimed] = await store.claimWork('w', FIXTURE_TIMER_DUE, LEASE, 10)
        expect(claimed.run).toMatchObject({ id: 'fx-ev-updated:tag-vip', state: 'running', cursor: 'settle', triggerSeq: 2 })
      } finally {
        await store.close()
      }
    })
  })
}
