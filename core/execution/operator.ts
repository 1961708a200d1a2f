import type { Runtime } from '../engine/runtime.js'
import { validateActionParams } from '../model/schemas.js'
import type { JsonValue } from '../sdk/connector.js'
import { CartwireError } from '../sdk/errors.js'
import type { ExceptionRecord, LedgerEntry, Store, StoredEvent } from '../store/contract.js'

/**
 * The operator's decisions on an exception (SEMANTICS.md §7). Retry re-runs the step with the same key;
 * edit-and-retry validates and stores new params, and the downstream key gains `/edit-<n>`; skip marks
 * the step skipped and the run continues; resolve ends the run with a note.
 */
export async function retryException(rt: Runtime, id: string, params?: JsonValue): Promise<ExceptionRecord> {
  const exception = await rt.store.getException(id)
  if (!exception) throw new CartwireError('ERR_NOT_FOUND', `no exception ${id}`)
  if (params !== undefined) assertParams(rt, exception, params)
  return rt.store.updateException(id, params === undefined ? { op: 'retry' } : { op: 'retry', params }, rt.clock.now())
}

export async function skipException(rt: Runtime, id: string): Promise<ExceptionRecord> {
  return rt.store.updateException(id, { op: 'skip' }, rt.clock.now())
}

export async function resolveException(rt: Runtime, id: string, note: string): Promise<ExceptionRecord> {
  if (!note.trim()) throw new CartwireError('ERR_PARAMS', 'resolve needs a note saying what was done')
  return rt.store.updateException(id, { op: 'resolve', note }, rt.clock.now())
}

function assertParams(rt: Runtime, exception: ExceptionRecord, params: JsonValue): void {
  if (exception.kind !== 'step') throw new CartwireError('ERR_PARAMS', `exception ${exception.id} is a ${exception.kind} exception; only step exceptions take new params`)
  const step = rt.rules.get(exception.ruleId ?? '')?.then.find((s) => s.id === exception.stepId)
  if (!step || step.kind !== 'action') throw new CartwireError('ERR_PARAMS', `rule ${exception.ruleId} no longer has action step ${exception.stepId}`)
  const unified = validateActionParams(step.action, params)
  const issues = unified ?? (() => {
    const parsed = rt.actions.get(step.action)?.params.safeParse(params)
    return parsed && !parsed.success ? parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) : []
  })()
  if (issues.length) throw new CartwireError('ERR_PARAMS', `params for ${step.action}: ${issues.map((i) => `${i.path || '(params)'}: ${i.message}`).join('; ')}`, { details: issues })
}

/** An exception with what an operator needs beside it: its ledger row and its event. */
export async function exceptionDetail(store: Store, exception: ExceptionRecord): Promise<{ exception: ExceptionRecord; ledger?: LedgerEntry; event?: StoredEvent }> {
  const ledger = exception.ledgerKey === undefined ? undefined : await store.getLedgerEntry(exception.ledgerKey)
  const event = exception.eventId === undefined ? undefined : await store.getEvent(exception.eventId)
  return { exception, ...(ledger && { ledger }), ...(event && { event }) }
}
