import type { Runtime } from '../engine/runtime.js'
import { applyItems, fetchedItem } from '../intake/apply.js'
import { wrapPluginError } from '../sdk/errors.js'
import type { ApplyHandlers, RunChange, Timer } from '../store/contract.js'
import { failpoint } from './failpoints.js'

/** While a rule is paused its due waits are looked at again this much later (they resume on resume). */
const PAUSED_RECHECK_MS = 60_000

/**
 * A due wait (SEMANTICS.md §8): re-read the entity through the connector's `fetch` where it has one (the
 * result goes through change detection like a poll), then queue the run at the step after the wait. A
 * resource gone during the wait ends the run `gone`; a disabled or deleted rule cancels it; a paused
 * rule keeps it waiting. A fetch failure leaves the timer leased; it comes back when the lease ends.
 */
async function fireWait(rt: Runtime, handlers: ApplyHandlers, timer: Timer): Promise<void> {
  const complete = (change?: RunChange) => {
    failpoint('before-timer-complete')
    return rt.store.completeTimer(timer.id, timer.token, change && timer.runId ? { runId: timer.runId, change } : undefined)
  }
  const run = timer.runId ? await rt.store.getRun(timer.runId) : undefined
  if (!run || run.state !== 'waiting') return void (await complete())
  const rule = rt.rules.get(run.ruleId)
  if (!rule) return void (await complete({ state: 'ended', outcome: 'cancelled: rule removed' }))
  if (!rule.enabled) return void (await complete({ state: 'ended', outcome: 'cancelled: rule disabled' }))
  if (rt.paused.has(rule.id)) {
    const dueAt = rt.clock.now() + PAUSED_RECHECK_MS
    return void (await complete({ state: 'waiting', dueAt, timer: { id: `${timer.id}:paused@${dueAt}`, kind: 'wait', runId: run.id, dueAt } }))
  }
  const event = await rt.store.getEvent(run.eventId)
  const connection = event && rt.connections.get(event.source)
  if (!event || !connection) return void (await complete({ state: 'ended', outcome: 'cancelled: event or connection gone' }))
  if (connection.instance.fetch) {
    try {
      const fetched = await connection.instance.fetch({ kind: event.resource.kind, id: event.resource.id })
      await applyItems(rt, handlers, connection, [fetchedItem(fetched, 'wait')], [], new Date(rt.clock.now()).toISOString())
    } catch (e) {
      rt.log.warn({ run: run.id, err: wrapPluginError(e, { plugin: connection.definition.name }).message }, 're-read after a wait failed; it will be tried again')
      return
    }
  }
  const state = await rt.store.getResource(event.source, event.resource.kind, event.resource.id)
  if (!state || state.entity === null) return void (await complete({ state: 'ended', outcome: 'gone' }))
  await complete({ state: 'queued' })
}

export async function fireDueTimers(rt: Runtime, handlers: ApplyHandlers, limit = 32): Promise<number> {
  const timers = await rt.store.claimDueTimers(rt.owner, rt.clock.now(), rt.leaseMs, limit)
  for (const timer of timers) {
    if (timer.kind === 'wait') await fireWait(rt, handlers, timer)
  }
  return timers.length
}
