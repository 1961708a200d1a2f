import type { GoneRef } from '../sdk/connector.js'
import type { Entity } from '../sdk/entities.js'
import { parseTimestamp } from '../sdk/time.js'
import type { DeriveEnv, Derivation, ResourceState } from '../store/contract.js'
import { deletedType } from './milestones.js'
import { factsOf, newEvent } from './new-event.js'
import { TOMBSTONE_HASH } from './version.js'

/**
 * Deletes (SEMANTICS.md §1) are tombstones: a version with no entity, timed by the platform's delete
 * time, else the last `updatedAt` + 1 ms, entering the `<kind>.deleted` milestone (discriminator: its
 * entry count). Milestone and member bookkeeping is kept as it was, so a restore (a payload that `fetch`
 * confirmed, see derive.ts) neither fires `<kind>.created` again nor re-enters classes it never left.
 */

/**
 * A tombstone also keeps the last live entity, so a restored resource reports its changes against it.
 * `ResourceState` has no field for it yet: a store that persists the state object whole keeps it; one
 * that does not makes a restore report every top-level field as changed.
 */

export function lastLiveEntity(state: ResourceState): Entity | null {
  return state.entity ?? state.lastEntity ?? null
}

export function deriveGone(previous: ResourceState | undefined, gone: GoneRef, env: DeriveEnv): Derivation {
  if (previous === undefined) return { action: 'drop', reason: 'unknown-resource' }
  // Deleting a tombstone again changes nothing.
  if (previous.entity === null) return { action: 'drop', reason: 'duplicate' }
  const at = gone.deletedAt !== undefined ? parseTimestamp(gone.deletedAt) : previous.updatedAt + 1
  if (at < previous.updatedAt) return { action: 'drop', reason: 'stale' }

  const type = deletedType(previous.kind)
  const milestones = { ...previous.milestones }
  const count = type ? (milestones[type]?.count ?? 0) + 1 : 0
  if (type) milestones[type] = { count, inClass: true }
  const state: ResourceState = {
    connection: previous.connection,
    kind: previous.kind,
    id: previous.id,
    updatedAt: at,
    contentHash: TOMBSTONE_HASH,
    normalizerVersion: previous.normalizerVersion,
    createdAt: previous.createdAt,
    entity: null,
    deletedAt: at,
    versionSeq: previous.versionSeq + 1,
    milestones,
    members: previous.members,
    lastEntity: previous.entity,
  }
  const events = type ? [newEvent(env, factsOf(state, previous.versionSeq), type, count)] : []
  return { action: 'store', state, events }
}
