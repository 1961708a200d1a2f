import { CartwireError, type Kv } from '../../core/sdk/index.js'
import { utc } from './normalize-order.js'
import { customerTags } from './normalize-customer.js'
import type { RestOptions, WooRest } from './rest.js'
import type { WooCustomer, WooOrder, WooRefund } from './woo-types.js'

/**
 * Facts a WooCommerce payload does not carry, read once and kept in the connection's cache (`ctx.kv`):
 * - refund dates (the order lists refunds without dates; `GET /orders/<id>/refunds` has them, and a
 *   refund never changes, so they are kept without expiry);
 * - the store currency (product payloads have none; `GET /settings/general/woocommerce_currency`);
 * - customer tags from the `customerTagsMetaKey` user meta (kept 5 minutes; a customer.* webhook
 *   refreshes them).
 * Only poll and fetch use them; webhook decode never does (it must depend on the payload alone).
 */
const CUSTOMER_TTL_MS = 5 * 60_000

export interface Lookups {
  refundDates(order: WooOrder, opts?: RestOptions): Promise<Map<string, string>>
  currency(opts?: RestOptions): Promise<string>
  customerTagsOf(customerId: number, opts?: RestOptions): Promise<string[]>
  rememberCustomer(customer: WooCustomer): Promise<void>
}

export function createLookups(rest: WooRest, kv: Kv, settings: { currency?: string; customerTagsMetaKey?: string }): Lookups {
  const tagsKey = settings.customerTagsMetaKey
  const cachedRefundDates = async (order: WooOrder) => {
    const dates = new Map<string, string>()
    for (const refund of order.refunds) {
      const at = await kv.get(`refund:${refund.id}`)
      if (typeof at !== 'string') return undefined
      dates.set(String(refund.id), at)
    }
    return dates
  }
  const cachedCurrency = async () => {
    if (settings.currency) return settings.currency
    const cached = await kv.get('currency')
    return typeof cached === 'string' ? cached : undefined
  }
  const cachedCustomerTags = async (customerId: number) => {
    if (!tagsKey || !customerId) return []
    const cached = await kv.get(`customer-tags:${customerId}`)
    return Array.isArray(cached) ? (cached as string[]) : undefined
  }
  const lookups: Lookups = {
    async refundDates(order, opts) {
      const known = await cachedRefundDates(order)
      if (known) return known
      const { data } = await rest.call<WooRefund[]>('GET', `/orders/${order.id}/refunds`, { ...opts, query: { per_page: 100 } })
      for (const refund of data) await kv.set(`refund:${refund.id}`, utc(refund.date_created_gmt))
      const dates = await cachedRefundDates(order)
      // a refund listed on the order but gone from /refunds was deleted in between: the next read settles it
      if (!dates) throw new CartwireError('ERR_UPSTREAM', `order ${order.id}: a refund it lists is not in /orders/${order.id}/refunds`)
      return dates
    },
    async currency(opts) {
      const known = await cachedCurrency()
      if (known) return known
      const { data } = await rest.call<{ value: string }>('GET', '/settings/general/woocommerce_currency', opts)
      await kv.set('currency', data.value)
      return data.value
    },
    async customerTagsOf(customerId, opts) {
      const known = await cachedCustomerTags(customerId)
      if (known) return known
      const { status, data } = await rest.call<WooCustomer>('GET', `/customers/${customerId}`, { ...opts, accept: [404] })
      if (status === 404) return []
      await lookups.rememberCustomer(data)
      return customerTags(data, tagsKey)
    },
    async rememberCustomer(customer) {
      if (tagsKey) await kv.set(`customer-tags:${customer.id}`, customerTags(customer, tagsKey), CUSTOMER_TTL_MS)
    },
  }
  return lookups
}
