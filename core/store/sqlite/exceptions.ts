import type { Database } from 'better-sqlite3'
import type { ExceptionRecord } from '../contract.js'
import type { StoreTx } from '../shared/tx.js'
import { listQuery } from './filters.js'
import { toException } from './rows.js'

type ExceptionRepo = Pick<StoreTx, 'getException' | 'listExceptions' | 'openStepExceptionsInLane' | 'insertException' | 'putException'>

/** Exceptions: the record as JSON plus the columns operators and claims query by. */
export function exceptionRepo(db: Database): ExceptionRepo {
  const s = {
    get: db.prepare<[string], { record: string }>('SELECT record FROM exceptions WHERE id = ?'),
    inLane: db.prepare<[string], { record: string }>("SELECT record FROM exceptions WHERE lane = ? AND state = 'open' AND kind = 'step' ORDER BY created_at, id"),
    insert: db.prepare(
      `INSERT INTO exceptions (id, kind, state, lane, run_id, ledger_key, event_id, created_at, record)
       VALUES (@id, @kind, @state, @lane, @run_id, @ledger_key, @event_id, @created_at, @record)`,
    ),
    put: db.prepare<[string, string, string]>('UPDATE exceptions SET state = ?, record = ? WHERE id = ?'),
  }
  const list = listQuery<{ record: string }>(db, 'SELECT record FROM exceptions', 'created_at, id')
  return {
    getException(id) {
      const c = s.get.get(id)
      return c && toException(c)
    },
    listExceptions: (f) => list([['state = ?', f.state], ['kind = ?', f.kind]], f.limit).map(toException),
    openStepExceptionsInLane: (lane) => s.inLane.all(lane).map(toException),
    insertException(record: ExceptionRecord, lane) {
      s.insert.run({
        id: record.id, kind: record.kind, state: record.state, lane, run_id: record.runId ?? null, ledger_key: record.ledgerKey ?? null,
        event_id: record.eventId ?? null, created_at: record.createdAt, record: JSON.stringify(record),
      })
    },
    putException(record) {
      s.put.run(record.state, JSON.stringify(record), record.id)
    },
  }
}
