import type { LedgerEntry, ReserveInput, StepState } from '../contract.js'

/** What a reserve answers before mutexes are considered (SEMANTICS.md §5). */
export type ReserveDecision =
  /** write `entry` and run the action; `recovered`: another worker had reserved it and vanished */
  | { status: 'reserved'; entry: LedgerEntry; recovered: boolean }
  | { status: 'done' | 'skipped' | 'exception' | 'retry_wait'; entry: LedgerEntry }

const SETTLED: Partial<Record<StepState, 'done' | 'skipped' | 'exception'>> = {
  done: 'done',
  skipped: 'skipped',
  failed: 'exception',
  in_doubt: 'exception',
}

/**
 * The reserve decision table:
 *
 * | row                               | answer                        | attempt   |
 * | --------------------------------- | ----------------------------- | --------- |
 * | none                              | reserved                      | 1         |
 * | pending (after an operator retry) | reserved                      | +1        |
 * | reserved, same token              | reserved                      | unchanged |
 * | reserved, other token             | reserved, recovered (takeover)| unchanged |
 * | retry_wait, due                   | reserved                      | +1        |
 * | retry_wait, not due               | retry_wait                    | —         |
 * | done / skipped                    | done / skipped                | —         |
 * | failed / in_doubt                 | exception                     | —         |
 *
 * A reserve that goes ahead refreshes the recorded effect, token, run and `updatedAt`, and the params
 * unless an operator edited them (`editCount > 0`): the edit wins over the rule's params.
 */
export function decideReserve(row: LedgerEntry | undefined, input: ReserveInput): ReserveDecision {
  if (!row) {
    const entry: LedgerEntry = {
      key: input.key, namespace: input.namespace, eventId: input.eventId, ruleId: input.ruleId, stepId: input.stepId,
      target: input.target, runId: input.runId, state: 'reserved', attempt: 1, token: input.token, params: input.params,
      idempotency: input.idempotency, effect: input.effect, resource: input.resource, result: null, error: null,
      editCount: 0, nextAttemptAt: null, ruleHash: input.ruleHash, createdAt: input.now, updatedAt: input.now,
    }
    return { status: 'reserved', entry, recovered: false }
  }
  const settled = SETTLED[row.state]
  if (settled) return { status: settled, entry: row }
  if (row.state === 'retry_wait' && row.nextAttemptAt !== null && row.nextAttemptAt > input.now) {
    return { status: 'retry_wait', entry: row }
  }
  const recovered = row.state === 'reserved' && row.token !== input.token
  const attempt = row.state === 'reserved' ? row.attempt : row.attempt + 1
  const entry: LedgerEntry = {
    ...row,
    state: 'reserved',
    attempt,
    token: input.token,
    runId: input.runId,
    params: row.editCount > 0 ? row.params : input.params,
    idempotency: input.idempotency,
    effect: input.effect,
    resource: input.resource,
    ruleHash: input.ruleHash,
    nextAttemptAt: null,
    updatedAt: input.now,
  }
  return { status: 'reserved', entry, recovered }
}
