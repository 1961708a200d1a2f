import type { Checkout, Entity, FinancialStatus, Order, ResourceKind, Shipment } from '../sdk/entities.js'
import { isEventType, type EventType } from '../sdk/events.js'
import type { ResourceState } from '../store/contract.js'

/**
 * Milestones (SEMANTICS.md §1): an event fires when the entity *enters* a class of states. Entering =
 * not in the class before (or no previous version) and in it now; skipping an intermediate state gives
 * the same milestone; leaving and entering again is a second entry, with the next discriminator.
 * `ResourceState.milestones[type] = { count, inClass }` is the bookkeeping; the event's discriminator is
 * the entry count (1 for the first).
 */

export interface MilestoneRule {
  type: EventType
  inClass(entity: Entity): boolean
}

export type MilestoneBook = ResourceState['milestones']

export interface Entry {
  type: EventType
  count: number
}

const PAID: ReadonlySet<FinancialStatus> = new Set(['paid', 'partially_refunded', 'refunded'])

const order = (test: (entity: Order) => boolean) => (entity: Entity) => test(entity as Order)
const always = () => true

/**
 * Per kind, in firing order. `<kind>.created` comes first and is always in class, so it is entered
 * exactly once — by the first snapshot — and a restored resource (still in it) does not fire it again.
 * `<kind>.deleted` is not here: only a tombstone enters it (see tombstone.ts).
 */
export const MILESTONES: Readonly<Record<ResourceKind, readonly MilestoneRule[]>> = {
  order: [
    { type: 'order.created', inClass: always },
    { type: 'order.paid', inClass: order((o) => PAID.has(o.financialStatus)) },
    { type: 'order.fulfilled', inClass: order((o) => o.fulfillmentStatus === 'fulfilled') },
    { type: 'order.cancelled', inClass: order((o) => o.status === 'cancelled') },
    { type: 'order.closed', inClass: order((o) => o.status === 'completed' || o.status === 'closed') },
  ],
  checkout: [
    { type: 'checkout.created', inClass: always },
    { type: 'checkout.completed', inClass: (entity) => (entity as Checkout).completedAt != null },
  ],
  product: [{ type: 'product.created', inClass: always }],
  inventory: [{ type: 'inventory.created', inClass: always }],
  customer: [{ type: 'customer.created', inClass: always }],
  // A standalone shipment resource; shipments of an order are members of the order (members.ts).
  shipment: [
    { type: 'shipment.created', inClass: always },
    { type: 'shipment.delivered', inClass: (entity) => (entity as Shipment).status === 'delivered' },
  ],
}

/** `<kind>.deleted`, where the event exists (there is no `shipment.deleted`). */
export function deletedType(kind: ResourceKind): EventType | undefined {
  const type = `${kind}.deleted`
  return isEventType(type) ? type : undefined
}

export function milestoneRule(kind: ResourceKind, type: string): MilestoneRule | undefined {
  return MILESTONES[kind].find((rule) => rule.type === type)
}

export interface MilestoneOptions {
  /**
   * A tie kept without `fetch` (SEMANTICS.md §1): a class the previous version was in stays entered even
   * if the kept payload is outside it, so an arbitrary choice between two payloads of one instant can
   * never make a milestone leave and fire again.
   */
  keepClasses?: boolean
}

/** The bookkeeping after a live version, and the entries it made (in table order). */
export function advanceMilestones(
  previous: MilestoneBook | undefined,
  kind: ResourceKind,
  entity: Entity,
  options: MilestoneOptions = {},
): { book: MilestoneBook; entered: Entry[] } {
  const book: MilestoneBook = { ...previous }
  const entered: Entry[] = []
  for (const rule of MILESTONES[kind]) {
    const before = previous?.[rule.type] ?? { count: 0, inClass: false }
    const now = rule.inClass(entity) || (options.keepClasses === true && before.inClass)
    if (now && !before.inClass) {
      book[rule.type] = { count: before.count + 1, inClass: true }
      entered.push({ type: rule.type, count: before.count + 1 })
    } else {
      book[rule.type] = { count: before.count, inClass: now }
    }
  }
  // A live version leaves the deleted class, so a second delete is a second entry.
  const deleted = deletedType(kind)
  if (deleted && book[deleted]?.inClass) book[deleted] = { count: book[deleted].count, inClass: false }
  return { book, entered }
}
