import { applyRunChange } from './run-change.js'
import { isTerminal } from './lanes.js'
import type { StoreTx } from './tx.js'

/**
 * `concurrencyKey` mutexes (SEMANTICS.md §6): requests queue in store order (an increasing id) and the
 * lowest open request holds the mutex. A request lives from the step's first reserve until its commit
 * leaves it done, failed, skipped or in doubt (backoff keeps it), or its run ends.
 */

/** Queues (once) the ledger row's request; true when no earlier request of another run is ahead of it. */
export function acquireMutex(tx: StoreTx, mutex: string, ledgerKey: string, runId: string): boolean {
  const mine = tx.findMutexRequest(mutex, ledgerKey) ?? tx.insertMutexRequest(mutex, ledgerKey, runId)
  const holder = tx.mutexHolder(mutex)
  return !holder || holder.id === mine.id || holder.runId === runId
}

/** Drops the requests and hands each freed mutex to the next request: its run goes back to `queued`. */
export function releaseMutexes(tx: StoreTx, by: { ledgerKey: string } | { runId: string }, now: number): void {
  const freed = new Set(tx.deleteMutexRequests(by).map((request) => request.mutex))
  for (const mutex of freed) {
    for (let next = tx.mutexHolder(mutex); next; next = tx.mutexHolder(mutex)) {
      const run = tx.getRun(next.runId)
      if (run && !isTerminal(run.state)) {
        if (run.state === 'mutex_wait') tx.putRun(applyRunChange(run, { state: 'queued' }, now))
        break
      }
      // a request whose run is gone or over can never be released by a commit
      tx.deleteMutexRequests({ runId: next.runId })
    }
  }
}
