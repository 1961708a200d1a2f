import type { FinancialStatus, FulfillmentStatus, OrderStatus } from '../../core/sdk/index.js'
import { compareDecimals, sumDecimals } from './decimal.js'

/**
 * WooCommerce has one order status string; cartwire has three axes (DESIGN.md §3). The table below is
 * the whole mapping. Where a cell says what WooCommerce does not record in the status itself:
 * - `paid?`:      `paid` when the order has `date_paid_gmt`, else `pending` (a cancelled order that was
 *                 paid first is `voided`);
 * - `completed?`: `fulfilled` when the order has `date_completed_gmt`, else `unfulfilled`.
 * Custom statuses (from extensions) are kept raw in `rawStatus` and mapped as `open / paid? / completed?`.
 * Refunds listed on the order then refine the financial status: their sum reaching the order total is
 * `refunded`, a smaller positive sum is `partially_refunded` (WooCommerce leaves a partially refunded
 * order in `processing` or `completed`).
 */

type Derived = 'paid?' | 'completed?' | 'voided?'

interface Row {
  status: OrderStatus
  financial: FinancialStatus | Derived
  fulfillment: FulfillmentStatus | Derived
}

export const STATUS_TABLE: Readonly<Record<string, Row>> = {
  // received, awaiting payment
  pending: { status: 'open', financial: 'pending', fulfillment: 'unfulfilled' },
  // paid, stock reduced, to be shipped
  processing: { status: 'open', financial: 'paid', fulfillment: 'unfulfilled' },
  // awaiting payment confirmation (bank transfer, cheque) or held by the merchant
  'on-hold': { status: 'on_hold', financial: 'paid?', fulfillment: 'unfulfilled' },
  // fulfilled and complete
  completed: { status: 'completed', financial: 'paid', fulfillment: 'fulfilled' },
  cancelled: { status: 'cancelled', financial: 'voided?', fulfillment: 'unfulfilled' },
  refunded: { status: 'closed', financial: 'refunded', fulfillment: 'completed?' },
  // payment failed or declined; the customer may pay again
  failed: { status: 'open', financial: 'failed', fulfillment: 'unfulfilled' },
  // Store API checkout in progress, and the legacy draft states: never sent by webhooks, seen by polls
  'checkout-draft': { status: 'draft', financial: 'pending', fulfillment: 'unfulfilled' },
  draft: { status: 'draft', financial: 'pending', fulfillment: 'unfulfilled' },
  'auto-draft': { status: 'draft', financial: 'pending', fulfillment: 'unfulfilled' },
  // WooCommerce 11.3+, local pickup: paid, waiting at the counter
  'ready-for-pickup': { status: 'open', financial: 'paid', fulfillment: 'unfulfilled' },
}

const CUSTOM: Row = { status: 'open', financial: 'paid?', fulfillment: 'completed?' }

export interface StatusFacts {
  status: string
  datePaid?: string | null
  dateCompleted?: string | null
  total: string
  /** refund amounts as positive decimal strings */
  refunds: readonly string[]
}

export interface MappedStatus {
  status: OrderStatus
  financialStatus: FinancialStatus
  fulfillmentStatus: FulfillmentStatus
  rawStatus: string
}

export function mapOrderStatus(facts: StatusFacts): MappedStatus {
  const row = STATUS_TABLE[facts.status] ?? CUSTOM
  const paid = Boolean(facts.datePaid)
  const resolve = <T extends string>(cell: T | Derived): T | FinancialStatus | FulfillmentStatus => {
    if (cell === 'paid?') return paid ? 'paid' : 'pending'
    if (cell === 'voided?') return paid ? 'voided' : 'pending'
    if (cell === 'completed?') return facts.dateCompleted ? 'fulfilled' : 'unfulfilled'
    return cell
  }
  let financialStatus = resolve(row.financial) as FinancialStatus
  const refunded = facts.refunds.length ? sumDecimals(facts.refunds) : '0'
  if (compareDecimals(refunded, '0') > 0 && financialStatus !== 'refunded') {
    financialStatus = compareDecimals(refunded, facts.total) >= 0 ? 'refunded' : 'partially_refunded'
  }
  return { status: row.status, financialStatus, fulfillmentStatus: resolve(row.fulfillment) as FulfillmentStatus, rawStatus: facts.status }
}

/**
 * `order.setStatus`: canonical status → the WooCommerce status it writes. `open` depends on the order:
 * `processing` once paid, else `pending`. `draft` cannot be reached (drafts belong to checkout) and
 * `closed` is not written: in WooCommerce it is `refunded`, and setting that status records a refund of
 * the remaining total — money moves, which a status change must not do. Both are refused.
 */
export const WRITABLE_STATUS: Readonly<Record<OrderStatus, string | ((paid: boolean) => string) | null>> = {
  open: (paid) => (paid ? 'processing' : 'pending'),
  on_hold: 'on-hold',
  completed: 'completed',
  cancelled: 'cancelled',
  draft: null,
  closed: null,
}
