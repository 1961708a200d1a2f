import { describe, expect, it } from 'vitest'
import { apply, claimAll, CONNECTION, eventIdOf, failure, iso, order, reserveInput, snap, T0, type OpenStore } from './stubs.js'
import { freshStore } from './harness.js'

const DAY = 86_400_000

export function pruneCases(open: OpenStore): void {
  describe('retention', () => {
    const store = freshStore(open)

    it("prunes old finished history but keeps each resource's latest state and what open exceptions and waiting runs reference", async () => {
      const deliveries = await store().appendDeliveries([
        { connection: CONNECTION, source: 'webhook', receivedAt: iso(T0), headers: {}, body: 'done' },
        { connection: CONNECTION, source: 'webhook', receivedAt: iso(T0), headers: {}, body: 'pending' },
      ])
      const items = [snap(order('o1', T0)), snap(order('o1', T0 + 1)), snap(order('o1', T0 + 2)), snap(order('o2', T0)), snap(order('o3', T0)), snap(order('o4', T0))]
      await apply(store(), items, { ack: [deliveries[0].seq] })
      const [o1v1, o1v2, o1v3, o2, o3, o4] = await store().listRuns()

      const tokens = await claimAll(store())
      await store().reserveStep(reserveInput(o1v1, tokens[o1v1.id], T0))
      await store().commitStep({ key: `key:${o1v1.id}:tag`, runId: o1v1.id, token: tokens[o1v1.id], now: T0, outcome: { state: 'done', result: null }, run: { state: 'done' } })
      await store().reserveStep(reserveInput(o2, tokens[o2.id], T0))
      await store().commitStep({
        key: `key:${o2.id}:tag`, runId: o2.id, token: tokens[o2.id], now: T0, run: { state: 'suspended' },
        outcome: { state: 'failed', error: failure(), exception: { kind: 'step', code: 'ERR_UPSTREAM_REJECTED', error: failure(), eventId: o2.eventId, now: T0 } },
      })
      await store().updateRun(o3.id, tokens[o3.id], { state: 'waiting', timer: { id: 'wake', kind: 'wait', dueAt: T0 + 365 * DAY } })
      // o4's run is over, but an open policy exception still names its event
      await store().updateRun(o4.id, tokens[o4.id], { state: 'done' })
      await store().recordException({ kind: 'policy', code: 'ERR_LOOP', error: failure(), eventId: o4.eventId, now: T0 })
      for (const run of [o1v2, o1v3]) {
        const next = await claimAll(store(), T0 + 1)
        await store().updateRun(run.id, next[run.id], { state: 'done' })
      }

      const input = { now: T0 + 100 * DAY, eventsBefore: T0 + DAY, ledgerBefore: T0 + DAY }
      expect(await store().prune(input)).toEqual({ events: 3, versions: 2, ledger: 1, deliveries: 1 })
      expect((await store().listEvents()).map((e) => e.id)).toEqual([eventIdOf('o2', 1), eventIdOf('o3', 1), eventIdOf('o4', 1)])
      expect(await store().getRun(o4.id)).toMatchObject({ state: 'done' })
      expect(await store().getRun(o1v1.id)).toBeUndefined()
      expect(await store().getResource(CONNECTION, 'order', 'o1')).toMatchObject({ versionSeq: 3, entity: order('o1', T0 + 2) })
      expect(await store().getVersion(CONNECTION, 'order', 'o1', 1)).toBeUndefined()
      expect(await store().getVersion(CONNECTION, 'order', 'o1', 3)).toEqual(order('o1', T0 + 2))
      expect((await store().getEvent(eventIdOf('o3', 1)))?.data).toEqual(order('o3', T0))
      expect(await store().getRun(o3.id)).toMatchObject({ state: 'waiting' })
      expect(await store().getLedgerEntry(`key:${o2.id}:tag`)).toMatchObject({ state: 'failed' })
      expect(await store().getDelivery(deliveries[0].seq)).toBeUndefined()
      expect((await store().getDelivery(deliveries[1].seq))?.state).toBe('pending')
      expect(await store().prune(input)).toEqual({ events: 0, versions: 0, ledger: 0, deliveries: 0 })
    })
  })
}
