import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { validateEntity } from '../../core/model/schemas.js'
import type { Order } from '../../core/sdk/index.js'
import type { Change, SandboxData } from '../../plugins/sandbox/internal.js'
import { perTest, setupSandbox } from './support.js'

const t = perTest()

/** `ticks` generator ticks ten seconds apart on the manual clock; returns the changes and the store. */
async function generate(ticks: number, options: Record<string, unknown> = {}) {
  const s = await setupSandbox({ dataDir: t.dir(), options })
  const changes: Change[] = []
  for (let i = 0; i < ticks; i++) {
    changes.push(...s.rt.tick())
    s.clock.advance(10_000)
  }
  const data = s.rt.read()
  await s.close()
  return { changes, data }
}

/** The store without its outbox, whose delivery ids are random on purpose (they must never repeat). */
const store = ({ outbox: _outbox, ...rest }: SandboxData) => rest

describe('sandbox generator', () => {
  it('produces the same store from the same seed and clock, and another from another seed', async () => {
    const a = await generate(40, { seed: 7 })
    const b = await generate(40, { seed: 7 })
    const c = await generate(40, { seed: 8 })
    expect(store(b.data)).toEqual(store(a.data))
    expect(b.changes.map((ch) => `${ch.topic} ${ch.id} ${ch.at}`)).toEqual(a.changes.map((ch) => `${ch.topic} ${ch.id} ${ch.at}`))
    expect(c.data.orders).not.toEqual(a.data.orders)
  })

  it('generates orders and their life: payments, partial and full shipments, deliveries, cancellations, refunds, stock and customers', async () => {
    const { changes, data } = await generate(200)
    const topics = new Set(changes.map((c) => c.topic))
    for (const topic of ['orders/create', 'orders/paid', 'orders/partially_fulfilled', 'orders/fulfilled', 'fulfillments/update', 'orders/updated', 'orders/cancelled', 'refunds/create', 'inventory_levels/update', 'customers/create', 'customers/update', 'products/update']) {
      expect(topics, topic).toContain(topic)
    }
    const orders = changes.filter((c) => c.topic === 'orders/create').map((c) => c.entity as Order)
    expect(orders.every((o) => o.currency === 'EUR' && o.lines.length >= 1 && o.lines.length <= 4)).toBe(true)
    expect(orders.some((o) => Number(o.totalPrice.amount) >= 500), 'some large orders').toBe(true)
    expect(orders.some((o) => o.customer?.tags.includes('vip')), 'vip customers').toBe(true)
    expect(orders.some((o) => o.customer?.tags.includes('wholesale')), 'wholesale customers').toBe(true)
    expect(orders.some((o) => o.customer?.id === null), 'guests').toBe(true)
    expect(new Set(data.orders.map((o) => o.financialStatus))).toEqual(new Set(['pending', 'paid', 'partially_refunded', 'refunded', 'voided']))
  })

  it('announces every change as a schema-valid entity whose updatedAt (ISO UTC, ms) moves strictly forward', async () => {
    const { changes } = await generate(100)
    const last = new Map<string, number>()
    for (const change of changes) {
      const entity = change.entity!
      expect(validateEntity(change.kind, entity), `${change.topic} ${change.id}`).toEqual([])
      expect(entity.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      const key = `${change.kind}:${change.id}`
      const at = Date.parse(entity.updatedAt)
      // one change may be announced under two topics (orders/create + orders/paid): same version then
      expect(at, `${change.topic} ${key}`).toBeGreaterThanOrEqual(last.get(key) ?? -Infinity)
      if (last.get(key) === at) expect(change.topic).not.toBe('orders/create')
      last.set(key, at)
    }
  })

  it('keeps at most historyLimit orders, the newest', async () => {
    const { data } = await generate(30, { historyLimit: 10 })
    expect(data.orders).toHaveLength(10)
    expect(data.orders.at(-1)!.number).toBe(String(data.next.order - 1))
  })

  it('setup alone neither creates the data folder nor generates anything', async () => {
    const dataDir = `${t.dir()}/not-yet`
    const s = await setupSandbox({ dataDir, options: { ordersPerMinute: 600 } })
    await s.close()
    expect(existsSync(dataDir)).toBe(false)
  })
})
