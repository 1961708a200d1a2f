import type { Database } from 'better-sqlite3'
import type { ConnectionState } from '../contract.js'
import type { DeliveryRow, StoreTx } from '../shared/tx.js'
import { json, toDeliveryRow, type DeliveryCols } from './rows.js'

interface ConnectionCols {
  id: string
  baseline_at: number
  cursor: string | null
  cursor_at: number | null
}

type IntakeRepo = Pick<
  StoreTx,
  'getConnection' | 'putConnection' | 'getDelivery' | 'findDeliverySeq' | 'claimableDeliveries' | 'insertDelivery' | 'updateDelivery'
> & {
  /** a delivery whose seq was handed out already (moved from the inbox journal) */
  insertWithSeq(row: DeliveryRow): void
  /** voids every delivery lease (a new lock holder: the leases belong to a process that is gone) */
  releaseLeases(): void
}

/** How seqs are handed out when an inbox journal is in front of the table (inbox-journal.ts). */
export interface SeqSource {
  nextSeq(): number
  /** claims stay below the lowest seq not yet in the table */
  claimBelow(): number
}

/** Connections (baseline, cursor) and the inbox; without `seqs`, the table's AUTOINCREMENT numbers deliveries. */
export function intakeRepo(db: Database, seqs?: () => SeqSource | undefined): IntakeRepo {
  const s = {
    getConnection: db.prepare<[string], ConnectionCols>('SELECT * FROM connections WHERE id = ?'),
    putConnection: db.prepare(
      `INSERT INTO connections (id, baseline_at, cursor, cursor_at) VALUES (@id, @baseline_at, @cursor, @cursor_at)
       ON CONFLICT (id) DO UPDATE SET baseline_at = excluded.baseline_at, cursor = excluded.cursor, cursor_at = excluded.cursor_at`,
    ),
    getDelivery: db.prepare<[number], DeliveryCols>('SELECT * FROM deliveries WHERE seq = ?'),
    findDedupe: db.prepare<[string], { seq: number }>('SELECT seq FROM deliveries WHERE dedupe_key = ?'),
    claimable: db.prepare<[number, number, number], DeliveryCols>(
      "SELECT * FROM deliveries WHERE state = 'pending' AND (lease_until IS NULL OR lease_until < ?) AND seq < ? ORDER BY seq LIMIT ?",
    ),
    insert: db.prepare(
      `INSERT INTO deliveries (seq, connection, source, received_at, received_ms, headers, body, dedupe_key, state, lease_owner, lease_until)
       VALUES (@seq, @connection, @source, @received_at, @received_ms, @headers, @body, @dedupe_key, @state, @lease_owner, @lease_until)`,
    ),
    release: db.prepare("UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE state = 'pending' AND lease_until IS NOT NULL"),
    update: db.prepare<[string, string | null, number | null, number]>('UPDATE deliveries SET state = ?, lease_owner = ?, lease_until = ? WHERE seq = ?'),
  }
  const insert = (row: Omit<DeliveryRow, 'seq'>, seq: number | null): number => {
    const info = s.insert.run({
      seq, connection: row.connection, source: row.source, received_at: row.receivedAt, received_ms: msOf(row.receivedAt),
      headers: JSON.stringify(row.headers), body: row.body, dedupe_key: row.dedupeKey, state: row.state,
      lease_owner: row.leaseOwner, lease_until: row.leaseUntil,
    })
    return Number(info.lastInsertRowid)
  }
  return {
    getConnection(id) {
      const c = s.getConnection.get(id)
      return c && ({ id: c.id, baselineAt: c.baseline_at, cursor: c.cursor === null ? null : JSON.parse(c.cursor), cursorAt: c.cursor_at } satisfies ConnectionState)
    },
    putConnection(c) {
      s.putConnection.run({ id: c.id, baseline_at: c.baselineAt, cursor: json(c.cursor), cursor_at: c.cursorAt })
    },
    getDelivery(seq) {
      const c = s.getDelivery.get(seq)
      return c && toDeliveryRow(c)
    },
    findDeliverySeq: (dedupeKey) => s.findDedupe.get(dedupeKey)?.seq,
    claimableDeliveries: (now, limit) => s.claimable.all(now, seqs?.()?.claimBelow() ?? Number.MAX_SAFE_INTEGER, limit).map(toDeliveryRow),
    insertDelivery: (row) => insert(row, seqs?.()?.nextSeq() ?? null),
    insertWithSeq(row) {
      insert(row, row.seq)
    },
    releaseLeases() {
      s.release.run()
    },
    updateDelivery(seq, patch) {
      s.update.run(patch.state, patch.leaseOwner, patch.leaseUntil, seq)
    },
  }
}

/** Retention compares receive times as epoch ms; an unparsable time counts as now-ish (never pruned early). */
export function msOf(iso: string): number {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? Number.MAX_SAFE_INTEGER : ms
}
