import type { Snapshot } from '../sdk/connector.js'
import type { ApplyHandlers, DeriveEnv, Derivation, IncomingItem, NewEvent, ResourceState } from '../store/contract.js'
import { diffPaths } from './diff.js'
import { deriveHint } from './hints.js'
import { deriveMembers } from './members.js'
import { advanceMilestones } from './milestones.js'
import { factsOf, newEvent, updateType } from './new-event.js'
import { ownWriteKey } from './own-writes.js'
import { deriveGone, lastLiveEntity } from './tombstone.js'
import { readSnapshot, type IncomingVersion } from './version.js'

/**
 * Change detection (SEMANTICS.md §1–2, §12): the pure function a store calls for each incoming item
 * inside its transaction. No I/O and no clock: time comes from `env`, event ids from content, so every
 * driver — and every order of observation — derives the same events.
 *
 * Events of one derivation come in a fixed order: `<kind>.created`, the other milestones entered (table
 * order, milestones.ts), members (refunds by id, then fulfillments by id), the update event.
 */
export function createDeriver(): ApplyHandlers['derive'] {
  return (previous, item, env) => derive(previous, item, env)
}

export function derive(previous: ResourceState | undefined, item: IncomingItem, env: DeriveEnv): Derivation {
  if ('hint' in item) return deriveHint(previous, item.hint, env)
  if ('gone' in item) return deriveGone(previous, item.gone, env)
  return deriveSnapshot(previous, item.snapshot, item.origin, env)
}

type Origin = IncomingItem['origin']

/**
 * Version ordering: `updatedAt` first, then content. Older → stale (a fetch can race too); equal and same
 * content → duplicate; equal with other content → a tie, unless the normalizer version differs (then it
 * is the same platform version normalized anew) or the payload is a fetch result (current state is
 * authoritative). A tie is resolved by `fetch` where the connector has it, else the later-received
 * payload is kept without letting the resource leave a milestone class.
 */
function deriveSnapshot(previous: ResourceState | undefined, snapshot: Snapshot, origin: Origin, env: DeriveEnv): Derivation {
  const incoming = readSnapshot(snapshot)
  const ref = { kind: incoming.kind, id: incoming.id }
  if (previous === undefined) return storeVersion(undefined, incoming, env, { silent: incoming.createdAt < env.baselineAt })
  if (incoming.updatedAt < previous.updatedAt) return { action: 'drop', reason: 'stale' }
  if (previous.entity === null) {
    // Only the connector's fetch can say a deleted resource exists again; a late update cannot.
    if (origin === 'fetch') return storeVersion(previous, incoming, env)
    return env.canFetch ? { action: 'fetch', reason: 'after-tombstone', ref } : { action: 'drop', reason: 'after-tombstone' }
  }
  if (incoming.updatedAt > previous.updatedAt) return storeVersion(previous, incoming, env)
  if (incoming.hash === previous.contentHash) return { action: 'drop', reason: 'duplicate' }
  if (incoming.normalizerVersion !== previous.normalizerVersion || origin === 'fetch') {
    return storeVersion(previous, incoming, env)
  }
  if (env.canFetch) return { action: 'fetch', reason: 'tie', ref }
  return storeVersion(previous, incoming, env, { keepClasses: true, counters: ['version_tie'] })
}

interface StoreOptions {
  /** the first snapshot of a pre-existing resource (§2): bookkeeping only, no events */
  silent?: boolean
  keepClasses?: boolean
  counters?: string[]
}

function storeVersion(
  previous: ResourceState | undefined,
  incoming: IncomingVersion,
  env: DeriveEnv,
  options: StoreOptions = {},
): Derivation {
  const { kind, id, entity } = incoming
  const milestones = advanceMilestones(previous?.milestones, kind, entity, { keepClasses: options.keepClasses })
  const members = deriveMembers(kind, entity, previous?.members)
  const state: ResourceState = {
    connection: env.connection,
    kind,
    id,
    updatedAt: incoming.updatedAt,
    contentHash: incoming.hash,
    normalizerVersion: incoming.normalizerVersion,
    createdAt: incoming.createdAt,
    entity,
    deletedAt: null,
    versionSeq: (previous?.versionSeq ?? 0) + 1,
    milestones: milestones.book,
    members: members.book,
  }
  const derivation = (events: NewEvent[]): Derivation =>
    options.counters ? { action: 'store', state, events, counters: options.counters } : { action: 'store', state, events }
  if (options.silent) return derivation([])

  const facts = factsOf(state, previous?.versionSeq ?? null)
  const events = [
    ...milestones.entered.map((entry) => newEvent(env, facts, entry.type, entry.count)),
    ...members.found.map((found) => newEvent(env, facts, found.type, found.discriminator, { member: found.member })),
  ]
  const type = updateType(kind)
  if (previous !== undefined && type !== undefined) {
    const before = lastLiveEntity(previous)
    // Against a forgotten entity (see tombstone.ts) every field counts as changed.
    const changes = diffPaths(before ?? {}, entity, {
      ignoreAddedFields: before !== null && incoming.normalizerVersion !== previous.normalizerVersion,
    })
    // A version whose content did not change (only `updatedAt` moved, or only fields a new normalizer
    // added) is stored for ordering but derives no update event: `changes` of an update is never empty.
    if (changes.length > 0) {
      const causedBy = ownWriteKey(changes, before, entity, env.ownWrites)
      events.push(newEvent(env, facts, type, facts.version, { changes, causedBy }))
    }
  }
  return derivation(events)
}
