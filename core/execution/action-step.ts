import type { Runtime } from '../engine/runtime.js'
import { resolveParams } from '../rules/interpolate.js'
import type { ActionStep, Rule } from '../rules/types.js'
import type { ActionContext, IdempotencyClass, JsonValue } from '../sdk/connector.js'
import { CartwireError, wrapPluginError, type SerializedError } from '../sdk/errors.js'
import type { ClaimedRun, LedgerEntry, NewException, RunChange, StoredEvent } from '../store/contract.js'
import { backoffDelay } from './backoff.js'
import { failpoint } from './failpoints.js'
import { downstreamKey, ledgerKey } from './ledger-key.js'
import { withLease } from './lease.js'
import { resolveStepTarget, type StepTarget } from './step-target.js'

/**
 * Errors after which nobody knows whether the call took effect (the request may have been processed):
 * an `unsafe` step is not retried after them but shown as in doubt.
 */
const OUTCOME_UNKNOWN = new Set(['ERR_TIMEOUT', 'ERR_ABORTED', 'ERR_NETWORK'])

/** What the run executor does next after an action step. */
export type StepVerdict = 'continue' | 'stop'

interface StepInput {
  rt: Runtime
  claimed: ClaimedRun
  rule: Rule
  step: ActionStep
  /** the run's state after this step succeeds (running at the next step, or done) */
  next: RunChange
  /** absent for a scheduled rule's tick (its steps name a `target`) */
  event?: StoredEvent
  context: Record<string, unknown>
}

/**
 * Reserve → run → commit for one action step (SEMANTICS.md §5). A step a crashed worker had reserved
 * is recovered by its idempotency class: natural/keyed re-run with the same key, probe asks first, unsafe
 * becomes an in-doubt exception and is never re-run blindly.
 */
export async function runActionStep(input: StepInput): Promise<StepVerdict> {
  const { rt, claimed, rule, step, event } = input
  const { run, token } = claimed
  const tuple = { namespace: 'rule', eventId: run.eventId, ruleId: rule.id, stepId: step.id, target: step.target ?? event?.source ?? '' }
  const key = ledgerKey(tuple)
  const errorContext = { rule: rule.id, step: step.id, event: run.eventId, connection: tuple.target }

  // The rule's params, interpolated; the operator's edited params (edit-and-retry) replace them below,
  // read from the reserved row — the ledger is read up front only when the rule's own params fail
  let target: StepTarget
  try {
    target = resolveStepTarget(rt, step, event, resolveParams(step.params, input.context) as Record<string, unknown>)
  } catch (e) {
    const edited = await rt.store.getLedgerEntry(key)
    const fromEdit = edited && edited.editCount > 0 ? tryTarget(rt, step, event, edited.params) : undefined
    if (!fromEdit || fromEdit instanceof Error) {
      // a user error before anything ran: reserve the row (so retry and edit-and-retry have one) and fail it
      const error = wrapPluginError(fromEdit ?? e, errorContext)
      const held = await rt.store.reserveStep({ ...tuple, key, runId: run.id, token, now: rt.clock.now(), params: step.params as JsonValue, idempotency: 'unsafe', effect: null, resource: null, ruleHash: rule.hash })
      if (held.status !== 'reserved') return 'stop'
      return fail(input, key, error.toJSON(), step.params)
    }
    target = fromEdit
  }
  const mutex = step.concurrencyKey ? String(resolveParams(step.concurrencyKey, input.context)) : undefined
  const reserved = await rt.store.reserveStep({
    ...tuple, key, runId: run.id, token, now: rt.clock.now(), params: target.params as JsonValue, idempotency: target.idempotency,
    effect: target.effect, resource: target.resource, ruleHash: rule.hash, ...(mutex && { mutex }),
  })
  switch (reserved.status) {
    case 'done':
    case 'skipped':
      return (await rt.store.updateRun(run.id, token, input.next)).ok ? 'continue' : 'stop'
    case 'retry_wait':
      await rt.store.updateRun(run.id, token, { state: 'retry_wait', dueAt: reserved.entry.nextAttemptAt })
      return 'stop'
    case 'exception':
      await rt.store.updateRun(run.id, token, { state: 'suspended' })
      return 'stop'
    case 'blocked':
    case 'fenced':
      return 'stop'
  }
  const entry = reserved.entry
  if (entry.editCount > 0) {
    const edited = tryTarget(rt, step, event, entry.params)
    if (edited instanceof Error) return fail(input, key, wrapPluginError(edited, errorContext).toJSON(), entry.params)
    target = edited
  }
  const params = target.params
  const ctxBase = { event, key: downstreamKey(key, entry.editCount), connection: target.target, log: rt.log.child({ rule: rule.id, step: step.id, event: run.eventId }), clock: rt.clock }

  if (reserved.recovered && (target.idempotency === 'unsafe' || (target.idempotency === 'probe' && !target.probe))) {
    const error = new CartwireError('ERR_IN_DOUBT', `step ${step.id} of rule ${rule.id} was running when its worker died; whether ${step.action} took effect is unknown`, { context: errorContext })
    return fail(input, key, error.toJSON(), params, 'in_doubt')
  }
  // A probe step asks before every attempt but a clean first one: after a crash, and after any failed
  // attempt (or failed probe), whether the effect landed is unknown until the platform says
  if (target.idempotency === 'probe' && target.probe && (reserved.recovered || entry.attempt > 1)) {
    const probed = await withLease(rt, claimed, (signal) => target.probe!({ ...ctxBase, signal }, params)).catch((e) => ({ error: e as unknown }))
    if ('found' in probed && probed.found) return commitDone(input, key, probed.result ?? null)
    if ('error' in probed) return retryOrFail(input, key, entry, wrapPluginError(probed.error, { ...errorContext, plugin: target.plugin }), params, 'probe')
  }

  failpoint('after-reserve-before-action')
  let result: JsonValue | void
  try {
    const finalParams = await beforeAction(rt, { rule: rule.id, step: step.id, action: step.action, target: target.target }, params, ctxBase)
    result = await withLease(rt, claimed, (signal) => target.run({ ...ctxBase, signal }, finalParams))
  } catch (e) {
    return retryOrFail(input, key, entry, wrapPluginError(e, { ...errorContext, plugin: target.plugin }), params, target.idempotency)
  }
  failpoint('after-action-before-commit')
  const verdict = await commitDone(input, key, result ?? null)
  if (verdict === 'continue' && rule.exceptions?.autoResolve === 'sameResource' && event) await autoResolve(rt, rule.id, event, claimed.run.id)
  if (verdict === 'continue') afterAction(rt, { rule: rule.id, step: step.id, action: step.action, target: target.target }, result ?? null, { ...ctxBase, signal: new AbortController().signal })
  return verdict
}

/** The step's target for these params, or the coded error that refuses them. */
function tryTarget(rt: Runtime, step: ActionStep, event: StoredEvent | undefined, params: JsonValue): StepTarget | Error {
  try {
    return resolveStepTarget(rt, step, event, params as Record<string, unknown>)
  } catch (e) {
    return e as Error
  }
}

/**
 * Opt-in per rule (`"exceptions": { "autoResolve": "sameResource" }`): a later success of the rule on the
 * same resource resolves the rule's open step exceptions there (SEMANTICS.md §7).
 */
async function autoResolve(rt: Runtime, ruleId: string, event: StoredEvent, runId: string): Promise<void> {
  const open = await rt.store.listExceptions({ state: 'open', kind: 'step' })
  for (const exception of open) {
    if (exception.ruleId !== ruleId || exception.runId === runId || exception.connection !== event.source) continue
    if (exception.resource?.kind !== event.resource.kind || exception.resource.id !== event.resource.id) continue
    await rt.store.updateException(exception.id, { op: 'resolve', note: `auto-resolved: rule ${ruleId} later succeeded on this ${event.resource.kind} (event ${event.id})` }, rt.clock.now())
  }
}

async function commitDone(input: StepInput, key: string, result: JsonValue | null): Promise<StepVerdict> {
  const { rt, claimed } = input
  const committed = await rt.store.commitStep({ key, runId: claimed.run.id, token: claimed.token, now: rt.clock.now(), outcome: { state: 'done', result }, run: input.next })
  if (!committed.ok) rt.log.warn({ run: claimed.run.id, step: input.step.id }, 'commit fenced off: the lease was taken over')
  else rt.log.info({ rule: input.rule.id, step: input.step.id, event: claimed.run.eventId, outcome: 'done' }, 'step done')
  return committed.ok ? 'continue' : 'stop'
}

async function retryOrFail(input: StepInput, key: string, entry: LedgerEntry, error: CartwireError, params: unknown, idempotency: IdempotencyClass): Promise<StepVerdict> {
  const { rt, claimed } = input
  if (idempotency === 'unsafe' && OUTCOME_UNKNOWN.has(error.code)) {
    const doubt = new CartwireError('ERR_IN_DOUBT', `step ${input.step.id} of rule ${input.rule.id}: ${error.message}; whether ${input.step.action} took effect is unknown, so it is not retried blindly`, { cause: error, context: error.context })
    return fail(input, key, doubt.toJSON(), params, 'in_doubt')
  }
  if (error.retryable && entry.attempt < rt.retry.attempts) {
    const now = rt.clock.now()
    const nextAttemptAt = now + backoffDelay(entry.attempt, rt.retry, { retryAfterMs: error.retryAfterMs, random: rt.random })
    await rt.store.commitStep({ key, runId: claimed.run.id, token: claimed.token, now, outcome: { state: 'retry_wait', error: error.toJSON(), nextAttemptAt }, run: { state: 'retry_wait', dueAt: nextAttemptAt } })
    rt.log.info({ rule: input.rule.id, step: input.step.id, event: claimed.run.eventId, outcome: 'retry', code: error.code, attempt: entry.attempt, nextAttemptAt }, 'step will retry')
    return 'stop'
  }
  return fail(input, key, error.toJSON(), params)
}

/** The step goes to the exception queue; its run is suspended there and its lane released (§6, §7). */
async function fail(input: StepInput, key: string, error: SerializedError, params: unknown, state: 'failed' | 'in_doubt' = 'failed'): Promise<StepVerdict> {
  const { rt, claimed, rule, step, event } = input
  const now = rt.clock.now()
  const exception: NewException = {
    kind: 'step', code: error.code, error, connection: step.target ?? event?.source, runId: claimed.run.id, ledgerKey: key, eventId: claimed.run.eventId,
    ruleId: rule.id, stepId: step.id, ...(event && { resource: { kind: event.resource.kind, id: event.resource.id } }), params: (params ?? null) as JsonValue, now,
  }
  await rt.store.commitStep({ key, runId: claimed.run.id, token: claimed.token, now, outcome: { state, error, exception }, run: { state: 'suspended' } })
  rt.log.info({ rule: rule.id, step: step.id, event: claimed.run.eventId, outcome: state, code: error.code }, 'step failed: exception recorded')
  for (const hooks of rt.hooks) void Promise.resolve(hooks.onException?.({ id: key, kind: 'step', code: error.code, error })).catch(() => undefined)
  return 'stop'
}

async function beforeAction(rt: Runtime, info: Parameters<NonNullable<import('../sdk/hooks.js').Hooks['beforeAction']>>[0], params: unknown, ctx: Omit<ActionContext, 'signal'>): Promise<unknown> {
  let current = params
  for (const hooks of rt.hooks) {
    if (!hooks.beforeAction) continue
    const replaced = await hooks.beforeAction(info, current, { ...ctx, signal: new AbortController().signal })
    if (replaced !== undefined) current = replaced
  }
  return current
}

function afterAction(rt: Runtime, info: { rule: string; step: string; action: string; target: string }, result: JsonValue | null, ctx: ActionContext): void {
  for (const hooks of rt.hooks) {
    if (hooks.afterAction) void Promise.resolve(hooks.afterAction(info, result, ctx)).catch((e) => rt.log.warn({ err: (e as Error).message }, 'afterAction hook threw'))
  }
}
