import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ConnectorFixture, FakePlatform } from '../../core/connector-kit/fixture.js'
import type { Order, ResourceKind } from '../../core/sdk/entities.js'
import { makeOrder } from '../support/entities.js'
import { TestcartServer } from './testcart-server.js'

/**
 * The conformance fixture for the testcart connector (test/support/testcart-connector.ts) over its fake
 * (testcart-server.ts), which it wraps without changing: the connector talks to a small proxy in front
 * of the fake, and the proxy plays the merchant who edits orders while a poll walk runs — right after
 * it has passed on a walk's first page (a `GET /orders` without `after_id`).
 */
const WRONG_SECRET = 'not-the-testcart-secret'

/** Orders the merchant has, each open, paid and unfulfilled, one second apart on the platform clock. */
function seedOrders(server: TestcartServer, count: number, next: { n: number }): string[] {
  return Array.from({ length: count }, () => {
    const n = next.n++
    server.now += 1000
    const at = new Date(server.now).toISOString()
    return server.put(makeOrder({ id: `kit-order-${String(n).padStart(5, '0')}`, number: String(n), tags: [], note: null, fulfillments: [], createdAt: at, updatedAt: at })).id
  })
}

/** A merchant's edit: the `staff-checked` tag toggled, one second later on the platform clock. */
function touchOrder(server: TestcartServer, id: string): void {
  const order = server.orders.get(id)
  if (!order) throw new Error(`testcart has no order ${id}`)
  server.now = Math.max(server.now, Date.parse(order.updatedAt)) + 1000
  order.tags = order.tags.includes('staff-checked') ? order.tags.filter((t) => t !== 'staff-checked') : [...order.tags, 'staff-checked']
  order.updatedAt = new Date(Math.floor(server.now / 1000) * 1000).toISOString()
}

/** Forwards every request to the fake; after passing on a walk's first page, runs `afterFirstPage`. */
async function startProxy(target: TestcartServer, afterFirstPage: () => void): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'content-length').map(([k, v]) => [k, String(v)]))
    const answer = await fetch(`${target.url}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
    const body = Buffer.from(await answer.arrayBuffer())
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json', date: answer.headers.get('date') ?? new Date().toUTCString() })
    res.end(body)
    const url = new URL(req.url ?? '/', 'http://x')
    if (req.method === 'GET' && url.pathname === '/orders' && !url.searchParams.get('after_id')) afterFirstPage()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

function orderOf(server: TestcartServer, id: string): Order {
  const order = server.orders.get(id)
  if (!order) throw new Error(`testcart has no order ${id}`)
  return order
}

export const testcartFixture: ConnectorFixture = {
  async start() {
    const server = await new TestcartServer().start()
    const next = { n: 1 }
    let pending: string[] = []
    const proxy = await startProxy(server, () => {
      for (const id of pending) touchOrder(server, id)
      pending = []
    })
    const onlyOrders = (kind: ResourceKind) => {
      if (kind !== 'order') throw new Error(`testcart has no ${kind}`)
    }
    const platform: FakePlatform = {
      kinds: ['order'],
      async seed(kind, count) {
        onlyOrders(kind)
        return seedOrders(server, count, next)
      },
      async touch(kind, id) {
        onlyOrders(kind)
        touchOrder(server, id)
      },
      async webhook(kind, id) {
        onlyOrders(kind)
        return server.webhook('orders/updated', orderOf(server, id))
      },
      async webhookWithWrongSecret(kind, id) {
        onlyOrders(kind)
        return server.webhook('orders/updated', orderOf(server, id), { secret: WRONG_SECRET })
      },
      async thinWebhook(kind, id) {
        onlyOrders(kind)
        return server.webhook('orders/thin', { id })
      },
      async remove(kind, id) {
        onlyOrders(kind)
        server.orders.delete(id)
      },
      modifyDuringNextWalk(kind, ids) {
        onlyOrders(kind)
        pending = [...ids]
      },
      capabilities: {
        'order.addTags': { kind: 'order', params: (id) => ({ orderId: id, tags: ['kit-tag'] }), effectCount: async (id) => orderOf(server, id).tags.filter((t) => t === 'kit-tag').length, state: async (id) => orderOf(server, id).tags },
        'order.setStatus': { kind: 'order', params: (id) => ({ orderId: id, status: 'on_hold' }), effectCount: async (id) => (orderOf(server, id).status === 'on_hold' ? 1 : 0), state: async (id) => orderOf(server, id).status },
        'order.addNote': { kind: 'order', params: (id) => ({ orderId: id, note: 'kit note' }), effectCount: async (id) => (server.notes.get(id) ?? []).filter((n) => n.includes('kit note')).length },
        'fulfillment.create': { kind: 'order', params: (id) => ({ orderId: id, trackingNumber: 'KIT-TRACK-1' }), effectCount: async (id) => orderOf(server, id).fulfillments.length },
      },
      async stop() {
        await new Promise<void>((resolve) => proxy.server.close(() => resolve()))
        await server.stop()
      },
    }
    return { platform, options: { baseUrl: proxy.url, webhookSecret: server.secret } }
  },
}
