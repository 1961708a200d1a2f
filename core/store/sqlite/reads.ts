import type { Database } from 'better-sqlite3'
import type { StoreCounts } from '../contract.js'
import type { StoreTx } from '../shared/tx.js'

/** `counts()`: one grouped query per table, for quick inspection. */
export function countsRepo(db: Database): Pick<StoreTx, 'counts'> {
  const grouped = (table: string) => db.prepare<[], { state: string; n: number }>(`SELECT state, count(*) AS n FROM ${table} GROUP BY state`)
  const s = {
    deliveries: grouped('deliveries'),
    runs: grouped('runs'),
    ledger: grouped('ledger'),
    exceptions: grouped('exceptions'),
    events: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events'),
    timers: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM timers'),
  }
  const tally = <K extends string>(rows: Array<{ state: string; n: number }>, base: Partial<Record<K, number>> = {}) => {
    const out: Partial<Record<K, number>> = { ...base }
    for (const row of rows) out[row.state as K] = row.n
    return out
  }
  return {
    counts: (): StoreCounts => ({
      deliveries: tally(s.deliveries.all(), { pending: 0, done: 0, failed: 0 }) as StoreCounts['deliveries'],
      events: s.events.get()?.n ?? 0,
      runs: tally(s.runs.all()),
      ledger: tally(s.ledger.all()),
      exceptions: tally(s.exceptions.all()),
      timers: s.timers.get()?.n ?? 0,
    }),
  }
}
