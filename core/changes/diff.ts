import { isKeyedArray, isPlainObject, METADATA_KEY, recordsById, canonicalEqual } from './canonical.js'

/**
 * The `changes` of an update event: dotted paths that differ between two versions, sorted.
 *
 * Path scheme (the same one `valueAtPath` and own-write effects use):
 * - nested object fields are joined by dots: `customer.email`, `shippingAddress.city`;
 * - a keyed array (objects with unique ids: `lines`, `refunds`, `fulfillments`, `variants`) is diffed by
 *   id, with the id as the segment: a record added or removed is `refunds.r1`; a changed record reports
 *   its changed fields, `fulfillments.f1.status`, `lines.l2.quantity`; reordering alone is no change;
 * - any other array (`tags`, a fulfillment's `lines`) is one value: `tags`;
 * - a value that appears, disappears, or changes type (`null` → object) is reported at its own path, not
 *   per nested field;
 * - `updatedAt` of the entity and of keyed records is version metadata and never reported, so a version
 *   where only `updatedAt` moved has no changes (and derives no update event).
 * Ids are used verbatim (platform ids of lines, refunds and fulfillments hold no dots).
 */

export interface DiffOptions {
  /**
   * Normalizer version changed (SEMANTICS.md §4): a field absent from the previous version is not
   * reported — it is new in the normalization, not in the platform. Records added to a keyed array are
   * still reported (a new refund is a change in any normalization).
   */
  ignoreAddedFields?: boolean
}

export function diffPaths(before: unknown, after: unknown, options: DiffOptions = {}): string[] {
  const out: string[] = []
  walk(before, after, '', true, options, out)
  return out.sort()
}

function join(path: string, segment: string): string {
  return path === '' ? segment : `${path}.${segment}`
}

function walk(before: unknown, after: unknown, path: string, record: boolean, options: DiffOptions, out: string[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)])
    for (const key of keys) {
      if (record && key === METADATA_KEY) continue
      const was = before[key]
      const now = after[key]
      if (was === undefined && now === undefined) continue
      if (was === undefined && options.ignoreAddedFields) continue
      const at = join(path, key)
      if (was === undefined || now === undefined) out.push(at)
      else walk(was, now, at, false, options, out)
    }
    return
  }
  if (Array.isArray(before) && Array.isArray(after) && keyedPair(before, after)) {
    const was = recordsById(before)
    const now = recordsById(after)
    for (const id of new Set([...was.keys(), ...now.keys()])) {
      const a = was.get(id)
      const b = now.get(id)
      const at = join(path, id)
      if (a === undefined || b === undefined) out.push(at)
      else walk(a, b, at, true, options, out)
    }
    return
  }
  if (!canonicalEqual(before, after)) out.push(path)
}

/** Both sides keyed (or empty), and not both empty. */
function keyedPair(before: unknown[], after: unknown[]): boolean {
  if (before.length === 0 && after.length === 0) return false
  return (before.length === 0 || isKeyedArray(before)) && (after.length === 0 || isKeyedArray(after))
}
