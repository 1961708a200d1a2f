import type { Run, RunState } from '../contract.js'

/**
 * Lanes (SEMANTICS.md §6). A lane is `(resource, rule)`; its runs start in event order (seq) and at most
 * one of them is active at a time.
 *
 * - A run in a HOLDING state keeps its lane: `running` (even when its lease expired: it is the lane's
 *   active run and is reclaimed first), `retry_wait` (a step in backoff holds the lane) and `mutex_wait`.
 * - `waiting`, `suspended`, `done` and `ended` release it: later events proceed past a wait or an
 *   exception.
 * - A `queued` run may start when no run of its lane holds it and no queued run of its lane is older.
 * - A due `retry_wait` run and an expired `running` run already hold their lane and may be claimed.
 *
 * The sqlite driver runs this rule as one indexed query built from these constants; lowdb evaluates
 * `claimableRuns` directly. The conformance suite holds them together.
 */
export const LANE_HOLDING_STATES = ['running', 'retry_wait', 'mutex_wait'] as const satisfies readonly RunState[]
export const TERMINAL_RUN_STATES = ['done', 'ended'] as const satisfies readonly RunState[]

export function holdsLane(state: RunState): boolean {
  return (LANE_HOLDING_STATES as readonly RunState[]).includes(state)
}

export function isTerminal(state: RunState): boolean {
  return (TERMINAL_RUN_STATES as readonly RunState[]).includes(state)
}

/** Whether `run` may be claimed at `now`, given the other runs of its lane. */
export function isClaimable(run: Run, laneRuns: readonly Run[], now: number): boolean {
  if (run.state === 'retry_wait') return run.dueAt !== null && run.dueAt <= now
  if (run.state === 'running') return run.leaseUntil === null || run.leaseUntil < now
  if (run.state !== 'queued') return false
  return laneRuns.every((other) => other.id === run.id || (!holdsLane(other.state) && !(other.state === 'queued' && other.seq < run.seq)))
}

/** All claimable runs among `runs`, in seq order (for drivers that hold every run in memory). */
export function claimableRuns(runs: Iterable<Run>, now: number): Run[] {
  const byLane = new Map<string, Run[]>()
  for (const run of runs) {
    if (isTerminal(run.state)) continue
    const lane = byLane.get(run.lane)
    if (lane) lane.push(run)
    else byLane.set(run.lane, [run])
  }
  const out: Run[] = []
  for (const lane of byLane.values()) for (const run of lane) if (isClaimable(run, lane, now)) out.push(run)
  return out.sort((a, b) => a.seq - b.seq)
}

/** Picks up to `limit` candidates in seq order, never two of one lane. */
export function pickClaims(candidates: readonly Run[], limit: number): Run[] {
  const lanes = new Set<string>()
  const picked: Run[] = []
  for (const run of [...candidates].sort((a, b) => a.seq - b.seq)) {
    if (picked.length >= limit) break
    if (lanes.has(run.lane)) continue
    lanes.add(run.lane)
    picked.push(run)
  }
  return picked
}
