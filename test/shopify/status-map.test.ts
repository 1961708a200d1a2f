import { describe, expect, it } from 'vitest'
import { financialStatus, fulfillmentStatus, orderStatus, productStatus, rawOrderStatus, shipmentStatus } from '../../plugins/shopify/status-map.js'

describe('Shopify status mapping (PLATFORMS.md §6, DESIGN.md names)', () => {
  it.each([
    ['pending', 'pending'], ['authorized', 'authorized'], ['partially_paid', 'partially_paid'], ['paid', 'paid'],
    ['partially_refunded', 'partially_refunded'], ['refunded', 'refunded'], ['voided', 'voided'], ['expired', 'voided'],
    [null, 'pending'], ['some_future_state', 'pending'],
  ])('financial_status %s → %s', (raw, canonical) => expect(financialStatus(raw)).toBe(canonical))

  it.each([
    [null, 'unfulfilled'], ['unfulfilled', 'unfulfilled'], ['partial', 'partially_fulfilled'], ['fulfilled', 'fulfilled'], ['restocked', 'restocked'], ['scheduled', 'unfulfilled'],
  ])('fulfillment_status %s → %s', (raw, canonical) => expect(fulfillmentStatus(raw)).toBe(canonical))

  it.each([
    [{}, 'open', 'paid/null'],
    [{ cancelled_at: '2024-05-01T10:00:00-04:00' }, 'cancelled', 'paid/null/cancelled'],
    [{ closed_at: '2024-05-01T10:00:00-04:00' }, 'closed', 'paid/null/closed'],
    [{ cancelled_at: '2024-05-01T10:00:00-04:00', closed_at: '2024-05-02T10:00:00-04:00' }, 'cancelled', 'paid/null/cancelled/closed'],
  ])('order %j → lifecycle %s, raw %s', (raw, lifecycle, rawStatus) => {
    expect(orderStatus(raw)).toBe(lifecycle)
    expect(rawOrderStatus({ financial_status: 'paid', fulfillment_status: null, ...raw })).toBe(rawStatus)
  })

  it.each([
    ['success', 'delivered', 'delivered'], ['success', 'in_transit', 'in_transit'], ['success', 'out_for_delivery', 'in_transit'],
    ['success', 'attempted_delivery', 'in_transit'], ['success', 'ready_for_pickup', 'in_transit'], ['success', 'confirmed', 'in_transit'],
    ['success', 'label_printed', 'open'], ['success', 'label_purchased', 'open'], ['success', null, 'open'], ['success', 'failure', 'failed'],
    ['pending', null, 'pending'], ['open', null, 'open'], ['cancelled', 'delivered', 'cancelled'], ['error', null, 'failed'], ['failure', null, 'failed'],
  ])('fulfillment %s with shipment_status %s → %s', (status, carrier, canonical) => expect(shipmentStatus(status, carrier)).toBe(canonical))

  it.each([
    ['active', 'active'], ['ACTIVE', 'active'], ['UNLISTED', 'active'], ['draft', 'draft'], ['DRAFT', 'draft'], ['archived', 'archived'], ['ARCHIVED', 'archived'],
  ])('product status %s → %s', (raw, canonical) => expect(productStatus(raw)).toBe(canonical))
})
