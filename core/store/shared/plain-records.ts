/**
 * Records are stored as JSON-shaped plain objects: an optional field is absent, never `undefined`,
 * so a record reads back equal to the one written whichever driver stored it.
 */
export function omitUndefined<T extends object>(record: T): T {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value
  return out as T
}

/** A plain deep copy of a JSON-shaped value. */
export function cloneJson<T>(value: T): T {
  return value === undefined || value === null ? value : (JSON.parse(JSON.stringify(value)) as T)
}
