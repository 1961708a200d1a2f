import type { Database } from 'better-sqlite3'
import type { MutexRequest, StoreTx } from '../shared/tx.js'
import { listQuery } from './filters.js'
import { ledgerParams, toLedger, type LedgerCols } from './rows.js'

type LedgerRepo = Pick<
  StoreTx,
  'getLedger' | 'listLedger' | 'ledgerWithEffect' | 'putLedger' | 'mutexHolder' | 'findMutexRequest' | 'insertMutexRequest' | 'deleteMutexRequests'
>

interface MutexCols {
  id: number
  mutex: string
  ledger_key: string
  run_id: string
}

const LEDGER_COLUMNS =
  'key, namespace, event_id, rule_id, step_id, target, run_id, state, attempt, token, params, idempotency, effect, res_connection, res_kind, res_id, result, error, edit_count, next_attempt_at, rule_hash, created_at, updated_at'

/** Set at insert and never changed: left out of updates so their indexes are not rewritten. */
const FIXED = new Set(['key', 'namespace', 'event_id', 'rule_id', 'step_id', 'target', 'created_at'])

/** The step ledger (one row per ledger key) and `concurrencyKey` mutex requests. */
export function ledgerRepo(db: Database): LedgerRepo {
  const columns = LEDGER_COLUMNS.split(', ')
  const s = {
    get: db.prepare<[string], LedgerCols>('SELECT * FROM ledger WHERE key = ?'),
    put: db.prepare(
      `INSERT INTO ledger (${LEDGER_COLUMNS}) VALUES (${columns.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (key) DO UPDATE SET ${columns.filter((c) => !FIXED.has(c)).map((c) => `${c} = excluded.${c}`).join(', ')}`,
    ),
    withEffect: db.prepare<[string, string, string, number], LedgerCols>(
      'SELECT * FROM ledger WHERE res_connection = ? AND res_kind = ? AND res_id = ? AND updated_at >= ? AND effect IS NOT NULL',
    ),
    holder: db.prepare<[string], MutexCols>('SELECT * FROM mutex_requests WHERE mutex = ? ORDER BY id LIMIT 1'),
    find: db.prepare<[string, string], MutexCols>('SELECT * FROM mutex_requests WHERE mutex = ? AND ledger_key = ?'),
    insertMutex: db.prepare<[string, string, string]>('INSERT INTO mutex_requests (mutex, ledger_key, run_id) VALUES (?, ?, ?)'),
    deleteByKey: db.prepare<[string], MutexCols>('DELETE FROM mutex_requests WHERE ledger_key = ? RETURNING *'),
    deleteByRun: db.prepare<[string], MutexCols>('DELETE FROM mutex_requests WHERE run_id = ? RETURNING *'),
  }
  const listLedger = listQuery<LedgerCols>(db, 'SELECT * FROM ledger', 'created_at, key')
  return {
    getLedger(key) {
      const c = s.get.get(key)
      return c && toLedger(c)
    },
    listLedger: (f) => listLedger([['event_id = ?', f.eventId], ['state = ?', f.state]], f.limit).map(toLedger),
    ledgerWithEffect: (r, since) => s.withEffect.all(r.connection, r.kind, r.id, since).map(toLedger),
    putLedger(entry) {
      s.put.run(ledgerParams(entry))
    },
    mutexHolder(mutex) {
      const c = s.holder.get(mutex)
      return c && toMutex(c)
    },
    findMutexRequest(mutex, ledgerKey) {
      const c = s.find.get(mutex, ledgerKey)
      return c && toMutex(c)
    },
    insertMutexRequest(mutex, ledgerKey, runId) {
      const id = Number(s.insertMutex.run(mutex, ledgerKey, runId).lastInsertRowid)
      return { id, mutex, ledgerKey, runId }
    },
    deleteMutexRequests: (by) => ('ledgerKey' in by ? s.deleteByKey.all(by.ledgerKey) : s.deleteByRun.all(by.runId)).map(toMutex),
  }
}

function toMutex(c: MutexCols): MutexRequest {
  return { id: c.id, mutex: c.mutex, ledgerKey: c.ledger_key, runId: c.run_id }
}
