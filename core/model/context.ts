import type { Entity, Order, ResourceKind } from '../sdk/entities.js'
import { CartwireError } from '../sdk/errors.js'
import type { CommerceEvent, EventType } from '../sdk/events.js'
import { toView, viewOf } from './views.js'

/**
 * The rule context (SEMANTICS.md §9), exactly the shape schemas/context.schema.json gives per event
 * type — test/model/context.test.ts validates what these functions build against it.
 *
 * Event context: `{ event, <kind>: view, previous: view | null, changes, now, vars, connection }`,
 * plus `shipment` (shipment.* events) or `refund` (order.refunded): the member named by
 * `event.member.id`, taken from the current order (after a wait, the re-read one) and else from the
 * event's own data, where change detection found it.
 */

export interface EventContextInput {
  event: CommerceEvent
  /** the entity now: at trigger time the event's data, after a wait the re-read one; null → `event.data` */
  entity: Entity | null
  /** the entity before the triggering change; null for a new resource */
  previous: Entity | null
  /** dotted paths changed (trigger time: the event's; after a wait: trigger → now) */
  changes: string[]
  /** epoch ms */
  now: number
  vars: Record<string, unknown>
  connection: { id: string; connector: string; currency?: string; timezone: string }
}

export function buildEventContext(input: EventContextInput): Record<string, unknown> {
  const { event, connection } = input
  const kind = event.resource.kind
  const current = input.entity ?? event.data
  const context: Record<string, unknown> = {
    event,
    [kind]: toView(kind, current),
    previous: input.previous === null ? null : toView(kind, input.previous),
    changes: [...input.changes],
    now: new Date(input.now).toISOString(),
    vars: input.vars,
    connection: { id: connection.id, connector: connection.connector, currency: connection.currency ?? null, timezone: connection.timezone },
  }
  const member = memberOf(event)
  if (member) context[member.name] = viewOf(findMember(event, member.list, [current, event.data]))
  return context
}

export interface ScheduleContextInput {
  scheduleId: string
  /** epoch ms of the tick this run is for */
  firedAt: number
  /** epoch ms */
  now: number
  vars: Record<string, unknown>
}

export function buildScheduleContext(input: ScheduleContextInput): Record<string, unknown> {
  return {
    schedule: { id: input.scheduleId, firedAt: new Date(input.firedAt).toISOString() },
    now: new Date(input.now).toISOString(),
    vars: input.vars,
  }
}

/** The resource kind an event type is about: shipment.* events are about orders (a shipment is a member). */
export function resourceKindOf(type: EventType): ResourceKind {
  const noun = type.slice(0, type.indexOf('.'))
  return noun === 'shipment' ? 'order' : (noun as ResourceKind)
}

function memberOf(event: CommerceEvent): { name: 'shipment' | 'refund'; list: 'fulfillments' | 'refunds' } | undefined {
  if (event.type === 'order.refunded') return { name: 'refund', list: 'refunds' }
  if (event.type.startsWith('shipment.')) return { name: 'shipment', list: 'fulfillments' }
  return undefined
}

function findMember(event: CommerceEvent, list: 'fulfillments' | 'refunds', orders: Entity[]): unknown {
  const id = event.member?.id
  for (const order of orders) {
    const found = ((order as Order)[list] as Array<{ id: string }> | undefined)?.find((member) => member.id === id)
    if (found) return found
  }
  // change detection derived this event from a member it saw: its absence is a defect upstream
  throw new CartwireError('ERR_INTERNAL', `${event.type} event names ${list} member "${id}" that its order does not have`, { context: { event: event.id } })
}
