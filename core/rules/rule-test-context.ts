import { diffPaths } from '../changes/diff.js'
import { buildEventContext, buildScheduleContext, resourceKindOf } from '../model/context.js'
import { validateEntity } from '../model/schemas.js'
import type { Entity, ResourceKind } from '../sdk/entities.js'
import type { CommerceEvent, EventType } from '../sdk/events.js'
import { ruleConnections, type ValidationEnv } from './connections.js'
import type { PlanInput } from './plan-run.js'
import { mergeOver, testEntity } from './test-entities.js'
import type { Rule } from './types.js'

/**
 * Turns a rule-test case into what the engine would have at hand: whether the event reaches the rule
 * at all, and the rule context at trigger time and after each wait (SEMANTICS.md §8: the event stays
 * the original, the entity is the re-read one, `previous` is the entity at trigger time, `changes`
 * run from trigger to now, `now` advances by the waits).
 */
export interface RuleTestCase {
  name: string
  event?: { type: EventType; source: string; data?: Record<string, unknown>; changes?: string[]; causedBy?: string; member?: { kind: 'refund' | 'shipment'; id: string } }
  schedule?: { id?: string; firedAt?: string }
  previous?: Record<string, unknown> | null
  connection?: { connector?: string; currency?: string; timezone?: string }
  vars?: Record<string, unknown>
  now?: string
  afterWait?: Record<string, Record<string, unknown> | null>
  expect: { matched: boolean; steps?: ExpectedStep[]; stoppedAt?: string | null }
}

export interface ExpectedStep {
  id?: string
  action?: string
  target?: string
  params?: unknown
  error?: string
  wait?: string
}

export const DEFAULT_NOW = '2024-05-01T12:00:00.000Z'

/** A case whose fixture is not a valid entity: the lines say where. */
export class FixtureError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '))
  }
}

/** Why the event of this case does not reach the rule, or null when it does (its `if` aside). */
export function unreachedBecause(rule: Rule, c: RuleTestCase, env: ValidationEnv): string | null {
  if (!c.event) return rule.schedules.length ? null : 'the rule has no schedule'
  const { type, source, causedBy } = c.event
  if (!rule.on.includes(type)) return `the rule is not on ${type}`
  if (causedBy !== undefined && !rule.onOwnChanges) return 'the event is an own change (causedBy) and the rule does not set onOwnChanges'
  if (env.connections.some((conn) => conn.id === source)) {
    const { excluded } = ruleConnections(rule, env)
    const reason = excluded.find((e) => e.id === source)?.reason ?? (rule.sources && !rule.sources.includes(source) ? 'not in sources' : undefined)
    return reason === undefined ? null : `the rule does not apply to ${source}: ${reason}`
  }
  // a source the config does not have: only `sources` can rule it out
  return rule.sources && !rule.sources.includes(source) ? `${source} is not in the rule's sources` : null
}

export function planInput(rule: Rule, c: RuleTestCase, env: ValidationEnv): PlanInput {
  const start = Date.parse(c.now ?? DEFAULT_NOW)
  const vars = { ...env.vars, ...c.vars }
  const waitMs = new Map(rule.then.flatMap((step) => (step.kind === 'wait' ? [[step.id, step.waitMs] as const] : [])))
  let elapsed = 0
  if (!c.event) {
    const firedAt = Date.parse(c.schedule?.firedAt ?? c.now ?? DEFAULT_NOW)
    const context = (now: number) => buildScheduleContext({ scheduleId: c.schedule?.id ?? rule.id, firedAt, now, vars })
    return { context: context(start), afterWait: (id) => context(start + (elapsed += waitMs.get(id) ?? 0)) }
  }
  const { type, source } = c.event
  const kind = resourceKindOf(type)
  const entity = checked(kind, testEntity(kind, c.event.data), 'event.data')
  const previous = c.previous == null ? null : checked(kind, mergeOver(entity, c.previous) as Record<string, unknown>, 'previous')
  const configured = env.connections.find((conn) => conn.id === source)
  const connection = { id: source, connector: configured?.connector.name ?? 'test', timezone: 'UTC', ...c.connection }
  const event: CommerceEvent = {
    id: `test:${rule.id}:${c.name}`,
    type,
    source,
    resource: { kind, id: String(entity.id), version: '1' },
    occurredAt: new Date(start).toISOString(),
    receivedAt: new Date(start).toISOString(),
    changes: c.event.changes ?? (previous ? diffPaths(previous, entity) : []),
    data: entity as unknown as Entity,
    ...(c.event.causedBy !== undefined && { causedBy: c.event.causedBy }),
    ...memberOf(type, entity, c.event.member),
  }
  const build = (current: Record<string, unknown>, before: Record<string, unknown> | null, changes: string[], now: number) =>
    buildEventContext({ event, entity: current as unknown as Entity, previous: before as unknown as Entity | null, changes, now, vars, connection })
  let current = entity
  return {
    context: build(entity, previous, event.changes, start),
    source,
    afterWait: (id) => {
      elapsed += waitMs.get(id) ?? 0
      if (c.afterWait && Object.hasOwn(c.afterWait, id)) {
        const patch = c.afterWait[id]
        if (patch === null) return 'gone'
        current = checked(kind, mergeOver(current, patch) as Record<string, unknown>, `afterWait.${id}`)
      }
      return build(current, entity, diffPaths(entity, current), start + elapsed)
    },
  }
}

function checked(kind: ResourceKind, entity: Record<string, unknown>, where: string): Record<string, unknown> {
  const issues = validateEntity(kind, entity)
  if (issues.length) throw new FixtureError(issues.map((issue) => `${where}${issue.path ? `.${issue.path}` : ''}: ${issue.message}`))
  return entity
}

/** Member events name their refund or fulfillment; by default the first one the order has. */
function memberOf(type: EventType, entity: Record<string, unknown>, given?: { kind: 'refund' | 'shipment'; id: string }) {
  if (given) return { member: given }
  const list = type === 'order.refunded' ? 'refunds' : type.startsWith('shipment.') ? 'fulfillments' : undefined
  if (!list) return {}
  const first = (entity[list] as Array<{ id: string }> | undefined)?.[0]
  if (!first) throw new FixtureError([`event.data.${list}: a ${type} event needs at least one (or give event.member)`])
  return { member: { kind: list === 'refunds' ? ('refund' as const) : ('shipment' as const), id: first.id } }
}
