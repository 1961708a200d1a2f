import { resourceKindOf } from '../model/context.js'
import { validateAgainst, validateEntity } from '../model/schemas.js'
import type { ValidationEnv } from '../rules/connections.js'
import { skipReason } from '../rules/match.js'
import { planRun, type PlannedRun } from '../rules/plan-run.js'
import { FixtureError, planInput, unreachedBecause, type RuleTestCase } from '../rules/rule-test-context.js'
import { RULE_TEST_SCHEMA_ID } from '../rules/rule-tests.js'
import { mergeOver, testEntity } from '../rules/test-entities.js'
import type { Rule } from '../rules/types.js'
import { CartwireError } from '../sdk/errors.js'
import type { EventType } from '../sdk/events.js'

/**
 * `cartwire simulate`: one event against the rule set, judged as the engine's planner would (sources,
 * enabled, paused, own change, `if`), and each matched rule dry-run with planRun — the same code rule
 * tests use, so simulate and `cartwire test` never disagree. Pure: no store, no connector.
 *
 * The event file is the `event` of a rule-test case with the case's context fields beside it:
 *   { "type": "order.paid", "source": "shop", "data": { … }, "previous"?: { … }, "changes"?: [ … ],
 *     "causedBy"?: "…", "member"?: { kind, id }, "now"?: "<ISO time>", "afterWait"?: { "<wait id>": { … } | null } }
 * `data` is merged over the default entity of the event's kind, exactly as in rule tests
 * (core/rules/test-entities.ts: objects merge key by key, arrays and scalars replace), so a file
 * names only what matters and a full entity (all its keys given) is taken as it is; `previous` is
 * merged over the resulting entity; `now` defaults to the current time.
 */
export type SkipKind = 'sources' | 'disabled' | 'paused' | 'own-change' | 'condition-false' | 'condition-error'

export interface Simulation {
  event: { type: EventType; source: string; resource: { kind: string; id: string } }
  matched: Array<{ rule: string; file: string; run: PlannedRun }>
  skipped: Array<{ rule: string; file: string; reason: SkipKind; detail: string }>
  /** rules whose `on` does not include the event type */
  notOn: string[]
}

const EVENT_KEYS = ['type', 'source', 'data', 'changes', 'causedBy', 'member'] as const
const CASE_KEYS = ['previous', 'now', 'afterWait'] as const

/** An event file's JSON → the rule-test case it stands for; ERR_SCHEMA naming `file: path` on any problem. */
export function simulationCase(file: string, json: unknown, now: number): RuleTestCase {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid(file, ['(root): expected an object { type, source, data }'])
  const doc = json as Record<string, unknown>
  const unknown = Object.keys(doc).filter((key) => key !== '$schema' && !(EVENT_KEYS as readonly string[]).includes(key) && !(CASE_KEYS as readonly string[]).includes(key))
  if (unknown.length) throw invalid(file, unknown.map((key) => `${key}: unknown field (expected ${[...EVENT_KEYS, ...CASE_KEYS].join(', ')})`))
  const event = Object.fromEntries(EVENT_KEYS.filter((key) => key in doc).map((key) => [key, doc[key]]))
  const c = {
    name: 'simulate',
    event,
    ...Object.fromEntries(CASE_KEYS.filter((key) => key in doc).map((key) => [key, doc[key]])),
    expect: { matched: true },
  }
  const shape = validateAgainst(`${RULE_TEST_SCHEMA_ID}#/$defs/case`, c).map((issue) => `${issue.path.replace(/^event\.?/, '') || '(root)'}: ${issue.message}`)
  if (shape.length) throw invalid(file, shape)
  const testCase = { now: new Date(now).toISOString(), ...c } as RuleTestCase
  // the entity is checked here once, so a bad file is reported even when no rule is on its type
  const kind = resourceKindOf(testCase.event!.type)
  const entity = testEntity(kind, testCase.event!.data)
  const issues = [
    ...validateEntity(kind, entity).map((issue) => `data${issue.path ? `.${issue.path}` : ''}: ${issue.message}`),
    ...(testCase.previous ? validateEntity(kind, mergeOver(entity, testCase.previous)).map((issue) => `previous${issue.path ? `.${issue.path}` : ''}: ${issue.message}`) : []),
  ]
  if (issues.length) throw invalid(file, issues)
  return testCase
}

export function simulate(rules: Rule[], c: RuleTestCase, env: ValidationEnv, paused: ReadonlySet<string>): Simulation {
  const { type, source } = c.event!
  const kind = resourceKindOf(type)
  const result: Simulation = { event: { type, source, resource: { kind, id: String(testEntity(kind, c.event!.data).id) } }, matched: [], skipped: [], notOn: [] }
  for (const rule of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    if (!rule.on.includes(type)) {
      result.notOn.push(rule.id)
      continue
    }
    const skip = (reason: SkipKind, detail: string) => result.skipped.push({ rule: rule.id, file: rule.file, reason, detail })
    // the order of the engine's planner: the rule index (sources), then disabled or paused, then own change, then `if`
    const sources = unreachedBecause(rule, { ...c, event: { ...c.event!, causedBy: undefined } }, env)
    const own = skipReason(rule, c.event!)
    if (sources !== null) skip('sources', sources)
    else if (own === 'disabled') skip('disabled', 'the rule file sets "enabled": false')
    else if (paused.has(rule.id)) skip('paused', `paused at run time (cartwire rules resume ${rule.id})`)
    else if (own === 'own-change') skip('own-change', 'the event is cartwire\'s own write (causedBy) and the rule does not set onOwnChanges')
    else {
      const run = dryRun(rule, c, env)
      if (run.matched) result.matched.push({ rule: rule.id, file: rule.file, run })
      else if (run.end.kind === 'error') skip('condition-error', `its "if" failed: ${run.end.message}`)
      else skip('condition-false', 'its "if" is false for this event')
    }
  }
  return result
}

/** planRun on the case's contexts; an `afterWait` entity that is not valid is the event file's fault. */
function dryRun(rule: Rule, c: RuleTestCase, env: ValidationEnv): PlannedRun {
  try {
    return planRun(rule, planInput(rule, c, env))
  } catch (e) {
    if (e instanceof FixtureError) throw new CartwireError('ERR_SCHEMA', e.problems.join('\n'), { details: e.problems })
    throw e
  }
}

function invalid(file: string, problems: string[]): CartwireError {
  return new CartwireError('ERR_SCHEMA', problems.map((p) => `${file}: ${p}`).join('\n'), { details: problems })
}
