import type { Customer } from '../../core/sdk/index.js'
import { tagsFromMeta, utc } from './normalize-order.js'
import type { WooCustomer } from './woo-types.js'

/**
 * WooCommerce customer → canonical customer. WooCommerce has no customer tags and no marketing consent
 * in core: `tags` come from the user meta named by `customerTagsMetaKey` (else []), `acceptsMarketing`
 * is false. An account never modified has `date_modified_gmt: null`; its creation time stands in.
 */
export function normalizeCustomer(customer: WooCustomer, tagsMetaKey: string | undefined): Customer {
  const created = utc(customer.date_created_gmt)
  return {
    id: String(customer.id),
    email: customer.email ? customer.email : null,
    firstName: customer.first_name ? customer.first_name : null,
    lastName: customer.last_name ? customer.last_name : null,
    phone: customer.billing?.phone ? customer.billing.phone : null,
    tags: customerTags(customer, tagsMetaKey),
    acceptsMarketing: false,
    createdAt: created,
    updatedAt: customer.date_modified_gmt ? utc(customer.date_modified_gmt) : created,
  }
}

export function customerTags(customer: Pick<WooCustomer, 'meta_data'>, tagsMetaKey: string | undefined): string[] {
  if (!tagsMetaKey) return []
  const meta = (customer.meta_data ?? []).find((m) => m.key === tagsMetaKey)
  return meta ? tagsFromMeta(meta.value) : []
}
