import { buildEventContext } from '../model/context.js'
import { evaluateLogic, isTruthy } from '../rules/logic.js'
import { parseDuration } from '../sdk/duration.js'
import { CartwireError } from '../sdk/errors.js'
import type { ApplyHandlers, PlanResult } from '../store/contract.js'
import { laneOf, type Runtime } from './runtime.js'

/**
 * Turns one stored event into runs, inside the store's transaction (pure: no I/O). A rule matches when
 * its `on`, `sources` and capabilities fit (the RuleIndex) and its `if` holds on the trigger-time context.
 * Paused rules and own changes write no run: they appear in the event's trace as skipped matches.
 */
export function createPlanner(rt: Runtime): ApplyHandlers['plan'] {
  const windowMs = parseDuration(rt.config.loopBreaker.window)
  const max = rt.config.loopBreaker.max
  return (event, env) => {
    const result: PlanResult = { runs: [], skipped: [], exceptions: [] }
    const rules = rt.rules.match(event)
    if (rules.length === 0) return result
    const connection = rt.connections.get(event.source)
    let context: Record<string, unknown> | undefined
    for (const rule of rules) {
      if (!rule.enabled || rt.paused.has(rule.id)) {
        result.skipped.push({ rule: rule.id, reason: 'paused' })
        continue
      }
      if (event.causedBy && !rule.onOwnChanges) {
        result.skipped.push({ rule: rule.id, reason: 'own-change' })
        continue
      }
      if (rule.if !== undefined) {
        context ??= buildEventContext({
          event,
          entity: event.data,
          previous: env.previous ?? null,
          changes: event.changes,
          now: env.now,
          vars: rt.config.vars,
          connection: { id: event.source, connector: connection?.definition.name ?? 'unknown', currency: connection?.config.currency, timezone: connection?.timezone ?? rt.config.timezone },
        })
        let matched: boolean
        try {
          matched = isTruthy(evaluateLogic(rule.if, context))
        } catch (e) {
          // validate refuses unknown operators, so this is a condition that throws on this data: the
          // event is kept and the operator sees why the rule did not run on it
          const error = new CartwireError('ERR_RULE', `rule ${rule.id}: its condition threw on event ${event.id}: ${(e as Error).message}`, { context: { rule: rule.id, event: event.id } })
          result.exceptions.push({ kind: 'policy', code: 'ERR_RULE', error: error.toJSON(), connection: event.source, eventId: event.id, ruleId: rule.id, resource: { kind: event.resource.kind, id: event.resource.id }, now: env.now })
          continue
        }
        if (!matched) continue
      }
      const lane = laneOf(event, rule.id)
      if (env.recentRuns(lane, env.now - windowMs) >= max) {
        result.skipped.push({ rule: rule.id, reason: 'loop-breaker' })
        const error = new CartwireError('ERR_LOOP', `rule ${rule.id} fired ${max} times on ${event.resource.kind} ${event.resource.id} within ${rt.config.loopBreaker.window}; further matches are skipped`, { context: { rule: rule.id, event: event.id, connection: event.source } })
        result.exceptions.push({ kind: 'policy', code: 'ERR_LOOP', error: error.toJSON(), connection: event.source, eventId: event.id, ruleId: rule.id, resource: { kind: event.resource.kind, id: event.resource.id }, now: env.now })
        continue
      }
      result.runs.push({ eventId: event.id, ruleId: rule.id, ruleHash: rule.hash, lane })
    }
    return result
  }
}
