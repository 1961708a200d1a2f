import { CartwireError } from '../../sdk/errors.js'
import type { Decoded, Delivery, JsonValue } from '../../sdk/connector.js'
import type { AppendResult, ConnectionState, NewDelivery } from '../contract.js'
import type { DeliveryRow, StoreTx } from './tx.js'

/** Header names never stored: credentials a proxy or the platform may have sent along. */
const DROPPED_HEADERS = new Set(['authorization', 'proxy-authorization'])

export function ensureConnection(tx: StoreTx, id: string, now: number): ConnectionState {
  const existing = tx.getConnection(id)
  if (existing) return existing
  const created: ConnectionState = { id, baselineAt: now, cursor: null, cursorAt: null }
  tx.putConnection(created)
  return created
}

export function requireConnection(tx: StoreTx, id: string): ConnectionState {
  const connection = tx.getConnection(id)
  if (!connection) throw new CartwireError('ERR_UNKNOWN_CONNECTION', `connection ${id} has no store row (ensureConnection runs at start)`)
  return connection
}

/** One group commit: a delivery whose dedupe key was seen (in the store or earlier in the batch) is not stored again. */
export function appendDeliveries(tx: StoreTx, items: readonly NewDelivery[]): AppendResult[] {
  return items.map((item) => {
    const seen = item.dedupeKey === undefined ? undefined : tx.findDeliverySeq(item.dedupeKey)
    if (seen !== undefined) return { seq: seen, duplicate: true }
    const seq = tx.insertDelivery({
      connection: item.connection, source: item.source, receivedAt: item.receivedAt, headers: storedHeaders(item.headers),
      body: item.body, dedupeKey: item.dedupeKey ?? null, state: 'pending', leaseOwner: null, leaseUntil: null,
    })
    return { seq, duplicate: false }
  })
}

/** A poll page is one inbox delivery; the walk's cursor moves with its last page only (SEMANTICS.md §11). */
export function applyPollPage(tx: StoreTx, input: { connection: string; receivedAt: string; items: Decoded[]; cursor?: JsonValue }): AppendResult {
  const connection = requireConnection(tx, input.connection)
  const seq = tx.insertDelivery({
    connection: input.connection, source: 'poll', receivedAt: input.receivedAt, headers: {},
    body: JSON.stringify({ decoded: input.items }), dedupeKey: null, state: 'pending', leaseOwner: null, leaseUntil: null,
  })
  if (input.cursor !== undefined) tx.putConnection({ ...connection, cursor: input.cursor, cursorAt: Date.parse(input.receivedAt) })
  return { seq, duplicate: false }
}

export function claimDeliveries(tx: StoreTx, owner: string, now: number, leaseMs: number, limit: number): Delivery[] {
  return tx.claimableDeliveries(now, limit).map((row) => {
    tx.updateDelivery(row.seq, { state: row.state, leaseOwner: owner, leaseUntil: now + leaseMs })
    return toDelivery(row)
  })
}

export function toDelivery(row: DeliveryRow): Delivery {
  return { seq: row.seq, connection: row.connection, source: row.source, receivedAt: row.receivedAt, headers: row.headers, body: row.body }
}

export function storedHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase()
    if (!DROPPED_HEADERS.has(lower)) out[lower] = value
  }
  return out
}
