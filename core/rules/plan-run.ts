import { isCartwireError, type ErrorCode } from '../sdk/errors.js'
import { resolveParams, type InterpolateOptions } from './interpolate.js'
import { compileLogic, isTruthy } from './logic.js'
import type { Rule } from './types.js'

/**
 * A dry run of one rule on one context, without side effects: the `if`, then the steps in order —
 * actions with their resolved params, waits (after which `afterWait` supplies the context as the
 * engine would rebuild it from the re-read entity, SEMANTICS.md §8), gates that end the run when
 * false. Rule tests compare it with their expectations; `cartwire simulate` prints it. It does not
 * decide whether the event reaches the rule (match.ts) and runs disabled rules too.
 */
export type PlannedStep =
  | { kind: 'action'; id: string; action: string; target?: string; params: unknown }
  /** params could not be resolved: the engine would record a step exception here */
  | { kind: 'action'; id: string; action: string; target?: string; error: { code: ErrorCode; message: string } }
  | { kind: 'wait'; id: string; wait: string; waitMs: number }
  | { kind: 'if'; id: string; passed: boolean }

export type RunEnd =
  | { kind: 'completed' }
  /** a gate was false */
  | { kind: 'gate'; step: string }
  /** the resource was gone after this wait */
  | { kind: 'gone'; step: string }
  /** params of this step could not be resolved, or a condition threw */
  | { kind: 'error'; step: string; code: ErrorCode; message: string }

export interface PlannedRun {
  /** the rule's `if` held (or there is none) */
  matched: boolean
  /** every step reached, gates included, in order */
  steps: PlannedStep[]
  end: RunEnd
}

export type Context = Record<string, unknown>

export interface PlanInput {
  context: Context
  /** default target of action steps without `target`: the event's source */
  source?: string
  /** the context after wait `waitId`; 'gone' ends the run; omitted: the context stays as it was */
  afterWait?: (waitId: string, context: Context) => Context | 'gone'
  interpolate?: InterpolateOptions
}

export function planRun(rule: Rule, input: PlanInput): PlannedRun {
  let context = input.context
  const steps: PlannedStep[] = []
  const condition = evaluate(rule.if === undefined ? true : rule.if, context)
  if ('error' in condition) return { matched: false, steps, end: { kind: 'error', step: 'if', code: 'ERR_RULE', message: condition.error } }
  if (!condition.value) return { matched: false, steps, end: { kind: 'completed' } }
  for (const step of rule.then) {
    if (step.kind === 'wait') {
      steps.push({ kind: 'wait', id: step.id, wait: step.wait, waitMs: step.waitMs })
      const next = input.afterWait ? input.afterWait(step.id, context) : context
      if (next === 'gone') return { matched: true, steps, end: { kind: 'gone', step: step.id } }
      context = next
    } else if (step.kind === 'if') {
      const gate = evaluate(step.if, context)
      if ('error' in gate) return { matched: true, steps, end: { kind: 'error', step: step.id, code: 'ERR_RULE', message: gate.error } }
      steps.push({ kind: 'if', id: step.id, passed: gate.value })
      if (!gate.value) return { matched: true, steps, end: { kind: 'gate', step: step.id } }
    } else {
      const target = step.target ?? input.source
      const base = { kind: 'action' as const, id: step.id, action: step.action, ...(target !== undefined && { target }) }
      try {
        steps.push({ ...base, params: resolveParams(step.params, context, input.interpolate) })
      } catch (e) {
        if (!isCartwireError(e)) throw e
        steps.push({ ...base, error: { code: e.code, message: e.message } })
        return { matched: true, steps, end: { kind: 'error', step: step.id, code: e.code, message: e.message } }
      }
    }
  }
  return { matched: true, steps, end: { kind: 'completed' } }
}

function evaluate(logic: unknown, context: Context): { value: boolean } | { error: string } {
  try {
    return { value: isTruthy(compileLogic(logic)(context)) }
  } catch (e) {
    return { error: (e as Error).message }
  }
}
