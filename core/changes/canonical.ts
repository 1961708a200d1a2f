/**
 * The canonical shape of an entity, shared by the content hash and the diff so that the two agree:
 * two entities have the same hash exactly when the diff between them is empty.
 *
 * - Object keys are sorted; `undefined` values are absent.
 * - An array whose elements are all objects with a unique `id` (order lines, refunds, fulfillments,
 *   variants) is a *keyed array*: a set of records identified by id. Its order is not content (webhook
 *   and REST payloads of one version may list members in different orders), so it is sorted by id.
 *   Any other array (tags, line allocations) is ordered content.
 * - `updatedAt` of the entity itself and of each keyed record is version metadata, not content: the
 *   version already carries the entity's `updatedAt`, and a record that was only touched has not changed.
 */

export type Plain = { [key: string]: unknown }

export const METADATA_KEY = 'updatedAt'

export function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function recordId(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined
  const id = value.id
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined
}

/** A non-empty array of objects whose ids are present and unique. */
export function isKeyedArray(value: unknown[]): boolean {
  if (value.length === 0) return false
  const seen = new Set<string>()
  for (const element of value) {
    const id = recordId(element)
    if (id === undefined || seen.has(id)) return false
    seen.add(id)
  }
  return true
}

/** The records of an array by id, in id order; elements without an id are left out, the first of a repeated id wins. */
export function recordsById(value: readonly unknown[]): Map<string, Plain> {
  const entries: Array<[string, Plain]> = []
  const seen = new Set<string>()
  for (const element of value) {
    const id = recordId(element)
    if (id === undefined || seen.has(id)) continue
    seen.add(id)
    entries.push([id, element as Plain])
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return new Map(entries)
}

/**
 * Canonical JSON text of a value. `record` marks an object whose `updatedAt` is metadata
 * (the entity root and keyed-array elements).
 */
export function canonicalJson(value: unknown, record = false): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  if (Array.isArray(value)) {
    if (isKeyedArray(value)) {
      return `[${[...recordsById(value).values()].map((element) => canonicalJson(element, true)).join(',')}]`
    }
    return `[${value.map((element) => canonicalJson(element)).join(',')}]`
  }
  const parts: string[] = []
  for (const key of Object.keys(value).sort()) {
    const field = (value as Plain)[key]
    if (field === undefined || (record && key === METADATA_KEY)) continue
    parts.push(`${JSON.stringify(key)}:${canonicalJson(field)}`)
  }
  return `{${parts.join(',')}}`
}

/** Structural equality under the canonical shape (key order and keyed-array order do not matter). */
export function canonicalEqual(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b)
}

/**
 * The value at a dotted path in the path scheme of `diffPaths`: a segment after a keyed array is a
 * record id (`fulfillments.f1.status`); a numeric segment after any other array is an index.
 */
export function valueAtPath(root: unknown, path: string): unknown {
  let current: unknown = root
  for (const segment of path.split('.')) {
    if (Array.isArray(current)) {
      const byId = current.find((element) => recordId(element) === segment)
      current = byId ?? (/^\d+$/.test(segment) ? current[Number(segment)] : undefined)
    } else if (isPlainObject(current)) {
      current = current[segment]
    } else {
      return undefined
    }
  }
  return current
}
