import { CartwireError } from '../../sdk/errors.js'
import type { ExceptionOp, ExceptionRecord } from '../contract.js'
import { planExceptionOp } from './exception-ops.js'
import { releaseMutexes } from './mutex.js'
import { changeRun } from './run-ops.js'
import type { StoreTx } from './tx.js'

/** Writes what exception-ops.ts decides: the exception, its ledger row, its run and its delivery at once. */
export function updateException(tx: StoreTx, id: string, op: ExceptionOp, now: number): ExceptionRecord {
  const record = tx.getException(id)
  if (!record) throw new CartwireError('ERR_PARAMS', `no exception ${id}`)
  const ledger = record.ledgerKey === undefined ? undefined : tx.getLedger(record.ledgerKey)
  const run = record.runId === undefined ? undefined : tx.getRun(record.runId)
  const effects = planExceptionOp(record, op, now, { ledger, run })
  tx.putException(effects.record)
  if (effects.ledger) {
    tx.putLedger(effects.ledger)
    if (effects.ledger.state === 'skipped') releaseMutexes(tx, { ledgerKey: effects.ledger.key }, now)
  }
  if (effects.runChange && run) changeRun(tx, run, effects.runChange, now)
  if (effects.delivery && record.deliverySeq !== undefined && tx.getDelivery(record.deliverySeq)) {
    tx.updateDelivery(record.deliverySeq, { state: effects.delivery, leaseOwner: null, leaseUntil: null })
  }
  return effects.record
}
