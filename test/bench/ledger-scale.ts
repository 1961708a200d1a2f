/**
 * Ledger at scale for the peers bench, in its own process so its RSS is its own:
 * `tsx test/bench/ledger-scale.ts [entries = 1,000,000] [measured = 5,000]`. Prints one JSON line.
 *
 * Filling through the Store (micro.ts's ledger(): a commit per entry, synchronous full) runs at about
 * 1,300 entries/s, 13 minutes for 1M. Instead the store file is created by openSqliteStore (the real
 * migrations), the `shop` connection added through the Store, and then `fillLedger` writes directly, with
 * prepared statements in transactions of 50,000 entries, exactly the rows micro.ts's ledgerCycle leaves
 * per order `o<i>` once its step is committed:
 * - resources + versions: the order (makeOrder() with id `o<i>`, about 0.9 KiB of JSON), version 1;
 * - events: `ev-o<i>`, order.paid, trace matched ['r'];
 * - runs: `ev-o<i>:r` on lane `shop|order|o<i>|r`, done/completed, lease token 1, lease released;
 * - ledger: `ev-o<i>:s`, done, attempt 1, token 1, params {tags:['x']}, the tags effect, result null.
 * Rows go in the same order (i ascending, so the same rowids and seqs) as the real path: every table and
 * index (ledger key, event, state and own-writes indexes; runs id, lane, state and event indexes) holds
 * the same entries as after the slow fill; only runs' and ledger rows' timestamps differ (one ms apart,
 * ending now, instead of each commit's time). Checked at 20,000 entries: all rows equal but those
 * timestamps, page count within 1% (the slow path's updates leave pages a little less full). The timed
 * reserve+commit reads and writes runs and ledger (and the empty timers and mutex_requests), so it sees
 * the B-trees a real 1M-entry store has. The fill runs with journal_mode OFF and synchronous OFF (a
 * scratch file: nothing to recover); the Store reopens it in WAL as always.
 *
 * The raw connection is then closed, the file reopened with openSqliteStore (synchronous full, its
 * default), and `measured` more orders go through micro.ts's ledgerCycle: applySnapshots and claimWork
 * untimed, then reserveStep + commitStep timed, awaited one pair at a time, as micro.ts times them.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import { openSqliteStore } from '../../core/store/sqlite/open.js'
import { makeOrder } from '../support/entities.js'
import { ledgerCycle } from './micro.js'

const PER_TRANSACTION = 50_000

/** Writes `count` committed steps (orders `o0`… with their event, run and ledger row) into an existing store file. */
export function fillLedger(file: string, count: number): void {
  const db = new Database(file)
  try {
    db.pragma('journal_mode = OFF')
    db.pragma('synchronous = OFF')
    const s = {
      resource: db.prepare(
        `INSERT INTO resources (connection, kind, id, updated_at, content_hash, normalizer_version, created_at, deleted_at, version_seq, milestones, members)
         VALUES ('shop', 'order', ?, 1, ?, 1, 1, NULL, 1, '{}', '{}')`,
      ),
      version: db.prepare(`INSERT INTO versions (connection, kind, resource_id, seq, entity) VALUES ('shop', 'order', ?, 1, ?)`),
      event: db.prepare(
        `INSERT INTO events (id, type, connection, kind, resource_id, version, version_seq, previous_seq, occurred_at, received_at, received_ms, caused_by, member, changes, trace)
         VALUES (?, 'order.paid', 'shop', 'order', ?, '1', 1, NULL, @at, @at, @ms, NULL, NULL, '[]', @trace)`,
      ),
      run: db.prepare(
        `INSERT INTO runs (id, event_id, rule_id, rule_hash, lane, state, cursor, due_at, lease_owner, lease_token, lease_until, outcome, trigger_seq, created_at, updated_at)
         VALUES (?, ?, 'r', 'h', ?, 'done', NULL, NULL, NULL, 1, NULL, 'completed', 1, 1, ?)`,
      ),
      ledger: db.prepare(
        `INSERT INTO ledger (key, namespace, event_id, rule_id, step_id, target, run_id, state, attempt, token, params, idempotency, effect, res_connection, res_kind, res_id, result, error, edit_count, next_attempt_at, rule_hash, created_at, updated_at)
         VALUES (?, 'rule', ?, 'r', 's', 'shop', ?, 'done', 1, 1, @params, 'natural', @effect, 'shop', 'order', ?, NULL, NULL, 0, NULL, 'h', ?, ?)`,
      ),
    }
    const base = makeOrder()
    const event = { at: base.updatedAt, ms: Date.parse(base.updatedAt), trace: JSON.stringify({ matched: ['r'], skipped: [] }) }
    const step = { params: JSON.stringify({ tags: ['x'] }), effect: JSON.stringify([{ path: 'tags', includes: ['x'] }]) }
    const firstAt = Date.now() - count
    const chunk = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const id = `o${i}`
        const eventId = `ev-${id}`
        const runId = `${eventId}:r`
        const at = firstAt + i
        s.resource.run(id, id)
        s.version.run(id, JSON.stringify({ ...base, id }))
        s.event.run(event, eventId, id)
        s.run.run(runId, eventId, `shop|order|${id}|r`, at)
        s.ledger.run(step, `${eventId}:s`, eventId, runId, eventId, at, at)
      }
    })
    for (let i = 0; i < count; i += PER_TRANSACTION) chunk(i, Math.min(count, i + PER_TRANSACTION))
    db.pragma('journal_mode = WAL')
  } finally {
    db.close()
  }
}

async function main(entries: number, measured: number) {
  const started = performance.now()
  const dir = mkdtempSync(path.join(tmpdir(), 'cartwire-ledger-'))
  const file = path.join(dir, 'ledger.db')
  try {
    const created = await openSqliteStore({ path: file, lock: false })
    await created.ensureConnection('shop', 0)
    await created.close()
    const fillStarted = performance.now()
    fillLedger(file, entries)
    const fillSeconds = +((performance.now() - fillStarted) / 1000).toFixed(1)
    const store = await openSqliteStore({ path: file, lock: false })
    const before = await store.counts()
    const ledgerEntries = Object.values(before.ledger).reduce((a, b) => a + (b ?? 0), 0)
    if (before.ledger.done !== entries) throw new Error(`the fill left ${JSON.stringify(before.ledger)} in the ledger, expected ${entries} done`)
    const timed = await ledgerCycle(store, entries, measured)
    const synchronous = store.pragmas().durability
    await store.close()
    if (timed.done !== measured) throw new Error(`only ${timed.done} of ${measured} steps were claimed`)
    return {
      synchronous, ledgerEntries, fillSeconds, measured: timed.done,
      reserveCommitPerSec: Math.round((timed.done / timed.ms) * 1000),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      dbFileMiB: Math.round(statSync(file).size / 2 ** 20),
      totalSeconds: +((performance.now() - started) / 1000).toFixed(1),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await main(Number(process.argv[2] ?? 1_000_000), Number(process.argv[3] ?? 5_000))))
}
