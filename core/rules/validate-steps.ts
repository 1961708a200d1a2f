import { UNIFIED_ACTIONS } from '../model/unified-actions.js'
import { diagnostic } from './codes.js'
import { actionKind, ruleConnections, type ValidationEnv } from './connections.js'
import { closest, didYouMean } from './suggest.js'
import type { ActionStep, Diagnostic, Rule, Step } from './types.js'
import { checkStepParams } from './validate-params.js'

/**
 * What a rule does, against the config: step ids, actions and the connections that run them
 * (SEMANTICS.md §5, §8, §9). Errors name the rule (file), the step (path) and the connection.
 */
export function checkSteps(rule: Rule, env: ValidationEnv): Diagnostic[] {
  const out: Diagnostic[] = []
  const { included } = ruleConnections(rule, env)
  const firstAt = new Map<string, number>()
  rule.then.forEach((step, i) => {
    const at = `then[${i}]`
    const first = firstAt.get(step.id)
    if (first === undefined) firstAt.set(step.id, i)
    else out.push(diagnostic('rule/duplicate-step-id', rule.file, `${at}.id`, `step id "${step.id}" is already used by then[${first}]; the ledger keys steps by id`))
    if (step.kind === 'action') out.push(...checkAction(rule, step, at, included, env))
  })
  const waits = rule.then.filter((step) => step.kind === 'wait')
  if (waits.length > 0 && rule.defaultedStepIds) {
    const i = Math.max(0, rule.then.findIndex(hasDefaultId))
    out.push(diagnostic('rule/wait-default-ids', rule.file, `then[${i}]`, `the rule waits, and a waiting run resumes at the step after the wait's id: give every step an explicit "id", so inserting or removing a step cannot shift them`))
  }
  if (waits.length > 0) {
    const blind = included.filter((id) => !env.connections.find((c) => c.id === id)?.connector.canFetch)
    if (blind.length > 0) {
      const i = rule.then.indexOf(waits[0])
      out.push(diagnostic('rule/wait-without-fetch', rule.file, `then[${i}]`, `after the wait, ${blind.join(', ')} cannot re-read the entity (its connector has no fetch): later steps see the last stored snapshot, which may be older than the platform's state`))
    }
  }
  return out
}

/** A default id is the base name or `base#n` (explicit ids cannot hold `#`); the Rule only says whether any was defaulted. */
function hasDefaultId(step: Step): boolean {
  const base = step.kind === 'action' ? step.action : step.kind
  return step.id === base || step.id.startsWith(`${base}#`)
}

function checkAction(rule: Rule, step: ActionStep, at: string, included: string[], env: ValidationEnv): Diagnostic[] {
  const out: Diagnostic[] = []
  const kind = actionKind(step.action, env)
  if (kind === 'unknown') {
    const known = [...Object.keys(UNIFIED_ACTIONS), ...env.actions.keys(), ...env.connections.flatMap((c) => Object.keys(c.connector.capabilities))]
    return [diagnostic('rule/unknown-action', rule.file, `${at}.action`, `no action "${step.action}": not a unified action, a standalone action or a capability of a configured connector${didYouMean(closest(step.action, known))}`)]
  }
  const target = step.target === undefined ? undefined : env.connections.find((c) => c.id === step.target)
  if (step.target !== undefined && !target) {
    out.push(diagnostic('rule/unknown-target', rule.file, `${at}.target`, `no connection "${step.target}" in the config${didYouMean(closest(step.target, env.connections.map((c) => c.id)))}`))
  }
  if (rule.schedules.length > 0 && step.target === undefined) {
    out.push(diagnostic('rule/schedule-target', rule.file, at, `a scheduled rule has no event source to act on: name the connection in "target"`))
  }
  if (kind === 'connector') {
    if (target && !Object.hasOwn(target.connector.capabilities, step.action)) {
      out.push(missingCapability(rule, step, at, target.id, target.connector.name))
    }
    // explicit sources are each a default target; omitted sources leave such connections out instead
    if (step.target === undefined && rule.sources) {
      for (const id of rule.sources) {
        const source = env.connections.find((c) => c.id === id)
        if (source && !Object.hasOwn(source.connector.capabilities, step.action)) out.push(missingCapability(rule, step, at, id, source.connector.name))
      }
    }
    const needsOrderId = UNIFIED_ACTIONS[step.action]?.needsOrderId ?? step.action.startsWith('order.')
    const elsewhere = rule.schedules.length > 0 || (step.target !== undefined && included.some((id) => id !== step.target))
    if (needsOrderId && elsewhere && !('orderId' in step.params)) {
      const why = rule.schedules.length > 0 ? 'a scheduled run has no event order' : `events from ${included.filter((id) => id !== step.target).join(', ')} name orders of another platform`
      out.push(diagnostic('rule/order-id-required', rule.file, `${at}.params`, `${step.action} on "${step.target ?? '(no target)'}" needs params.orderId: ${why}`))
    }
  }
  for (const issue of checkStepParams(step, env)) {
    out.push(diagnostic('rule/invalid-params', rule.file, `${at}.params${issue.path && !issue.path.startsWith('[') ? '.' : ''}${issue.path}`, `${step.action}: ${issue.message}`))
  }
  return out
}

function missingCapability(rule: Rule, step: ActionStep, at: string, connection: string, connector: string): Diagnostic {
  return diagnostic('rule/missing-capability', rule.file, `${at}.action`, `rule "${rule.id}", step "${step.id}": connection "${connection}" (${connector}) lacks the capability ${step.action}`)
}
