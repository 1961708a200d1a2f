import { createHash } from 'node:crypto'
import { parseDuration } from '../sdk/duration.js'
import type { EventType } from '../sdk/events.js'
import type { Rule, ScheduleTrigger, Step } from './types.js'

/**
 * A schema-valid rule file → the Rule the engine runs: defaults filled in (enabled true, onOwnChanges
 * false, backfill false, params {}), step ids given, `waitMs` computed, the content hash taken, and
 * everything deep-frozen (compiled JSON Logic is cached per expression object, so the logic must never
 * change under it).
 */
export function buildRule(file: string, json: Record<string, unknown>): Rule {
  const triggers = json.on as Array<EventType | ScheduleTrigger>
  const { steps, defaulted } = buildSteps(json.then as Array<Record<string, unknown>>)
  const rule: Rule = {
    id: json.id as string,
    ...(typeof json.description === 'string' && { description: json.description }),
    on: triggers.filter((t): t is EventType => typeof t === 'string'),
    schedules: triggers.filter((t): t is ScheduleTrigger => typeof t !== 'string').map((t) => ({ schedule: t.schedule, ...(t.timezone !== undefined && { timezone: t.timezone }) })),
    ...(Array.isArray(json.sources) && { sources: [...(json.sources as string[])] }),
    ...('if' in json && { if: json.if }),
    then: steps,
    enabled: json.enabled !== false,
    onOwnChanges: json.onOwnChanges === true,
    ...(json.exceptions !== undefined && { exceptions: json.exceptions as Rule['exceptions'] }),
    backfill: json.backfill === true,
    defaultedStepIds: defaulted,
    file,
    hash: ruleHash(json),
  }
  return deepFreeze(structuredClone(rule))
}

/**
 * Default ids (SEMANTICS.md §5): the action name, `wait` or `if`, then `#2`, `#3` … for repeats,
 * counted over the steps without an explicit id. A clash with an explicit id is left for validate to
 * report as a duplicate.
 */
function buildSteps(raw: Array<Record<string, unknown>>): { steps: Step[]; defaulted: boolean } {
  const seen = new Map<string, number>()
  let defaulted = false
  const steps = raw.map((step): Step => {
    const base = 'action' in step ? (step.action as string) : 'wait' in step ? 'wait' : 'if'
    let id = step.id as string | undefined
    if (id === undefined) {
      defaulted = true
      const n = (seen.get(base) ?? 0) + 1
      seen.set(base, n)
      id = n === 1 ? base : `${base}#${n}`
    }
    if ('wait' in step) return { kind: 'wait', id, wait: step.wait as string, waitMs: parseDuration(step.wait as string) }
    if ('if' in step) return { kind: 'if', id, if: step.if }
    return {
      kind: 'action',
      id,
      action: step.action as string,
      params: (step.params as Record<string, unknown> | undefined) ?? {},
      ...(step.target !== undefined && { target: step.target as string }),
      ...(step.concurrencyKey !== undefined && { concurrencyKey: step.concurrencyKey as string }),
      ...(step.idempotent !== undefined && { idempotent: step.idempotent as boolean }),
    }
  })
  return { steps, defaulted }
}

/**
 * sha256 (hex) of the rule's canonical JSON: keys sorted, no whitespace, `$schema` left out (it only
 * points editors at the schema). Recorded for plan and replay; never part of a ledger key.
 */
export function ruleHash(json: Record<string, unknown>): string {
  const { $schema: _ignored, ...content } = json
  return createHash('sha256').update(canonicalJson(content)).digest('hex')
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort()
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
