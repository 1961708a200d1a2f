import type { Entity } from '../../sdk/entities.js'
import type { JsonValue } from '../../sdk/connector.js'
import type { ConnectionState, ExceptionRecord, LedgerEntry, ResourceState, Run, Timer } from '../contract.js'
import type { DeliveryRow, EventRow, MutexRequest, ResourceKey } from '../shared/tx.js'

/**
 * The lowdb store's whole state, one JSON document. Tables are objects keyed by id so an operation
 * touches only the rows it writes (and the undo journal records only those).
 */
export interface LowdbData {
  schemaVersion: number
  /** last issued sequence numbers; never reused */
  seq: { delivery: number; event: number; run: number; mutex: number }
  connections: Record<string, ConnectionState>
  /** by seq */
  deliveries: Record<string, DeliveryRow>
  /** dedupe key → delivery seq */
  dedupe: Record<string, number>
  /** by resourceKey(); the entity lives in `versions` */
  resources: Record<string, Omit<ResourceState, 'entity'>>
  /** by versionKey(); null: a tombstone */
  versions: Record<string, Entity | null>
  /** by event id */
  events: Record<string, EventRow>
  runs: Record<string, Run>
  ledger: Record<string, LedgerEntry>
  /** by request id */
  mutexRequests: Record<string, MutexRequest>
  timers: Record<string, Timer>
  exceptions: Record<string, { lane: string | null; record: ExceptionRecord }>
  /** paused rules, last schedule ticks: small JSON values by key */
  settings: Record<string, JsonValue>
}

export type Table = Exclude<keyof LowdbData, 'schemaVersion' | 'seq'>

export const SCHEMA_VERSION = 2

export function emptyData(): LowdbData {
  return {
    schemaVersion: SCHEMA_VERSION,
    seq: { delivery: 0, event: 0, run: 0, mutex: 0 },
    connections: {}, deliveries: {}, dedupe: {}, resources: {}, versions: {}, events: {}, runs: {}, ledger: {},
    mutexRequests: {}, timers: {}, exceptions: {}, settings: {},
  }
}

export function resourceKey(key: ResourceKey): string {
  return JSON.stringify([key.connection, key.kind, key.id])
}

export function versionKey(key: ResourceKey, seq: number): string {
  return JSON.stringify([key.connection, key.kind, key.id, seq])
}

/** Rows are handed out and taken in as copies: nothing outside the journal changes the state. */
export const copy = <T>(value: T): T => structuredClone(value)

/** `rows` sorted by `by`, at most `limit`. */
export function ordered<T>(rows: Iterable<T>, by: (a: T, b: T) => number, limit?: number): T[] {
  const sorted = [...rows].sort(by)
  return limit === undefined || limit < 0 ? sorted : sorted.slice(0, limit)
}
