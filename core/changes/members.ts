import type { Entity, Order, ResourceKind } from '../sdk/entities.js'
import type { EventType } from '../sdk/events.js'
import type { ResourceState } from '../store/contract.js'
import { recordsById } from './canonical.js'
import { memberHash } from './version.js'

/**
 * Member events (SEMANTICS.md §1): once per member of an order, so their ids depend only on the member,
 * never on which webhook or poll carried it.
 * - `order.refunded` once per refund id (discriminator: the refund id);
 * - per fulfillment: `shipment.created` once per id; `shipment.updated` once per (id, member hash) when
 *   the fulfillment's content changes after it was first seen (discriminator `${id}:${hash}`);
 *   `shipment.delivered` once per id when its status becomes `delivered`.
 *
 * `ResourceState.members` remembers what was derived: `order.refunded:<id>`, `shipment.created:<id>`,
 * `shipment.delivered:<id>` → '1', and `shipment.updated:<id>` → the member hash last seen.
 * A `shipment.updated` is a member *version*: an observer that never saw an intermediate version of a
 * fulfillment (a poll skipping it) does not derive it, just as it derives no update for a skipped version.
 */

export type MemberBook = ResourceState['members']

export interface MemberFinding {
  type: EventType
  discriminator: string
  member: { kind: 'refund' | 'shipment'; id: string }
}

const SEEN = '1'

/** Members of one version, against what was seen before: the new findings and the new bookkeeping. */
export function deriveMembers(
  kind: ResourceKind,
  entity: Entity,
  previous: MemberBook | undefined,
): { found: MemberFinding[]; book: MemberBook } {
  const book: MemberBook = { ...previous }
  const found: MemberFinding[] = []
  if (kind !== 'order') return { found, book }
  const order = entity as Order
  const once = (key: string, finding: MemberFinding) => {
    if (book[key] !== undefined) return
    book[key] = SEEN
    found.push(finding)
  }

  for (const id of recordsById(order.refunds ?? []).keys()) {
    once(`order.refunded:${id}`, { type: 'order.refunded', discriminator: id, member: { kind: 'refund', id } })
  }

  for (const [id, fulfillment] of recordsById(order.fulfillments ?? [])) {
    const member = { kind: 'shipment', id } as const
    const hash = memberHash(fulfillment)
    const versionKey = `shipment.updated:${id}`
    if (book[`shipment.created:${id}`] === undefined) {
      once(`shipment.created:${id}`, { type: 'shipment.created', discriminator: id, member })
    } else if (book[versionKey] !== hash) {
      found.push({ type: 'shipment.updated', discriminator: `${id}:${hash}`, member })
    }
    book[versionKey] = hash
    if (fulfillment.status === 'delivered') {
      once(`shipment.delivered:${id}`, { type: 'shipment.delivered', discriminator: id, member })
    }
  }
  return { found, book }
}
