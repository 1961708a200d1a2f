import { CartwireError, type ActionContext, type ProbeResult } from '../../../core/sdk/index.js'
import type { ShopifyApi } from '../api.js'
import { assertNoUserErrors } from '../graphql.js'
import { gid, legacyId, type Raw } from '../normalize-parts.js'
import { FULFILLMENT_CREATE, FULFILLMENT_ORDERS, ORDER_FULFILLMENTS } from '../queries.js'

interface FulfillParams {
  orderId: string
  trackingNumber?: string
  trackingCompany?: string
  trackingUrl?: string
  notifyCustomer?: boolean
  lines?: Array<{ lineId: string; quantity: number }>
}

interface FulfillmentOrderLine {
  fulfillmentOrderId: string
  id: string
  lineId: string
  remaining: number
}

/** Fulfillment orders Shopify lets a merchant-managed app fulfil now. */
const FULFILLABLE = new Set(['OPEN', 'IN_PROGRESS'])

/**
 * `fulfillment.create`: Shopify fulfils through fulfillment orders, so the open ones are read first and
 * the requested order lines (default: everything still to fulfil) are mapped onto their line items; then
 * one `fulfillmentCreate` with the tracking info. Idempotency class `probe`: after a crash the core asks
 * whether the order already has a fulfillment with this tracking number. Without a tracking number the
 * probe can only ask whether the requested lines have nothing left to fulfil, which cannot tell a partial
 * quantity fulfilled twice from once — so steps should pass `trackingNumber` (the README says so).
 */
export function createFulfillmentActions(api: ShopifyApi) {
  async function openLines(orderId: string, priority: 'action' | 'fetch', signal: AbortSignal): Promise<FulfillmentOrderLine[]> {
    const data = await api.graphql.query(FULFILLMENT_ORDERS.document, { id: gid('Order', orderId) }, { priority, signal, cost: FULFILLMENT_ORDERS.cost })
    if (!data.order) throw new CartwireError('ERR_NOT_FOUND', `Shopify has no order ${orderId}`)
    return (data.order.fulfillmentOrders.nodes as Raw[])
      .filter((fo) => FULFILLABLE.has(fo.status))
      .flatMap((fo) => (fo.lineItems.nodes as Raw[]).map((li) => ({ fulfillmentOrderId: fo.id, id: li.id, lineId: legacyId(li.lineItem.id), remaining: Number(li.remainingQuantity) })))
      .filter((line) => line.remaining > 0)
  }

  /** The line items to fulfil per fulfillment order; a request for more than is left is refused whole. */
  function allocate(lines: FulfillmentOrderLine[], wanted: FulfillParams['lines'], orderId: string) {
    const left = new Map(wanted?.map((w) => [w.lineId, w.quantity]))
    const byOrder = new Map<string, Array<{ id: string; quantity: number }>>()
    for (const line of lines) {
      const quantity = wanted ? Math.min(line.remaining, left.get(line.lineId) ?? 0) : line.remaining
      if (quantity <= 0) continue
      if (wanted) left.set(line.lineId, (left.get(line.lineId) ?? 0) - quantity)
      byOrder.set(line.fulfillmentOrderId, [...(byOrder.get(line.fulfillmentOrderId) ?? []), { id: line.id, quantity }])
    }
    const short = [...left].filter(([, quantity]) => quantity > 0)
    if (short.length) throw new CartwireError('ERR_UPSTREAM_REJECTED', `order ${orderId}: lines ${short.map(([id, q]) => `${id} (${q} more)`).join(', ')} have not that much left to fulfil`)
    if (byOrder.size === 0) throw new CartwireError('ERR_UPSTREAM_REJECTED', `order ${orderId} has nothing left to fulfil`)
    return [...byOrder].map(([fulfillmentOrderId, fulfillmentOrderLineItems]) => ({ fulfillmentOrderId, fulfillmentOrderLineItems }))
  }

  async function create(ctx: ActionContext, p: FulfillParams) {
    const lineItemsByFulfillmentOrder = allocate(await openLines(p.orderId, 'action', ctx.signal), p.lines, p.orderId)
    const tracking = p.trackingNumber || p.trackingCompany || p.trackingUrl
    const fulfillment = {
      lineItemsByFulfillmentOrder,
      notifyCustomer: p.notifyCustomer ?? false,
      ...(tracking && { trackingInfo: { number: p.trackingNumber, company: p.trackingCompany, url: p.trackingUrl } }),
    }
    const data = await api.graphql.query(FULFILLMENT_CREATE.document, { fulfillment }, { priority: 'action', signal: ctx.signal, cost: FULFILLMENT_CREATE.cost })
    assertNoUserErrors(data.fulfillmentCreate, `Shopify fulfillmentCreate on order ${p.orderId}`)
    return { fulfillmentId: legacyId(data.fulfillmentCreate.fulfillment.id) }
  }

  async function probe(ctx: ActionContext, p: FulfillParams): Promise<ProbeResult> {
    if (!p.trackingNumber) {
      const open = await openLines(p.orderId, 'fetch', ctx.signal)
      const wanted = p.lines ? new Set(p.lines.map((l) => l.lineId)) : undefined
      return { found: !open.some((line) => !wanted || wanted.has(line.lineId)) }
    }
    const data = await api.graphql.query(ORDER_FULFILLMENTS.document, { id: gid('Order', p.orderId) }, { priority: 'fetch', signal: ctx.signal, cost: ORDER_FULFILLMENTS.cost })
    const match = (data.order?.fulfillments ?? []).find((f: Raw) => (f.trackingInfo ?? []).some((t: Raw) => t.number === p.trackingNumber))
    return match ? { found: true, result: { fulfillmentId: legacyId(match.id) } } : { found: false }
  }

  return { create, probe }
}
