import { CartwireError } from '../../sdk/errors.js'
import type { JsonValue } from '../../sdk/connector.js'
import type { DeliveryState, ExceptionOp, ExceptionRecord, ExceptionState, LedgerEntry, Run, RunChange } from '../contract.js'
import { isTerminal } from './lanes.js'

/** What an operator's action on an exception changes; the caller writes it in one operation. */
export interface ExceptionEffects {
  record: ExceptionRecord
  /** the step's ledger row, rewritten */
  ledger?: LedgerEntry
  /** applied to the exception's run */
  runChange?: RunChange
  /** the intake delivery's new state */
  delivery?: DeliveryState
}

const CLOSED_STATE: Record<ExceptionOp['op'], ExceptionState> = { retry: 'retried', skip: 'skipped', resolve: 'resolved' }

/**
 * The store side of retry / edit-and-retry / skip / resolve (SEMANTICS.md §7), as a pure function of the
 * exception and what it references.
 *
 * | kind                | retry                                         | skip                         | resolve                       |
 * | ------------------- | --------------------------------------------- | ---------------------------- | ----------------------------- |
 * | step                | row → pending (params edited: editCount + 1); | row → skipped;               | run → ended `resolved: note`; |
 * |                     | suspended run → queued, same cursor           | suspended run → queued       | row unchanged                 |
 * | intake              | delivery → pending                            | —                            | —                             |
 * | connection / policy | —                                             | —                            | —                             |
 *
 * Every op closes the exception. An exception that is not open is refused with ERR_PARAMS.
 */
export function planExceptionOp(
  record: ExceptionRecord,
  op: ExceptionOp,
  now: number,
  refs: { ledger?: LedgerEntry; run?: Run },
): ExceptionEffects {
  if (record.state !== 'open') throw new CartwireError('ERR_PARAMS', `exception ${record.id} is ${record.state}`)
  const closed: ExceptionRecord = { ...record, state: CLOSED_STATE[op.op], updatedAt: now }
  if (op.op === 'resolve') closed.note = op.note
  const effects: ExceptionEffects = { record: closed }

  if (record.kind === 'intake') {
    if (op.op === 'retry' && record.deliverySeq !== undefined) effects.delivery = 'pending'
    return effects
  }
  if (record.kind !== 'step') return effects

  const { ledger, run } = refs
  if (op.op === 'resolve') {
    if (run && !isTerminal(run.state)) effects.runChange = { state: 'ended', outcome: `resolved: ${op.note}` }
    return effects
  }
  if (ledger) effects.ledger = op.op === 'retry' ? retriedRow(ledger, op.params, now) : { ...ledger, state: 'skipped', updatedAt: now }
  if (op.op === 'retry' && op.params !== undefined) closed.params = op.params
  if (run?.state === 'suspended') effects.runChange = { state: 'queued' }
  return effects
}

/** Retry keeps the ledger key; an edit stores the new params and counts, so the downstream key gets `/edit-<n>`. */
function retriedRow(row: LedgerEntry, params: JsonValue | undefined, now: number): LedgerEntry {
  const edited = params !== undefined
  return {
    ...row,
    state: 'pending',
    nextAttemptAt: null,
    params: edited ? params : row.params,
    editCount: edited ? row.editCount + 1 : row.editCount,
    updatedAt: now,
  }
}
