import { CartwireError } from '../../sdk/errors.js'
import type { CommitInput, LedgerEntry, ReserveInput, ReserveResult, StepOutcome } from '../contract.js'
import { acquireMutex, releaseMutexes } from './mutex.js'
import { recordException } from './record-exception.js'
import { decideReserve } from './reserve-decision.js'
import { isFenced } from './run-change.js'
import { changeRun } from './run-ops.js'
import type { StoreTx } from './tx.js'

/**
 * Reserve → run → commit, step one (SEMANTICS.md §5). Fenced by the run's lease; the answer follows
 * reserve-decision.ts; a `mutex` whose earlier request belongs to another run parks this run in
 * `mutex_wait` without touching the ledger row.
 */
export function reserveStep(tx: StoreTx, input: ReserveInput): ReserveResult {
  const run = tx.getRun(input.runId)
  if (!run || isFenced(run, input.token)) return { status: 'fenced' }
  const decision = decideReserve(tx.getLedger(input.key), input)
  if (decision.status !== 'reserved') return decision
  if (input.mutex !== undefined && !acquireMutex(tx, input.mutex, input.key, input.runId)) {
    changeRun(tx, run, { state: 'mutex_wait' }, input.now)
    return { status: 'blocked' }
  }
  tx.putLedger(decision.entry)
  return decision
}

/**
 * Writes the step's outcome and the run's next state together. Refused when the run's lease was taken
 * over (or the row was reserved under another token): the ledger row then stays as the new holder left it.
 */
export function commitStep(tx: StoreTx, input: CommitInput): { ok: boolean } {
  const run = tx.getRun(input.runId)
  const row = tx.getLedger(input.key)
  if (!run || isFenced(run, input.token) || (row && row.token !== input.token)) return { ok: false }
  if (!row || row.state !== 'reserved') {
    throw new CartwireError('ERR_INTERNAL', `commit of step ${input.key}, which is ${row ? row.state : 'not reserved'}`)
  }
  tx.putLedger(outcomeRow(row, input.outcome, input.now))
  const { outcome } = input
  if (outcome.state === 'failed' || outcome.state === 'in_doubt') {
    recordException(tx, { ...outcome.exception, ledgerKey: input.key, runId: input.runId })
  }
  changeRun(tx, run, input.run, input.now)
  // backoff keeps the mutex: the retry must not lose its place to a later request
  if (outcome.state !== 'retry_wait') releaseMutexes(tx, { ledgerKey: input.key }, input.now)
  return { ok: true }
}

function outcomeRow(row: LedgerEntry, outcome: StepOutcome, now: number): LedgerEntry {
  switch (outcome.state) {
    case 'done':
      return { ...row, state: 'done', result: outcome.result, error: null, nextAttemptAt: null, updatedAt: now }
    case 'retry_wait':
      return { ...row, state: 'retry_wait', error: outcome.error, nextAttemptAt: outcome.nextAttemptAt, updatedAt: now }
    default:
      return { ...row, state: outcome.state, error: outcome.error, nextAttemptAt: null, updatedAt: now }
  }
}
