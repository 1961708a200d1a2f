import { describe, expect, it } from 'vitest'
import type { NewDelivery } from '../contract.js'
import { CONNECTION, iso, order, snap, apply, T0, type OpenStore } from './stubs.js'
import { freshStore } from './harness.js'

const delivery = (body: string, dedupeKey?: string, headers: Record<string, string> = {}): NewDelivery => ({
  connection: CONNECTION, source: 'webhook', receivedAt: iso(T0), headers, body, ...(dedupeKey !== undefined && { dedupeKey }),
})

export function intakeCases(open: OpenStore): void {
  describe('connections and intake', () => {
    const store = freshStore(open)

    it('records a connection baseline at first start and keeps it on later starts', async () => {
      const first = await store().ensureConnection('new-shop', T0)
      expect(first).toEqual({ id: 'new-shop', baselineAt: T0, cursor: null, cursorAt: null })
      const again = await store().ensureConnection('new-shop', T0 + 5_000)
      expect(again.baselineAt).toBe(T0)
      expect(await store().getConnection('new-shop')).toEqual(first)
      expect(await store().getConnection('unknown')).toBeUndefined()
    })

    it('drops a delivery whose dedupe key was seen, also earlier in the same batch', async () => {
      const batch = await store().appendDeliveries([delivery('a', 'k1'), delivery('b', 'k2'), delivery('c', 'k1'), delivery('d')])
      expect(batch.map((r) => r.duplicate)).toEqual([false, false, true, false])
      expect(batch[2].seq).toBe(batch[0].seq)
      const later = await store().appendDeliveries([delivery('b again', 'k2')])
      expect(later).toEqual([{ seq: batch[1].seq, duplicate: true }])
      expect((await store().counts()).deliveries.pending).toBe(3)
      expect((await store().getDelivery(batch[0].seq))?.body).toBe('a')
    })

    it('never stores the authorization header and keeps the raw body', async () => {
      const body = '{"id": 1,  "odd spacing": true}'
      const [appended] = await store().appendDeliveries([delivery(body, undefined, { Authorization: 'Bearer secret', 'x-shopify-topic': 'orders/paid' })])
      const stored = await store().getDelivery(appended.seq)
      expect(stored).toMatchObject({ seq: appended.seq, connection: CONNECTION, source: 'webhook', body, state: 'pending' })
      expect(stored?.headers).toEqual({ 'x-shopify-topic': 'orders/paid' })
    })

    it('stores each poll page as one delivery and moves the cursor only with the final page', async () => {
      const items = [snap(order('o1', T0))]
      const page1 = await store().applyPollPage({ connection: CONNECTION, receivedAt: iso(T0), items })
      expect((await store().getConnection(CONNECTION))?.cursor).toBeNull()
      const stored = await store().getDelivery(page1.seq)
      expect(stored).toMatchObject({ source: 'poll', headers: {}, state: 'pending' })
      expect(JSON.parse(stored?.body ?? '')).toEqual({ decoded: items })
      await store().applyPollPage({ connection: CONNECTION, receivedAt: iso(T0 + 1_000), items: [], cursor: { since: '2026-03-01T11:55:00Z' } })
      expect(await store().getConnection(CONNECTION)).toMatchObject({ cursor: { since: '2026-03-01T11:55:00Z' }, cursorAt: T0 + 1_000 })
    })

    it('leases pending deliveries in seq order and hands them out again only after the lease expires', async () => {
      const seqs = (await store().appendDeliveries([delivery('1'), delivery('2'), delivery('3')])).map((r) => r.seq)
      expect((await store().claimDeliveries('w1', T0, 1_000, 2)).map((d) => d.seq)).toEqual(seqs.slice(0, 2))
      expect((await store().claimDeliveries('w2', T0, 1_000, 10)).map((d) => d.seq)).toEqual([seqs[2]])
      expect(await store().claimDeliveries('w2', T0 + 500, 1_000, 10)).toEqual([])
      await apply(store(), [], { ack: [seqs[0]] })
      expect((await store().claimDeliveries('w3', T0 + 1_001, 1_000, 10)).map((d) => d.seq)).toEqual(seqs.slice(1))
      expect((await store().getDelivery(seqs[0]))?.state).toBe('done')
    })
  })
}
