import { describe, expect, it } from 'vitest'
import { mapOrderStatus, WRITABLE_STATUS } from '../../plugins/woocommerce/status-map.js'

const PAID = '2024-05-01T10:00:00'
const DONE = '2024-05-02T09:00:00'

type Row = [raw: string, facts: { paid?: boolean; completed?: boolean; refunds?: string[] }, expected: [string, string, string]]

/** WooCommerce status (+ the dates and refunds on the order) → status / financialStatus / fulfillmentStatus. */
const TABLE: Row[] = [
  ['pending', {}, ['open', 'pending', 'unfulfilled']],
  ['processing', { paid: true }, ['open', 'paid', 'unfulfilled']],
  ['on-hold', {}, ['on_hold', 'pending', 'unfulfilled']],
  ['on-hold', { paid: true }, ['on_hold', 'paid', 'unfulfilled']],
  ['completed', { paid: true, completed: true }, ['completed', 'paid', 'fulfilled']],
  ['cancelled', {}, ['cancelled', 'pending', 'unfulfilled']],
  ['cancelled', { paid: true }, ['cancelled', 'voided', 'unfulfilled']],
  ['cancelled', { paid: true, refunds: ['512.00'] }, ['cancelled', 'refunded', 'unfulfilled']],
  ['refunded', { paid: true, refunds: ['512.00'] }, ['closed', 'refunded', 'unfulfilled']],
  ['refunded', { paid: true, completed: true, refunds: ['512.00'] }, ['closed', 'refunded', 'fulfilled']],
  ['failed', {}, ['open', 'failed', 'unfulfilled']],
  ['checkout-draft', {}, ['draft', 'pending', 'unfulfilled']],
  ['draft', {}, ['draft', 'pending', 'unfulfilled']],
  ['auto-draft', {}, ['draft', 'pending', 'unfulfilled']],
  ['ready-for-pickup', { paid: true }, ['open', 'paid', 'unfulfilled']],
  // partial refunds leave WooCommerce in processing/completed
  ['processing', { paid: true, refunds: ['112.00'] }, ['open', 'partially_refunded', 'unfulfilled']],
  ['completed', { paid: true, completed: true, refunds: ['100.00', '12.00'] }, ['completed', 'partially_refunded', 'fulfilled']],
  // a full refund before WooCommerce moves the status: the sum decides
  ['processing', { paid: true, refunds: ['500.00', '12.00'] }, ['open', 'refunded', 'unfulfilled']],
  // custom statuses from extensions: kept raw, mapped from the order's dates
  ['shipped', { paid: true, completed: true }, ['open', 'paid', 'fulfilled']],
  ['awaiting-shipment', { paid: true }, ['open', 'paid', 'unfulfilled']],
  ['quote-requested', {}, ['open', 'pending', 'unfulfilled']],
]

describe('WooCommerce status mapping', () => {
  it.each(TABLE)('%s %o → %o', (raw, facts, [status, financialStatus, fulfillmentStatus]) => {
    const mapped = mapOrderStatus({ status: raw, datePaid: facts.paid ? PAID : null, dateCompleted: facts.completed ? DONE : null, total: '512.00', refunds: facts.refunds ?? [] })
    expect(mapped).toEqual({ status, financialStatus, fulfillmentStatus, rawStatus: raw })
  })

  it.each([
    ['open', false, 'pending'],
    ['open', true, 'processing'],
    ['on_hold', true, 'on-hold'],
    ['completed', true, 'completed'],
    ['cancelled', false, 'cancelled'],
  ] as const)('order.setStatus %s (paid: %s) writes %s, which reads back as the same canonical status', (canonical, paid, woo) => {
    const rule = WRITABLE_STATUS[canonical]
    const written = typeof rule === 'function' ? rule(paid) : rule
    expect(written).toBe(woo)
    expect(mapOrderStatus({ status: woo, datePaid: paid ? PAID : null, dateCompleted: null, total: '1.00', refunds: [] }).status).toBe(canonical)
  })

  it('refuses to write draft and closed', () => {
    expect(WRITABLE_STATUS.draft).toBeNull()
    expect(WRITABLE_STATUS.closed).toBeNull()
  })
})
