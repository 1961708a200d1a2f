import type { StoreCounts } from '../contract.js'
import type { StoreTx } from '../shared/tx.js'
import { copy, ordered, type LowdbData } from './data.js'
import type { Journal } from './journal.js'

type ExceptionRepo = Pick<StoreTx, 'getException' | 'listExceptions' | 'openStepExceptionsInLane' | 'insertException' | 'putException' | 'counts'>

/** Exceptions and counts. */
export function exceptionRepo(data: LowdbData, j: Journal): ExceptionRepo {
  return {
    getException: (id) => (Object.hasOwn(data.exceptions, id) ? copy(data.exceptions[id].record) : undefined),
    listExceptions: (f) =>
      ordered(
        Object.values(data.exceptions)
          .map((x) => x.record)
          .filter((x) => (f.state === undefined || x.state === f.state) && (f.kind === undefined || x.kind === f.kind)),
        (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1),
        f.limit,
      ).map(copy),
    openStepExceptionsInLane: (lane) =>
      Object.values(data.exceptions)
        .filter((x) => x.lane === lane && x.record.state === 'open' && x.record.kind === 'step')
        .map((x) => copy(x.record)),
    insertException(record, lane) {
      j.set(data.exceptions, record.id, { lane, record: copy(record) })
    },
    putException(record) {
      j.set(data.exceptions, record.id, { lane: data.exceptions[record.id]?.lane ?? null, record: copy(record) })
    },

    counts(): StoreCounts {
      const tally = <K extends string>(states: K[], base: Partial<Record<K, number>> = {}) => {
        const out = { ...base }
        for (const state of states) out[state] = (out[state] ?? 0) + 1
        return out
      }
      return {
        deliveries: tally(Object.values(data.deliveries).map((d) => d.state), { pending: 0, done: 0, failed: 0 }) as StoreCounts['deliveries'],
        events: Object.keys(data.events).length,
        runs: tally(Object.values(data.runs).map((r) => r.state)),
        ledger: tally(Object.values(data.ledger).map((e) => e.state)),
        exceptions: tally(Object.values(data.exceptions).map((x) => x.record.state)),
        timers: Object.keys(data.timers).length,
      }
    },
  }
}
