import type { FieldEffect } from '../sdk/action.js'
import type { Entity } from '../sdk/entities.js'
import type { OwnWrite } from '../store/contract.js'
import { canonicalEqual, valueAtPath } from './canonical.js'

/**
 * Own writes (SEMANTICS.md §12): an update event whose every changed path is explained by the expected
 * effects of cartwire's recent writes is marked `causedBy: <ledger key>` (rules skip it unless they set
 * `onOwnChanges`). Only update events are marked; milestones and members still fire unmarked.
 *
 * An effect `{ path }` covers a change at `path` or under it (`fulfillments.f1` covers
 * `fulfillments.f1.status`). It explains the change when applying it to the previous value gives the new
 * value — stricter than "the new value holds it", so a person's edit landing in the same version is never
 * mistaken for an echo:
 * - `equals`: the new value equals it;
 * - `includes` on an array: the new array holds every listed item, and differs from the old one only by
 *   listed items (nothing else added, nothing removed);
 * - `includes` on a string: the new string holds every listed item and still holds the old string.
 * - `follows`: the field is the platform's own bookkeeping of another change (a raw status string, a
 *   cancelledAt stamp): any change to it is explained, but only in a version where the same write also
 *   explains a change through `equals` or `includes`.
 * Several writes may explain one version together (an add-tags and a set-note echoed at once); the key
 * is that of the most recent write (by `at`, then by list order) that explains any of its changes.
 */
export function ownWriteKey(
  changes: readonly string[],
  before: Entity | null,
  after: Entity,
  writes: readonly OwnWrite[],
): string | undefined {
  if (changes.length === 0 || writes.length === 0) return undefined
  let latest: OwnWrite | undefined
  const anchored = writes.filter((write) => changes.some((change) => write.effect.some((effect) => !effect.follows && explains(effect, change, before, after))))
  for (const change of changes) {
    const explaining = anchored.filter((write) => write.effect.some((effect) => explains(effect, change, before, after)))
    if (explaining.length === 0) return undefined
    for (const write of explaining) if (latest === undefined || write.at >= latest.at) latest = write
  }
  return latest?.key
}

function covers(effectPath: string, change: string): boolean {
  return change === effectPath || change.startsWith(`${effectPath}.`)
}

export function explains(effect: FieldEffect, change: string, before: Entity | null, after: Entity): boolean {
  if (!covers(effect.path, change)) return false
  if (effect.follows) return true
  const now = valueAtPath(after, effect.path)
  if (effect.equals !== undefined && !canonicalEqual(now, effect.equals)) return false
  if (effect.includes !== undefined && !includesExplained(valueAtPath(before, effect.path), now, effect.includes)) return false
  return effect.equals !== undefined || effect.includes !== undefined
}

function includesExplained(was: unknown, now: unknown, items: readonly unknown[]): boolean {
  if (typeof now === 'string') {
    const old = typeof was === 'string' ? was : ''
    return items.every((item) => typeof item === 'string' && now.includes(item)) && now.includes(old)
  }
  if (!Array.isArray(now)) return false
  const old = Array.isArray(was) ? was : []
  const has = (list: readonly unknown[], value: unknown) => list.some((element) => canonicalEqual(element, value))
  return (
    items.every((item) => has(now, item)) &&
    now.every((element) => has(old, element) || has(items, element)) &&
    old.every((element) => has(now, element))
  )
}
