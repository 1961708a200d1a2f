import { CartwireError, type Decoded, type Delivery, type ResourceKind } from '../../core/sdk/index.js'
import type { Builder } from './snapshots.js'
import type { WooCustomer, WooOrder, WooProduct } from './woo-types.js'

/**
 * A verified webhook → what it says (`WC_Webhook::get_default_topic_hooks`):
 * - `order.created|updated|restored`: the order as `GET /orders/<id>` shows it. Refunds arrive as
 *   `order.updated` (the hooks `woocommerce_order_refunded` and `woocommerce_delete_order_refund`), with
 *   the refund listed in `refunds[]`; the core derives `order.refunded` per refund id from it.
 * - `product.created|updated|restored|published`: a product, or a variation (variations fire product.*).
 * - `customer.created|updated`.
 * - `*.deleted`: the body is `{"id": …}` only (orders and products go to the trash): a tombstone.
 *   `*.restored` carries the full payload; the core asks `fetch` to confirm before it resurrects.
 * Anything else (coupon.*, action.*, an unknown resource) is ERR_TOPIC: the core keeps the raw delivery
 * as an intake exception. There is no dedupe key: `X-WC-Webhook-Delivery-ID` is new on every send
 * (`wp_hash(id . time)`), so duplicates are recognised by version (`date_modified_gmt` + content).
 */
const KINDS: Readonly<Record<string, ResourceKind>> = { order: 'order', product: 'product', customer: 'customer' }
const LIVE_EVENTS = new Set(['created', 'updated', 'restored', 'published'])

export async function decodeWebhook(delivery: Pick<Delivery, 'headers' | 'body'>, build: Builder): Promise<Decoded[]> {
  const topic = delivery.headers['x-wc-webhook-topic'] ?? ''
  const [resource, event] = topic.split('.')
  const kind = KINDS[resource]
  if (!kind || !(LIVE_EVENTS.has(event) || event === 'deleted') || (kind === 'customer' && (event === 'restored' || event === 'published'))) {
    throw new CartwireError('ERR_TOPIC', `WooCommerce topic "${topic}" is not one this connector handles`)
  }
  let payload: { id?: unknown }
  try {
    payload = JSON.parse(delivery.body) as { id?: unknown }
  } catch (e) {
    throw new CartwireError('ERR_DECODE', `the body of a ${topic} delivery is not JSON: ${(e as Error).message}`, { cause: e })
  }
  if (typeof payload !== 'object' || payload === null || (typeof payload.id !== 'number' && typeof payload.id !== 'string') || String(payload.id) === '') {
    throw new CartwireError('ERR_DECODE', `a ${topic} delivery without an id`)
  }
  if (event === 'deleted') return [{ gone: { kind, id: String(payload.id) } }]
  try {
    if (kind === 'order') return await build.order(payload as WooOrder, { live: false })
    if (kind === 'product') return await build.product(payload as WooProduct, { live: false })
    return await build.customer(payload as WooCustomer)
  } catch (e) {
    if (e instanceof CartwireError && (e.code === 'ERR_DECODE' || e.code === 'ERR_TOPIC')) throw e
    throw new CartwireError('ERR_DECODE', `cannot read the ${topic} payload of ${kind} ${String(payload.id)}: ${(e as Error).message}`, { cause: e })
  }
}
