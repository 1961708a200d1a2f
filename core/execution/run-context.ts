import { buildEventContext, buildScheduleContext } from '../model/context.js'
import { scheduleTickOf } from './schedule-runs.js'
import { diffPaths } from '../changes/diff.js'
import type { Runtime } from '../engine/runtime.js'
import type { Rule } from '../rules/types.js'
import type { Entity } from '../sdk/entities.js'
import type { Run, StoredEvent } from '../store/contract.js'

export type RunContext =
  /** `event` is absent for a scheduled rule's tick */
  | { ok: true; event?: StoredEvent; context: Record<string, unknown> }
  | { ok: false; outcome: string }

/**
 * The context a run's steps see (SEMANTICS.md §8, §9). Before any wait: the trigger-time entity and its
 * previous version. After a wait (a wait step precedes `stepIndex` in the current rule): the current
 * stored entity, `previous` = the entity at trigger time, `changes` from trigger to now.
 */
export async function runContext(rt: Runtime, run: Run, rule: Rule, stepIndex: number): Promise<RunContext> {
  const tick = scheduleTickOf(run.eventId)
  if (tick) return { ok: true, context: buildScheduleContext({ scheduleId: tick.ruleId, firedAt: tick.firedAt, now: rt.clock.now(), vars: rt.config.vars }) }
  const event = await rt.store.getEvent(run.eventId)
  if (!event) return { ok: false, outcome: 'cancelled: event pruned' }
  const connection = rt.connections.get(event.source)
  const afterWait = rule.then.slice(0, stepIndex).some((s) => s.kind === 'wait')
  let entity: Entity = event.data
  let previous: Entity | null = null
  let changes = event.changes
  if (afterWait) {
    const state = await rt.store.getResource(event.source, event.resource.kind, event.resource.id)
    if (!state || state.entity === null) return { ok: false, outcome: 'gone' }
    previous = event.data
    entity = state.entity
    changes = diffPaths(previous, entity)
  } else if (event.previousSeq !== null) {
    previous = (await rt.store.getVersion(event.source, event.resource.kind, event.resource.id, event.previousSeq)) ?? null
  }
  const context = buildEventContext({
    event,
    entity,
    previous,
    changes,
    now: rt.clock.now(),
    vars: rt.config.vars,
    connection: { id: event.source, connector: connection?.definition.name ?? 'unknown', currency: connection?.config.currency, timezone: connection?.timezone ?? rt.config.timezone },
  })
  return { ok: true, event, context }
}
