import { actionSchema, validateActionParams } from '../model/schemas.js'
import type { ValidationEnv } from './connections.js'
import { isAtOrBelow, jsonPath } from './json-text.js'
import { walkParams } from './params-walk.js'
import type { ActionStep } from './types.js'

/**
 * Params as written, checked against the action's schema before any event exists. A `{{path}}` or
 * `$logic` value is only known at run time (params are validated again after interpolation), so the
 * check must never fail a rule because of one — yet should still catch everything around it.
 *
 * How: each dynamic value is replaced by a placeholder, and for each value in turn the placeholder
 * that leaves the fewest issues is kept (greedy, a handful of validations per value):
 * - exactly `{{path}}` or `$logic`: the value may have any type ("x", 0, true, null, [], {}), so
 *   `"{{order.totalPrice}}"` passes a number param and `"{{order.tags}}"` an array param;
 * - text mixed with `{{…}}`: always a string, so only strings are tried (the templates replaced by
 *   "x", "0" or "").
 * Issues at or below a dynamic value are then dropped (its real value may meet a pattern, an enum or
 * a minimum the placeholder does not), except one that no string can fix: a mixed string given to a
 * param that takes a number or a boolean is reported.
 */
export interface ParamsIssue {
  /** relative to the params, dotted: `body.text`, `tags[0]` */
  path: string
  message: string
}

type Check = (params: unknown) => ParamsIssue[]

interface Leaf {
  path: string
  kind: 'any' | 'string'
  candidates: unknown[]
}

const ANY_CANDIDATES: unknown[] = ['x', 0, true, null, [], {}]

export function checkStepParams(step: ActionStep, env: ValidationEnv): ParamsIssue[] {
  const check = paramsCheck(step.action, env)
  if (!check) return []
  const leaves = dynamicLeaves(step.params)
  if (leaves.length === 0) return check(step.params)
  const choice = leaves.map(() => 0)
  const attempt = () => check(substitute(step.params, new Map(leaves.map((leaf, i) => [leaf.path, leaf.candidates[choice[i]]]))))
  let best = attempt()
  leaves.forEach((leaf, i) => {
    for (let c = 1; c < leaf.candidates.length && best.length > 0; c++) {
      const previous = choice[i]
      choice[i] = c
      const issues = attempt()
      if (issues.length < best.length) best = issues
      else choice[i] = previous
    }
  })
  const issues = best.filter((issue) => !leaves.some((leaf) => isAtOrBelow(issue.path, leaf.path)))
  for (const [i, leaf] of leaves.entries()) {
    if (leaf.kind !== 'string' || !best.some((issue) => issue.path === leaf.path)) continue
    for (const other of [0, true]) {
      const values = new Map(leaves.map((l, j) => [l.path, j === i ? other : l.candidates[choice[j]]]))
      if (!check(substitute(step.params, values)).some((issue) => isAtOrBelow(issue.path, leaf.path))) {
        issues.push({ path: leaf.path, message: `mixes text and {{…}}, so it is always a string; this param takes a ${typeof other}` })
        break
      }
    }
  }
  return issues
}

/** The action's JSON schema (unified and built-in actions) or else its zod schema; null: none. */
function paramsCheck(action: string, env: ValidationEnv): Check | null {
  if (actionSchema(action)) return (params) => validateActionParams(action, params) ?? []
  const zod = env.actions.get(action)?.params
  if (!zod) return null
  return (params) => {
    const result = zod.safeParse(params)
    return result.success ? [] : result.error.issues.map((issue) => ({ path: jsonPath(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))), message: issue.message }))
  }
}

function dynamicLeaves(params: unknown): Leaf[] {
  const leaves: Leaf[] = []
  walkParams(params, (node) => {
    const path = jsonPath(node.segments)
    if (node.kind === 'logic' || node.template.exact !== undefined || node.template.error) leaves.push({ path, kind: 'any', candidates: ANY_CANDIDATES })
    else {
      const fill = (text: string) => node.template.parts.map((part) => (typeof part === 'string' ? part : text)).join('')
      leaves.push({ path, kind: 'string', candidates: [fill('x'), fill('0'), fill('')] })
    }
  })
  return leaves
}

/** A copy of `value` with the values at the given dotted paths replaced. */
function substitute(value: unknown, replacements: ReadonlyMap<string, unknown>, segments: Array<string | number> = []): unknown {
  const here = jsonPath(segments)
  if (replacements.has(here)) return structuredClone(replacements.get(here))
  if (Array.isArray(value)) return value.map((item, i) => substitute(item, replacements, [...segments, i]))
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    Object.defineProperty(out, key, { value: substitute(child, replacements, [...segments, key]), enumerable: true, writable: true, configurable: true })
  }
  return out
}
