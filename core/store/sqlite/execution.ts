import type { Database } from 'better-sqlite3'
import type { Run } from '../contract.js'
import { LANE_HOLDING_STATES } from '../shared/lanes.js'
import type { StoreTx } from '../shared/tx.js'
import { listQuery } from './filters.js'
import { runParams, toRun, toTimer, type RunCols, type TimerCols } from './rows.js'

type ExecutionRepo = Pick<
  StoreTx,
  | 'getRun' | 'listRuns' | 'countRunsSince' | 'claimCandidates' | 'insertRun' | 'putRun'
  | 'getTimer' | 'dueTimers' | 'listTimers' | 'putTimer' | 'deleteTimer' | 'deleteTimersOfRun'
>

const HOLDING = LANE_HOLDING_STATES.map((state) => `'${state}'`).join(', ')

/**
 * lanes.ts's claim rule as indexed queries: a queued run is a candidate when no run of its lane holds it
 * and no queued run of its lane is older (two probes of `runs_lane (lane, state, seq)` per queued run);
 * due retries and expired leases come from their partial indexes (named: without statistics the planner
 * would rather walk every running run by `runs_state`).
 */
const CLAIM_QUEUED = `SELECT r.* FROM runs r WHERE r.state = 'queued'
  AND NOT EXISTS (SELECT 1 FROM runs o WHERE o.lane = r.lane AND o.state IN (${HOLDING}))
  AND NOT EXISTS (SELECT 1 FROM runs o WHERE o.lane = r.lane AND o.state = 'queued' AND o.seq < r.seq)
  ORDER BY r.seq LIMIT ?`
const CLAIM_RETRY = `SELECT * FROM runs INDEXED BY runs_retry_due WHERE state = 'retry_wait' AND due_at <= ? ORDER BY seq LIMIT ?`
const CLAIM_EXPIRED = `SELECT * FROM runs INDEXED BY runs_lease WHERE state = 'running' AND lease_until < ? ORDER BY seq LIMIT ?`

const RUN_COLUMNS = 'id, event_id, rule_id, rule_hash, lane, state, cursor, due_at, lease_owner, lease_token, lease_until, outcome, trigger_seq, created_at, updated_at'

/** Set at insert and never changed: left out of updates so their indexes (lane, event) are not rewritten. */
const FIXED = new Set(['id', 'event_id', 'rule_id', 'rule_hash', 'lane', 'trigger_seq', 'created_at'])

/** Runs (with the lane queries of a claim) and durable timers. */
export function executionRepo(db: Database): ExecutionRepo {
  const s = {
    getRun: db.prepare<[string], RunCols>('SELECT * FROM runs WHERE id = ?'),
    countSince: db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM runs WHERE lane = ? AND created_at >= ?'),
    queued: db.prepare<[number], RunCols>(CLAIM_QUEUED),
    retry: db.prepare<[number, number], RunCols>(CLAIM_RETRY),
    expired: db.prepare<[number, number], RunCols>(CLAIM_EXPIRED),
    insertRun: db.prepare(`INSERT INTO runs (${RUN_COLUMNS}) VALUES (${RUN_COLUMNS.split(', ').map((c) => `@${c}`).join(', ')})`),
    putRun: db.prepare(`UPDATE runs SET ${RUN_COLUMNS.split(', ').filter((c) => !FIXED.has(c)).map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`),
    getTimer: db.prepare<[string], TimerCols>('SELECT * FROM timers WHERE id = ?'),
    dueTimers: db.prepare<[number, number, number], TimerCols>(
      'SELECT * FROM timers WHERE due_at <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY due_at, id LIMIT ?',
    ),
    listTimers: db.prepare<[], TimerCols>('SELECT * FROM timers ORDER BY due_at, id'),
    putTimer: db.prepare(
      `INSERT OR REPLACE INTO timers (id, kind, run_id, due_at, payload, token, lease_until)
       VALUES (@id, @kind, @run_id, @due_at, @payload, @token, @lease_until)`,
    ),
    deleteTimer: db.prepare<[string]>('DELETE FROM timers WHERE id = ?'),
    deleteTimersOfRun: db.prepare<[string]>('DELETE FROM timers WHERE run_id = ?'),
  }
  const listRuns = listQuery<RunCols>(db, 'SELECT * FROM runs', 'seq')
  return {
    getRun(id) {
      const c = s.getRun.get(id)
      return c && toRun(c)
    },
    listRuns: (f) => listRuns([['state = ?', f.state], ['event_id = ?', f.eventId], ['rule_id = ?', f.ruleId]], f.limit).map(toRun),
    countRunsSince: (lane, since) => s.countSince.get(lane, since)?.n ?? 0,
    claimCandidates(now, limit) {
      const runs: Run[] = [...s.queued.all(limit), ...s.retry.all(now, limit), ...s.expired.all(now, limit)].map(toRun)
      return runs.sort((a, b) => a.seq - b.seq).slice(0, limit)
    },
    insertRun: (run) => Number(s.insertRun.run(runParams(run)).lastInsertRowid),
    putRun(run) {
      s.putRun.run(runParams(run))
    },
    getTimer(id) {
      const c = s.getTimer.get(id)
      return c && toTimer(c)
    },
    dueTimers: (now, limit) => s.dueTimers.all(now, now, limit).map(toTimer),
    listTimers: () => s.listTimers.all().map(toTimer),
    putTimer(t) {
      s.putTimer.run({
        id: t.id, kind: t.kind, run_id: t.runId ?? null, due_at: t.dueAt,
        payload: t.payload === undefined ? null : JSON.stringify(t.payload), token: t.token, lease_until: t.leaseUntil,
      })
    },
    deleteTimer(id) {
      s.deleteTimer.run(id)
    },
    deleteTimersOfRun(runId) {
      s.deleteTimersOfRun.run(runId)
    },
  }
}
