import { CartwireError, type ActionContext, type OrderStatus } from '../../../core/sdk/index.js'
import type { WooRest } from '../rest.js'
import { WRITABLE_STATUS } from '../status-map.js'
import type { WooOrder } from '../woo-types.js'
import { orderPath } from './targets.js'

/**
 * `order.setStatus` — class `natural`: it writes an absolute status, so running it twice leaves the
 * order as running it once. Canonical → WooCommerce (status-map.ts, WRITABLE_STATUS): open →
 * processing when paid, else pending; on_hold → on-hold; completed → completed; cancelled → cancelled.
 * `draft` and `closed` are refused (ERR_PARAMS). Read back, each lands in the same canonical status.
 * An order already in the target status is not written again (no needless webhook echo).
 */
export interface SetStatusParams {
  orderId?: string
  status: OrderStatus
}

export function createSetStatus(rest: WooRest) {
  return async function run(ctx: ActionContext, params: SetStatusParams) {
    const rule = WRITABLE_STATUS[params.status]
    if (!rule) throw new CartwireError('ERR_PARAMS', `WooCommerce orders cannot be set to "${params.status}" (draft belongs to checkout; closed means refunded, which would record a refund)`)
    const path = orderPath(params)
    const { data: order } = await rest.call<WooOrder>('GET', path, { signal: ctx.signal })
    const target = typeof rule === 'function' ? rule(Boolean(order.date_paid_gmt)) : rule
    if (order.status === target) return { status: target, changed: false }
    const { data } = await rest.call<WooOrder>('PUT', path, { body: { status: target }, signal: ctx.signal })
    return { status: data.status, changed: true }
  }
}
