import type { ScheduledTask } from 'node-cron'

/**
 * Missed schedule ticks (SEMANTICS.md §14). node-cron only knows the future, so the ticks a stopped
 * daemon missed are found here with the task's own `match()` (its pattern in its timezone), scanning
 * back from a time at the pattern's resolution: whole minutes, or seconds for a six-field pattern.
 * The scan is bounded: the catch-up window is normally an hour (60 steps); MAX_STEPS caps a window
 * configured absurdly large (100k steps ≈ 1 s).
 */
export const MAX_STEPS = 100_000

export type TickMatcher = Pick<ScheduledTask, 'match'>

/** The latest tick in `(after, upTo]`, or undefined when there is none (or none within MAX_STEPS). */
export function latestTick(task: TickMatcher, pattern: string, after: number, upTo: number): number | undefined {
  const step = pattern.trim().split(/\s+/).length === 6 ? 1000 : 60_000
  let at = Math.floor(upTo / step) * step
  for (let i = 0; at > after && i < MAX_STEPS; i++, at -= step) {
    if (task.match(new Date(at))) return at
  }
  return undefined
}

export interface CatchUpPlan {
  /** the tick to fire now: the latest one missed within the window (a missed tick runs once) */
  fire?: number
  /** the latest tick missed outside the window: skipped, and logged */
  skipped?: number
}

/**
 * What a schedule missed between `last` (the last tick the scheduler handled, kept in the store) and
 * `now`: the latest tick within `windowMs` of now is fired, once, however many were missed; a tick
 * older than the window is skipped. `last` undefined (first start): nothing was missed.
 */
export function planCatchUp(task: TickMatcher, pattern: string, last: number | undefined, now: number, windowMs: number): CatchUpPlan {
  if (last === undefined || last >= now) return {}
  const windowStart = now - windowMs
  const fire = latestTick(task, pattern, Math.max(last, windowStart - 1), now)
  const skipped = last < windowStart ? latestTick(task, pattern, last, windowStart - 1) : undefined
  return { ...(fire !== undefined && { fire }), ...(skipped !== undefined && { skipped }) }
}
