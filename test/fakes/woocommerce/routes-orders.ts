import { listCollection } from './listing.js'
import { renderFulfillment, renderNote, renderOrder, renderRefund, type FakeOrder } from './model.js'
import type { FakeResponse, Route, WooFake } from './server.js'

/** /orders, /orders/<id>, its notes, refunds and (WooCommerce 10.1+) fulfillments. */
const STATUSES = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft']

const invalidOrder: FakeResponse = { status: 404, body: { code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } } }
const noRoute: FakeResponse = { status: 404, body: { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } } }

function match(path: string, re: RegExp): RegExpExecArray | null {
  return re.exec(path)
}

function orderOf(fake: WooFake, id: string): FakeOrder | undefined {
  return fake.orders.get(Number(id))
}

export const orderRoutes: Route[] = [
  (fake, req) => {
    if (req.method !== 'GET' || req.path !== '/orders') return undefined
    const wanted = req.query.get('status')
    const statuses = wanted && wanted !== 'any' ? wanted.split(',') : null
    const rows = [...fake.orders.values()].filter((o) => (statuses ? statuses.includes(o.trashed ? 'trash' : o.status) : !o.trashed))
    const { items, headers } = listCollection(rows, req.query, req.selfUrl)
    return { status: 200, body: items.map(renderOrder), headers }
  },
  (fake, req) => {
    const m = match(req.path, /^\/orders\/(\d+)$/)
    if (!m) return undefined
    const order = orderOf(fake, m[1])
    if (!order) return invalidOrder
    if (req.method === 'GET') return { status: 200, body: renderOrder(order) }
    if (req.method !== 'PUT' && req.method !== 'POST' && req.method !== 'PATCH') return undefined
    const status = req.body?.status as string | undefined
    if (status !== undefined) {
      if (!STATUSES.includes(status)) return { status: 400, body: { code: 'rest_invalid_param', message: 'Invalid parameter(s): status', data: { status: 400 } } }
      fake.effects.push({ action: 'status', id: order.id, body: req.body })
      fake.setOrderStatus(order.id, status)
    }
    return { status: 200, body: renderOrder(order) }
  },
  (fake, req) => {
    const m = match(req.path, /^\/orders\/(\d+)\/notes$/)
    if (!m) return undefined
    const order = orderOf(fake, m[1])
    if (!order) return invalidOrder
    if (req.method === 'GET') return { status: 200, body: [...order.notes].reverse().map(renderNote) }
    if (req.method !== 'POST') return undefined
    if (typeof req.body?.note !== 'string' || !req.body.note) return { status: 400, body: { code: 'rest_missing_callback_param', message: 'Missing parameter(s): note', data: { status: 400 } } }
    // a note is a comment on the order: the order itself is not saved, its date_modified stays
    const note = { id: fake.id(), note: req.body.note as string, customerNote: Boolean(req.body.customer_note), createdMs: fake.second() }
    order.notes.push(note)
    fake.effects.push({ action: 'note', id: order.id, body: req.body })
    return { status: 201, body: renderNote(note) }
  },
  (fake, req) => {
    const m = match(req.path, /^\/orders\/(\d+)\/refunds$/)
    if (!m || req.method !== 'GET') return undefined
    const order = orderOf(fake, m[1])
    if (!order) return invalidOrder
    return { status: 200, body: [...order.refunds].reverse().map(renderRefund) }
  },
  (fake, req) => {
    const m = match(req.path, /^\/orders\/(\d+)\/fulfillments$/)
    if (!m) return undefined
    if (!fake.fulfillmentsApi) return noRoute
    const order = orderOf(fake, m[1])
    if (!order) return { status: 404, body: { code: 'woocommerce_rest_order_invalid_id', message: 'Invalid order ID.', data: { status: 404 } } }
    if (req.method === 'GET') return { status: 200, body: fake.fulfillments.filter((f) => f.orderId === order.id).map(renderFulfillment) }
    if (req.method !== 'POST') return undefined
    const meta = ((req.body?.meta_data ?? []) as Array<{ key: string; value: unknown }>).map((x) => ({ id: fake.id(), key: x.key, value: x.value }))
    const isFulfilled = req.body?.status === 'fulfilled' || req.body?.is_fulfilled === true
    const fulfillment = { id: fake.id(), orderId: order.id, status: isFulfilled ? 'fulfilled' : 'unfulfilled', isFulfilled, meta, updatedMs: fake.second(), deletedMs: null }
    fake.fulfillments.push(fulfillment)
    fake.effects.push({ action: 'fulfillment', id: order.id, body: req.body })
    return { status: 201, body: renderFulfillment(fulfillment) }
  },
]
