/**
 * Keyset pagination, the way Shopify's cursors behave: a cursor remembers the sort key of the last
 * record served, and the next page starts strictly after it. A record that changes while a client walks
 * moves to its new place in the order; no other record shifts.
 */
export type SortKey = [number, string]

export function compareKeys(a: SortKey, b: SortKey): number {
  return a[0] - b[0] || compareIds(a[1], b[1])
}

/** Numeric ids as numbers (by length, then digits), whatever their size. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}

export function keysetPage<T>(items: Iterable<T>, keyOf: (item: T) => SortKey, after: SortKey | undefined, limit: number): { page: T[]; more: boolean; last?: SortKey } {
  const sorted = [...items].map((item) => ({ item, key: keyOf(item) })).filter(({ key }) => !after || compareKeys(key, after) > 0)
  sorted.sort((a, b) => compareKeys(a.key, b.key))
  const page = sorted.slice(0, limit)
  return { page: page.map((p) => p.item), more: sorted.length > limit, last: page.at(-1)?.key }
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

export function decodeCursor<T>(text: string): T | undefined {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as T
  } catch {
    return undefined
  }
}
