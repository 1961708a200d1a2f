import { CartwireError, type ActionContext, type ProbeResult } from '../../../core/sdk/index.js'
import { wpCodeOf, type WooRest } from '../rest.js'
import type { WooFulfillment, WooMeta, WooOrder } from '../woo-types.js'
import { orderPath } from './targets.js'

/**
 * `fulfillment.create` through the Fulfillments REST API of WooCommerce 10.1+
 * (`POST /orders/<id>/fulfillments`, feature "Fulfillments" enabled) — class `probe`. The API takes no
 * idempotency key, so a blind re-run could ship twice; each fulfillment carries the step's key in its
 * meta (`_cartwire_key`) and the probe lists the order's fulfillments looking for it.
 *
 * Items: `lines` as given, else every line item minus what earlier fulfillments already hold. Tracking
 * goes into the meta keys the feature reads (`_tracking_number`, `_tracking_url`, `_shipping_provider`).
 *
 * A store without the API answers 404 `rest_no_route`: that is ERR_CAPABILITY — a person must enable the
 * feature (or use a tracking extension) — not a missing order, and not retried.
 */
export interface FulfillmentParams {
  orderId?: string
  trackingNumber?: string
  trackingCompany?: string
  trackingUrl?: string
  notifyCustomer?: boolean
  lines?: Array<{ lineId: string; quantity: number }>
}

export const KEY_META = '_cartwire_key'

const meta = (f: WooFulfillment, key: string) => f.meta_data.find((m) => m.key === key)?.value

function noApi(e: unknown): never {
  if (wpCodeOf(e) === 'rest_no_route') {
    throw new CartwireError('ERR_CAPABILITY', 'this WooCommerce store has no Fulfillments REST API (WooCommerce 10.1+ with the Fulfillments feature enabled); enable it, or mark orders completed with order.setStatus', { cause: e })
  }
  throw e
}

export function createFulfillmentCreate(rest: WooRest) {
  const list = async (ctx: ActionContext, path: string) =>
    (await rest.call<WooFulfillment[]>('GET', `${path}/fulfillments`, { priority: 'fetch', signal: ctx.signal }).catch(noApi)).data.filter((f) => !f.date_deleted)

  return {
    async run(ctx: ActionContext, params: FulfillmentParams) {
      const path = orderPath(params)
      const existing = await list(ctx, path)
      let items: Array<{ item_id: number; qty: number }>
      if (params.lines) {
        items = params.lines.map((l) => ({ item_id: Number(l.lineId), qty: l.quantity }))
      } else {
        const { data: order } = await rest.call<WooOrder>('GET', path, { signal: ctx.signal })
        const shipped = new Map<number, number>()
        for (const f of existing) for (const i of (meta(f, '_items') as Array<{ item_id: number; qty: number }> | undefined) ?? []) shipped.set(Number(i.item_id), (shipped.get(Number(i.item_id)) ?? 0) + Number(i.qty))
        items = order.line_items.map((l) => ({ item_id: l.id, qty: l.quantity - (shipped.get(l.id) ?? 0) })).filter((i) => i.qty > 0)
        if (items.length === 0) throw new CartwireError('ERR_UPSTREAM_REJECTED', `order ${params.orderId} has nothing left to fulfil`)
      }
      const metaData: WooMeta[] = [{ key: '_items', value: items }, { key: KEY_META, value: ctx.key }]
      if (params.trackingNumber) metaData.push({ key: '_tracking_number', value: params.trackingNumber })
      if (params.trackingUrl) metaData.push({ key: '_tracking_url', value: params.trackingUrl })
      if (params.trackingCompany) metaData.push({ key: '_shipping_provider', value: params.trackingCompany })
      const { data } = await rest
        .call<WooFulfillment>('POST', `${path}/fulfillments`, {
          body: { status: 'fulfilled', is_fulfilled: true, notify_customer: params.notifyCustomer ?? false, meta_data: metaData },
          signal: ctx.signal,
        })
        .catch(noApi)
      return { fulfillmentId: data.id, items }
    },
    async probe(ctx: ActionContext, params: FulfillmentParams): Promise<ProbeResult> {
      const found = (await list(ctx, orderPath(params))).find((f) => meta(f, KEY_META) === ctx.key)
      return found ? { found: true, result: { fulfillmentId: found.id } } : { found: false }
    },
  }
}
