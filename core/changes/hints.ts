import type { EventType, ResourceRef } from '../sdk/events.js'
import type { DeriveEnv, Derivation, ResourceState } from '../store/contract.js'
import { deletedType, milestoneRule } from './milestones.js'
import { factsOf, newEvent } from './new-event.js'

/**
 * Hints (SEMANTICS.md §2): a webhook topic that names a milestone (`orders/paid` → `order.paid`) fires it
 * when the stored state is in its class and the id of its current entry has not been used — so a hint
 * after a silent baseline fires once, and a hint after a poll already derived the milestone fires nothing.
 * The hint never changes the stored version or bookkeeping: the entry it fires was already counted.
 * Member and update hints are ignored (members fire from snapshots, whose ids do not depend on the
 * topic); they are dropped as `hint-not-in-class`.
 */
export function deriveHint(
  previous: ResourceState | undefined,
  hint: { type: EventType; ref: ResourceRef },
  env: DeriveEnv,
): Derivation {
  const notInClass: Derivation = { action: 'drop', reason: 'hint-not-in-class' }
  if (previous === undefined || hint.ref.kind !== previous.kind) return notInClass
  const kind = previous.kind
  const milestone = previous.entity === null ? hint.type === deletedType(kind) : milestoneRule(kind, hint.type) !== undefined
  const entry = previous.milestones[hint.type]
  if (!milestone || entry === undefined || !entry.inClass) return notInClass

  const previousSeq = previous.versionSeq > 1 ? previous.versionSeq - 1 : null
  const event = newEvent(env, factsOf(previous, previousSeq), hint.type, entry.count)
  if (env.eventExists(event.id)) return { action: 'drop', reason: 'hint-used' }
  return { action: 'events', events: [event] }
}
