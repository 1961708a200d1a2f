import { afterEach, describe, expect, it } from 'vitest'
import { LeakyGate } from '../../plugins/shopify/rate-limit.js'
import { FakeShopify } from '../fakes/shopify/server.js'
import { connectShopify } from '../support/shopify-harness.js'

describe('Shopify rate limiting against the fake', () => {
  let fake: FakeShopify
  let conn: Awaited<ReturnType<typeof connectShopify>> | undefined
  afterEach(async () => {
    await conn?.close()
    await fake?.stop()
  })

  async function setup(plan: ConstructorParameters<typeof FakeShopify>[0] = {}, options: Record<string, unknown> = {}) {
    fake = await new FakeShopify(plan).start()
    conn = await connectShopify(fake, options)
    const order = fake.state.addOrder({ total: '10.00', lines: [] }, { silent: true })
    return String(order.id)
  }

  const calls = (target: string) => fake.calls.filter((c) => c.target === target).map((c) => (c.limited ? 429 : 200))

  it('a REST 429 with Retry-After is waited out and the call succeeds', async () => {
    const id = await setup()
    fake.inject({ target: `rest:orders/${id}.json`, status: 429, retryAfter: '0.05', times: 2 })
    expect(await conn!.instance.fetch!({ kind: 'order', id })).toMatchObject({ kind: 'order', entity: { id } })
    expect(calls(`rest:orders/${id}.json`)).toEqual([429, 429, 200])
  })

  it('a REST 429 without Retry-After (resource-specific limits) still backs off and succeeds', async () => {
    const id = await setup({ plan: { rest: { leakPerSecond: 200 } } }, { restLeakPerSecond: 200 })
    fake.inject({ target: `rest:orders/${id}.json`, status: 429, times: 3 })
    expect(await conn!.instance.fetch!({ kind: 'order', id })).toMatchObject({ kind: 'order' })
    expect(calls(`rest:orders/${id}.json`)).toEqual([429, 429, 429, 200])
  })

  it('a REST call refused eight times surfaces ERR_RATE_LIMITED (retryable) with the wait', async () => {
    const id = await setup({ plan: { rest: { leakPerSecond: 1000 } } }, { restLeakPerSecond: 1000 })
    fake.inject({ target: `rest:orders/${id}.json`, status: 429, retryAfter: '0.001', times: 8 })
    await expect(conn!.instance.fetch!({ kind: 'order', id })).rejects.toMatchObject({ code: 'ERR_RATE_LIMITED', retryable: true, retryAfterMs: 1 })
  })

  it('a read whose kept-alive connection was reset is sent once more; a write is left to the core', async () => {
    const id = await setup()
    fake.inject({ target: `rest:orders/${id}.json`, reset: true, times: 1 })
    expect(await conn!.instance.fetch!({ kind: 'order', id })).toMatchObject({ kind: 'order', entity: { id } })
    fake.inject({ target: 'rest:webhooks.json', method: 'GET', reset: true, times: 1 })
    fake.inject({ target: 'rest:webhooks.json', method: 'POST', reset: true, times: 1 })
    const synced = await conn!.instance.subscriptions!.sync('https://hooks.example.com')
    expect(synced.problems).toEqual([expect.stringMatching(/^orders\/create: .*(closed|reset|socket)/i)])
    expect(synced.created).not.toContain('orders/create')
    expect(fake.state.subscriptions.map((w) => w.topic)).not.toContain('orders/create')
  })

  it('a full REST bucket (the fake\'s own leaky bucket) is waited for, not failed', async () => {
    const id = await setup({ plan: { rest: { size: 5, leakPerSecond: 50, retryAfter: false } } }, { restLeakPerSecond: 50 })
    fake.rest.fill()
    const results = await Promise.all(Array.from({ length: 12 }, () => conn!.instance.fetch!({ kind: 'order', id })))
    expect(results.every((r) => 'entity' in r)).toBe(true)
  })

  it('GraphQL THROTTLED (injected, then a drained cost bucket) is retried after the restore time', async () => {
    await setup({ plan: { graphql: { max: 1000, restorePerSecond: 2000 } } })
    const product = fake.state.addProduct({ title: 'Mug', variants: [{ sku: 'MUG', price: '12.00' }] }, { silent: true })
    fake.inject({ target: 'graphql:CartwireProduct', throttled: true, times: 1 })
    expect(await conn!.instance.fetch!({ kind: 'product', id: product.id })).toMatchObject({ kind: 'product', entity: { id: product.id } })
    fake.graphql.drain()
    expect(await conn!.instance.fetch!({ kind: 'product', id: product.id })).toMatchObject({ kind: 'product' })
    const productCalls = fake.calls.filter((c) => c.target === 'graphql:CartwireProduct').map((c) => c.limited)
    expect(productCalls[0]).toBe(true)
    expect(productCalls.at(-1)).toBe(false)
  })
})

describe('LeakyGate (client side of a Shopify bucket)', () => {
  function gate(capacity = 10, intakeReserve = 0.3) {
    let now = 0
    const g = new LeakyGate({ capacity, leakPerSecond: 1, intakeReserve, now: () => now })
    return { g, advance: (ms: number) => (now += ms) }
  }

  it('actions stop at capacity × (1 − reserve); intake still gets the rest at once', async () => {
    const { g } = gate()
    const granted: string[] = []
    for (let i = 0; i < 8; i++) void g.acquire('action', 1).then(() => granted.push(`a${i}`))
    await Promise.resolve()
    await Promise.resolve()
    expect(granted).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6'])
    await g.acquire('poll', 3)
    expect(g.used).toBe(10)
  })

  it('queued intake is served before queued actions when capacity frees', async () => {
    const { g, advance } = gate(4, 0)
    const order: string[] = []
    const tickets = await Promise.all([g.acquire('action', 1), g.acquire('action', 1), g.acquire('action', 1), g.acquire('action', 1)])
    const waiting = [g.acquire('action', 1).then(() => order.push('action')), g.acquire('poll', 1).then(() => order.push('poll')), g.acquire('fetch', 1).then(() => order.push('fetch'))]
    advance(3000)
    for (const t of tickets) g.settle(t)
    await Promise.all(waiting)
    expect(order).toEqual(['poll', 'fetch', 'action'])
  })

  it('follows the server: the reported level plus what is still in flight', async () => {
    const { g } = gate(40, 0)
    const a = await g.acquire('poll', 1)
    await g.acquire('poll', 1)
    g.settle(a, 32, 80)
    expect(g.capacity).toBe(80)
    expect(g.used).toBe(33)
  })
})
