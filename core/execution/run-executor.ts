import type { Runtime } from '../engine/runtime.js'
import { evaluateLogic, isTruthy } from '../rules/logic.js'
import type { Rule, Step } from '../rules/types.js'
import type { ClaimedRun, RunChange } from '../store/contract.js'
import { runActionStep } from './action-step.js'
import { runContext } from './run-context.js'

/** Cursor of a run that waited: it resumes at the step after this wait id, under the current rule file. */
const AFTER = 'after:'

/** Where a run's cursor points in the current rule, or why it cannot continue (SEMANTICS.md §8). */
function startIndex(rule: Rule, cursor: string | null): number | string {
  if (cursor === null) return 0
  if (cursor.startsWith(AFTER)) {
    const at = rule.then.findIndex((s) => s.id === cursor.slice(AFTER.length))
    return at < 0 ? 'cancelled: rule changed' : at + 1
  }
  const at = rule.then.findIndex((s) => s.id === cursor)
  return at < 0 ? 'cancelled: rule changed' : at
}

function nextChange(steps: Step[], index: number): RunChange {
  const next = steps[index + 1]
  return next ? { state: 'running', cursor: next.id } : { state: 'done', cursor: null, outcome: 'completed' }
}

/**
 * Runs one claimed run from its cursor until it finishes, waits, retries later, suspends on an
 * exception, or loses its lease. Every transition is a fenced store operation, so a crash at any point
 * leaves the run where the last committed transition put it.
 */
export async function executeRun(rt: Runtime, claimed: ClaimedRun): Promise<void> {
  const { run, token } = claimed
  const end = (outcome: string) => rt.store.updateRun(run.id, token, { state: 'ended', cursor: null, outcome })
  const rule = rt.rules.get(run.ruleId)
  if (!rule) return void (await end('cancelled: rule removed'))
  if (!rule.enabled) return void (await end('cancelled: rule disabled'))
  const start = startIndex(rule, run.cursor)
  if (typeof start === 'string') return void (await end(start))
  if (start >= rule.then.length) return void (await rt.store.updateRun(run.id, token, { state: 'done', cursor: null, outcome: 'completed' }))

  const prepared = await runContext(rt, run, rule, start)
  if (!prepared.ok) return void (await end(prepared.outcome))
  for (let index = start; index < rule.then.length; index++) {
    const step = rule.then[index]
    const next = nextChange(rule.then, index)
    if (step.kind === 'if') {
      if (!isTruthy(evaluateLogic(step.if, prepared.context))) return void (await end(`condition-false: ${step.id}`))
      // a passing gate is re-evaluated after a crash, so only the run's last step needs a write
      if (next.state === 'done' && !(await rt.store.updateRun(run.id, token, next)).ok) return
    } else if (step.kind === 'wait') {
      const dueAt = rt.clock.now() + step.waitMs
      await rt.store.updateRun(run.id, token, {
        state: 'waiting', cursor: `${AFTER}${step.id}`, dueAt,
        timer: { id: `wait:${run.id}:${step.id}`, kind: 'wait', runId: run.id, dueAt },
      })
      return
    } else {
      const verdict = await runActionStep({ rt, claimed, rule, step, next, event: prepared.event, context: prepared.context })
      if (verdict === 'stop') return
    }
  }
}

export async function runWork(rt: Runtime, limit = 16): Promise<number> {
  const claimed = await rt.store.claimWork(rt.owner, rt.clock.now(), rt.leaseMs, limit)
  await Promise.all(
    claimed.map((c) =>
      executeRun(rt, c).catch((e) => {
        // a defect: the run keeps its lease until it expires and is then recovered like after a crash
        rt.log.error({ run: c.run.id, err: (e as Error).stack }, 'run executor failed')
      }),
    ),
  )
  return claimed.length
}
