import type { ClaimedRun, NewRun, Run, RunChange } from '../contract.js'
import { isTerminal, pickClaims } from './lanes.js'
import { releaseMutexes } from './mutex.js'
import { recordException } from './record-exception.js'
import { applyRunChange, isFenced, leaseRun } from './run-change.js'
import { scheduleTimer } from './timer-ops.js'
import type { StoreTx } from './tx.js'

/**
 * Applies a RunChange with its side effects in the caller's operation: a run that ends releases its
 * mutexes and timers; `timer` schedules the run's wake-up; `exception` opens an exception on the run.
 */
export function changeRun(tx: StoreTx, run: Run, change: RunChange, now: number): Run {
  const next = applyRunChange(run, change, now)
  tx.putRun(next)
  if (isTerminal(next.state)) {
    tx.deleteTimersOfRun(run.id)
    releaseMutexes(tx, { runId: run.id }, now)
  }
  if (change.timer) scheduleTimer(tx, { ...change.timer, runId: change.timer.runId ?? run.id })
  if (change.exception) recordException(tx, { ...change.exception, runId: change.exception.runId ?? run.id })
  return next
}

/** Inserts runs no event created (scheduled ticks), once per id. */
export function createRuns(tx: StoreTx, runs: NewRun[], now: number): number {
  let created = 0
  for (const run of runs) {
    const id = `${run.eventId}:${run.ruleId}`
    if (tx.getRun(id)) continue
    tx.insertRun({
      id, eventId: run.eventId, ruleId: run.ruleId, ruleHash: run.ruleHash, lane: run.lane, state: 'queued', cursor: null,
      dueAt: null, leaseOwner: null, leaseToken: 0, leaseUntil: null, outcome: null, triggerSeq: null, createdAt: now, updatedAt: now,
    })
    created++
  }
  return created
}

/** Leases runnable runs in seq order, at most one per lane (lanes.ts). */
export function claimWork(tx: StoreTx, owner: string, now: number, leaseMs: number, limit: number): ClaimedRun[] {
  if (limit <= 0) return []
  return pickClaims(tx.claimCandidates(now, limit), limit).map((run) => {
    const leased = leaseRun(run, owner, now, leaseMs)
    tx.putRun(leased)
    noteLaterEvent(tx, leased, now)
    return { run: leased, token: leased.leaseToken }
  })
}

/** An exception released its lane; the operator sees which later events went ahead (SEMANTICS.md §6). */
function noteLaterEvent(tx: StoreTx, run: Run, now: number): void {
  for (const exception of tx.openStepExceptionsInLane(run.lane)) {
    if (exception.runId === run.id || exception.laterEvents.includes(run.eventId)) continue
    tx.putException({ ...exception, laterEvents: [...exception.laterEvents, run.eventId], updatedAt: now })
  }
}

export function renewLease(tx: StoreTx, runId: string, token: number, until: number): boolean {
  const run = tx.getRun(runId)
  if (!run || isFenced(run, token)) return false
  tx.putRun({ ...run, leaseUntil: until })
  return true
}

export function updateRun(tx: StoreTx, runId: string, token: number, change: RunChange, now: number): { ok: boolean } {
  const run = tx.getRun(runId)
  if (!run || isFenced(run, token)) return { ok: false }
  changeRun(tx, run, change, now)
  return { ok: true }
}

/**
 * Deletes the timer and applies its run change atomically. The change is not fenced by a run lease (a
 * waiting run has none) but by the timer's token; a run that ended meanwhile (resolved, cancelled) is
 * left as it is.
 */
export function completeTimer(tx: StoreTx, id: string, token: number, now: number, runChange?: { runId: string; change: RunChange }): { ok: boolean } {
  const timer = tx.getTimer(id)
  if (!timer || timer.token !== token) return { ok: false }
  tx.deleteTimer(id)
  if (runChange) {
    const run = tx.getRun(runChange.runId)
    if (run && !isTerminal(run.state)) changeRun(tx, run, runChange.change, now)
  }
  return { ok: true }
}
