import { describe, expect, it } from 'vitest'
import { apply, CONNECTION, eventIdOf, iso, order, snap, T0, type OpenStore } from './stubs.js'

export function durabilityCases(open: OpenStore, reopen: OpenStore): void {
  describe('durability', () => {
    it('keeps every acknowledged write across close and reopen', async () => {
      const store = await open()
      await store.ensureConnection(CONNECTION, T0)
      const [{ seq }] = await store.appendDeliveries([{ connection: CONNECTION, source: 'webhook', receivedAt: iso(T0), headers: {}, body: 'x', dedupeKey: 'k' }])
      await apply(store, [snap(order('o1', T0))], { ack: [seq] })
      const counts = await store.counts()
      await store.close()
      const again = await reopen()
      try {
        expect(await again.counts()).toEqual(counts)
        expect((await again.getEvent(eventIdOf('o1', 1)))?.data).toEqual(order('o1', T0))
        expect(await again.appendDeliveries([{ connection: CONNECTION, source: 'webhook', receivedAt: iso(T0), headers: {}, body: 'x', dedupeKey: 'k' }])).toEqual([
          { seq, duplicate: true },
        ])
      } finally {
        await again.close()
      }
    })
  })
}
