import type { ResourceKind } from '../sdk/entities.js'
import { isEventType, type EventType } from '../sdk/events.js'
import type { DeriveEnv, NewEvent, ResourceState } from '../store/contract.js'
import { eventId } from './event-id.js'
import { versionString } from './version.js'

/** What every event derived from one stored version shares. */
export interface VersionFacts {
  kind: ResourceKind
  id: string
  /** `${updatedAtMs}:${hash16}` */
  version: string
  /** ISO UTC of the version's updatedAt (a tombstone: its delete time) */
  occurredAt: string
  versionSeq: number
  previousSeq: number | null
}

export function factsOf(state: ResourceState, previousSeq: number | null): VersionFacts {
  return {
    kind: state.kind,
    id: state.id,
    version: versionString(state.updatedAt, state.contentHash),
    occurredAt: new Date(state.updatedAt).toISOString(),
    versionSeq: state.versionSeq,
    previousSeq,
  }
}

export interface EventExtras {
  changes?: string[]
  member?: NewEvent['member']
  causedBy?: string
}

export function newEvent(
  env: DeriveEnv,
  facts: VersionFacts,
  type: EventType,
  discriminator: string | number,
  extras: EventExtras = {},
): NewEvent {
  const event: NewEvent = {
    id: eventId(env.connection, facts.kind, facts.id, type, discriminator),
    type,
    source: env.connection,
    resource: { kind: facts.kind, id: facts.id, version: facts.version },
    occurredAt: facts.occurredAt,
    receivedAt: env.receivedAt,
    changes: extras.changes ?? [],
    versionSeq: facts.versionSeq,
    previousSeq: facts.previousSeq,
  }
  if (extras.member) event.member = extras.member
  if (extras.causedBy !== undefined) event.causedBy = extras.causedBy
  return event
}

/** `<kind>.updated`; for inventory levels `inventory.changed` (SEMANTICS.md §1). */
export function updateType(kind: ResourceKind): EventType | undefined {
  const type = kind === 'inventory' ? 'inventory.changed' : `${kind}.updated`
  return isEventType(type) ? type : undefined
}
