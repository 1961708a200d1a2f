import { claimableRuns } from '../shared/lanes.js'
import type { MutexRequest, StoreTx } from '../shared/tx.js'
import { copy, ordered, type LowdbData } from './data.js'
import type { Journal } from './journal.js'
import { nextSeq } from './intake.js'

type ExecutionRepo = Pick<
  StoreTx,
  | 'getRun' | 'listRuns' | 'countRunsSince' | 'claimCandidates' | 'insertRun' | 'putRun'
  | 'getTimer' | 'dueTimers' | 'listTimers' | 'putTimer' | 'deleteTimer' | 'deleteTimersOfRun'
  | 'getLedger' | 'listLedger' | 'ledgerWithEffect' | 'putLedger'
  | 'mutexHolder' | 'findMutexRequest' | 'insertMutexRequest' | 'deleteMutexRequests'
>

/** Runs (claims evaluate lanes.ts over every run: fine at this driver's scale), timers, ledger, mutexes. */
export function executionRepo(data: LowdbData, j: Journal): ExecutionRepo {
  const requests = (mutex: string): MutexRequest[] =>
    ordered(
      Object.values(data.mutexRequests).filter((r) => r.mutex === mutex),
      (a, b) => a.id - b.id,
    )
  return {
    getRun: (id) => (Object.hasOwn(data.runs, id) ? copy(data.runs[id]) : undefined),
    listRuns: (f) =>
      ordered(
        Object.values(data.runs).filter(
          (r) => (f.state === undefined || r.state === f.state) && (f.eventId === undefined || r.eventId === f.eventId) && (f.ruleId === undefined || r.ruleId === f.ruleId),
        ),
        (a, b) => a.seq - b.seq,
        f.limit,
      ).map(copy),
    countRunsSince: (lane, since) => Object.values(data.runs).filter((r) => r.lane === lane && r.createdAt >= since).length,
    claimCandidates: (now, limit) => claimableRuns(Object.values(data.runs), now).slice(0, limit).map(copy),
    insertRun(run) {
      const seq = nextSeq(data, j, 'run')
      j.set(data.runs, run.id, { ...copy(run), seq })
      return seq
    },
    putRun(run) {
      j.set(data.runs, run.id, copy(run))
    },

    getTimer: (id) => (Object.hasOwn(data.timers, id) ? copy(data.timers[id]) : undefined),
    dueTimers: (now, limit) =>
      ordered(
        Object.values(data.timers).filter((t) => t.dueAt <= now && (t.leaseUntil === null || t.leaseUntil < now)),
        byDueAt,
        limit,
      ).map(copy),
    listTimers: () => ordered(Object.values(data.timers), byDueAt).map(copy),
    putTimer(timer) {
      j.set(data.timers, timer.id, copy(timer))
    },
    deleteTimer(id) {
      j.delete(data.timers, id)
    },
    deleteTimersOfRun(runId) {
      for (const timer of Object.values(data.timers)) if (timer.runId === runId) j.delete(data.timers, timer.id)
    },

    getLedger: (key) => (Object.hasOwn(data.ledger, key) ? copy(data.ledger[key]) : undefined),
    listLedger: (f) =>
      ordered(
        Object.values(data.ledger).filter((e) => (f.eventId === undefined || e.eventId === f.eventId) && (f.state === undefined || e.state === f.state)),
        (a, b) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
        f.limit,
      ).map(copy),
    ledgerWithEffect: (res, since) =>
      Object.values(data.ledger)
        .filter((e) => e.effect !== null && e.updatedAt >= since && e.resource?.connection === res.connection && e.resource.kind === res.kind && e.resource.id === res.id)
        .map(copy),
    putLedger(entry) {
      j.set(data.ledger, entry.key, copy(entry))
    },

    mutexHolder: (mutex) => requests(mutex)[0],
    findMutexRequest: (mutex, ledgerKey) => requests(mutex).find((r) => r.ledgerKey === ledgerKey),
    insertMutexRequest(mutex, ledgerKey, runId) {
      const request: MutexRequest = { id: nextSeq(data, j, 'mutex'), mutex, ledgerKey, runId }
      j.set(data.mutexRequests, String(request.id), request)
      return { ...request }
    },
    deleteMutexRequests(by) {
      const gone = Object.values(data.mutexRequests).filter((r) => ('ledgerKey' in by ? r.ledgerKey === by.ledgerKey : r.runId === by.runId))
      for (const request of gone) j.delete(data.mutexRequests, String(request.id))
      return gone.map(copy)
    },
  }
}

function byDueAt(a: { dueAt: number; id: string }, b: { dueAt: number; id: string }): number {
  return a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}
