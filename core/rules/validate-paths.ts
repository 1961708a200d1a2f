import { contextHasPath, contextPathSuggestions } from '../model/context-paths.js'
import type { EventType } from '../sdk/events.js'
import { diagnostic } from './codes.js'
import type { ValidationEnv } from './connections.js'
import { jsonPath } from './json-text.js'
import { isStandardOperator, logicOperators, STANDARD_OPERATORS, varPaths } from './logic.js'
import { parseTemplate, walkParams } from './params-walk.js'
import { closest, didYouMean } from './suggest.js'
import type { Diagnostic, Rule } from './types.js'

/**
 * What a rule reads: JSON Logic (the `if`, gates, `$logic` params) must use json-logic-js operators
 * only, and every `var` path and `{{path}}` must exist in the context of EVERY trigger of the rule
 * (a rule on order.paid and inventory.changed may only read what both contexts have). `vars.*` is
 * checked against the config's vars when the env carries them.
 */
export function checkReads(rule: Rule, env: ValidationEnv): Diagnostic[] {
  const out: Diagnostic[] = []
  const contexts: Array<EventType | 'schedule'> = [...rule.on, ...(rule.schedules.length ? ['schedule' as const] : [])]
  const checkLogic = (logic: unknown, at: string) => {
    for (const op of logicOperators(logic)) {
      if (!isStandardOperator(op)) out.push(diagnostic('rule/unknown-operator', rule.file, at, `"${op}" is not a JSON Logic operator${didYouMean(closest(op, STANDARD_OPERATORS))}`))
    }
    for (const path of varPaths(logic)) {
      const problem = pathProblem(path, contexts, env)
      if (problem) out.push(diagnostic('rule/unknown-path', rule.file, at, `{"var": "${path}"}: ${problem}`))
    }
  }
  const checkTemplate = (text: string, at: string) => {
    const template = parseTemplate(text)
    if (!template) return
    if (template.error) return void out.push(diagnostic('rule/bad-template', rule.file, at, template.error))
    for (const part of template.parts) {
      if (typeof part === 'string') continue
      const problem = pathProblem(part.path, contexts, env)
      if (problem) out.push(diagnostic('rule/unknown-path', rule.file, at, `{{${part.path}}}: ${problem}`))
    }
  }
  if (rule.if !== undefined) checkLogic(rule.if, 'if')
  rule.then.forEach((step, i) => {
    const at = `then[${i}]`
    if (step.kind === 'if') checkLogic(step.if, `${at}.if`)
    if (step.kind !== 'action') return
    walkParams(step.params, (node) => {
      const where = jsonPath(['then', i, 'params', ...node.segments])
      if (node.kind === 'logic') checkLogic(node.logic, `${where}.$logic`)
      else checkTemplate(node.text, where)
    })
    if (step.concurrencyKey !== undefined) checkTemplate(step.concurrencyKey, `${at}.concurrencyKey`)
  })
  return out
}

/** Why `path` cannot be read in these contexts, or null when it can. */
export function pathProblem(path: string, contexts: ReadonlyArray<EventType | 'schedule'>, env: ValidationEnv): string | null {
  const segments = path.split('.')
  if (segments[0] === 'vars') return env.vars === undefined ? null : varsProblem(segments.slice(1), env.vars)
  const missing = contexts.filter((type) => !contextHasPath(type, path))
  if (missing.length === 0) return null
  const others = contexts.filter((type) => !missing.includes(type))
  const where = `${path} is not in the ${missing.join(', ')} context${missing.length > 1 ? 's' : ''}`
  // when another trigger has the path, the rule mixes triggers: a near name in this context would mislead
  if (others.length) return `${where} (the rule also runs on ${others.join(', ')}, which has it): split the rule per trigger`
  return `${where}${didYouMean(contextPathSuggestions(missing[0], path, 3))}`
}

function varsProblem(segments: string[], vars: Record<string, unknown>): string | null {
  let current: unknown = vars
  for (const [index, segment] of segments.entries()) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) {
      const known = current !== null && typeof current === 'object' ? Object.keys(current) : []
      const name = ['vars', ...segments.slice(0, index + 1)].join('.')
      return `${name} is not in the config's vars${index === 0 ? ` (declared: ${known.join(', ') || 'none'})` : ''}${didYouMean(closest(segment, known))}`
    }
    current = (current as Record<string, unknown>)[segment]
  }
  return null
}
