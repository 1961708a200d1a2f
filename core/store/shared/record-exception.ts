import { randomBytes } from 'node:crypto'
import type { ExceptionRecord, NewException } from '../contract.js'
import { omitUndefined } from './plain-records.js'
import type { StoreTx } from './tx.js'

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/** `ex_` + 10 random base32 characters (50 bits): short enough to type, unique in practice. */
export function newExceptionId(): string {
  const bytes = randomBytes(10)
  let id = 'ex_'
  for (const byte of bytes) id += BASE32[byte & 31]
  return id
}

/**
 * Opens an exception. An intake exception's delivery is marked `failed` in the same operation (its raw
 * body stays in the inbox for the operator); a step exception remembers its run's lane so that later
 * runs of that lane can be noted on it.
 */
export function recordException(tx: StoreTx, input: NewException): ExceptionRecord {
  const { now, ...rest } = input
  let id = newExceptionId()
  while (tx.getException(id)) id = newExceptionId()
  const record: ExceptionRecord = { ...omitUndefined(rest), id, state: 'open', note: null, laterEvents: [], createdAt: now, updatedAt: now }
  const lane = input.runId === undefined ? null : (tx.getRun(input.runId)?.lane ?? null)
  tx.insertException(record, lane)
  if (input.deliverySeq !== undefined && tx.getDelivery(input.deliverySeq)) {
    tx.updateDelivery(input.deliverySeq, { state: 'failed', leaseOwner: null, leaseUntil: null })
  }
  return record
}
