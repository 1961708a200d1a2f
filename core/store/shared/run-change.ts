import { CartwireError } from '../../sdk/errors.js'
import type { Run, RunChange } from '../contract.js'

/**
 * Fencing (SEMANTICS.md §5): a worker may change a run only while it holds the run's current lease.
 * A token from before a takeover, or a run that left `running`, is refused.
 */
export function isFenced(run: Run | undefined, token: number): boolean {
  return !run || run.state !== 'running' || run.leaseToken !== token
}

/**
 * The run after `change`: given fields replace, undefined ones stay. Leaving `running` drops the lease
 * (owner and expiry) but keeps `leaseToken`, which never decreases, so a stale worker stays fenced.
 * `timer` and `exception` are side effects the caller writes in the same operation.
 */
export function applyRunChange(run: Run, change: RunChange, now: number): Run {
  const next: Run = {
    ...run,
    state: change.state,
    cursor: change.cursor === undefined ? run.cursor : change.cursor,
    dueAt: change.dueAt === undefined ? run.dueAt : change.dueAt,
    outcome: change.outcome === undefined ? run.outcome : change.outcome,
    updatedAt: now,
  }
  if (next.state === 'retry_wait' && next.dueAt === null) {
    throw new CartwireError('ERR_INTERNAL', `run ${run.id}: state retry_wait needs dueAt`)
  }
  if (next.state !== 'running') {
    next.leaseOwner = null
    next.leaseUntil = null
  }
  return next
}

/** A claim: the run is `running` under a new lease whose token is one above the last. */
export function leaseRun(run: Run, owner: string, now: number, leaseMs: number): Run {
  return { ...run, state: 'running', leaseOwner: owner, leaseToken: run.leaseToken + 1, leaseUntil: now + leaseMs, updatedAt: now }
}
