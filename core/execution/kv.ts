import type { Clock } from '../sdk/clock.js'
import type { JsonValue, Kv } from '../sdk/connector.js'

interface Entry {
  value: JsonValue
  /** epoch ms on the injected clock; absent: no expiry */
  expiresAt?: number
}

/**
 * The connector cache (`ctx.kv`), in memory, one per connection (the core creates one per connection,
 * which is what namespaces it). It is a cache, not storage: entries vanish on restart, on expiry and on
 * eviction, and connectors must cope (refetch a token, a location id…).
 *
 * - TTL runs on the injected clock, so tests move time by hand; an expired entry is never returned.
 * - Bounded: beyond `maxEntries` the least recently used entry (read or written) is evicted. A JS Map
 *   iterates in insertion order, so re-inserting on every touch keeps the oldest entry first.
 * - Values are copied in and out (structuredClone), as a persistent driver would serialize them: a
 *   caller mutating an object after `set` or after `get` cannot change what the cache holds.
 */
export function createMemoryKv(clock: Clock, opts: { /** @default 10000 */ maxEntries?: number } = {}): Kv {
  const maxEntries = opts.maxEntries ?? 10_000
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`createMemoryKv: maxEntries must be a positive integer, got ${maxEntries}`)
  const entries = new Map<string, Entry>()

  return {
    async get(key) {
      const entry = entries.get(key)
      if (entry === undefined) return undefined
      entries.delete(key)
      if (entry.expiresAt !== undefined && entry.expiresAt <= clock.now()) return undefined
      entries.set(key, entry)
      return structuredClone(entry.value)
    },

    /** `ttlMs` omitted: kept until evicted; `ttlMs ≤ 0`: already expired, so the key is removed. */
    async set(key, value, ttlMs) {
      if (ttlMs !== undefined && !Number.isFinite(ttlMs)) throw new RangeError(`kv.set: ttlMs must be finite, got ${ttlMs}`)
      entries.delete(key)
      if (ttlMs !== undefined && ttlMs <= 0) return
      entries.set(key, { value: structuredClone(value), ...(ttlMs !== undefined && { expiresAt: clock.now() + ttlMs }) })
      // Expired entries are not swept: they are dropped when read or when they become the oldest here.
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
    },

    async delete(key) {
      entries.delete(key)
    },
  }
}
