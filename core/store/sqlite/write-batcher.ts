import type { Database, Transaction } from 'better-sqlite3'
import type { StoreTx } from '../shared/tx.js'

type WriteFn = (t: StoreTx) => unknown

/**
 * Group commit for every store write. Operations issued in the same turn of the event loop (concurrent
 * runs reserving and committing steps, the decoder, intake) run one after another inside ONE immediate
 * transaction, each in its own savepoint: an operation that throws is rolled back alone and rejects
 * alone, the others commit together — one COMMIT, one fsync. Each caller's promise settles only after
 * that commit, so nothing is acknowledged before it is durable. Atomicity per operation is unchanged.
 */
export class WriteBatcher {
  private pending: Array<{ fn: WriteFn; resolve: (value: unknown) => void; reject: (error: unknown) => void }> = []
  private scheduled: Promise<void> | undefined
  private readonly outer: Transaction<(run: () => void) => void>

  /** `operation` is the per-operation transaction; called inside `outer` it becomes a savepoint. */
  constructor(db: Database, private readonly operation: Transaction<(fn: WriteFn) => unknown>) {
    this.outer = db.transaction((run: () => void) => run())
  }

  write<T>(fn: (t: StoreTx) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (value: unknown) => void, reject })
      this.scheduled ??= new Promise<void>((done) => setImmediate(() => {
        this.flush()
        done()
      }))
    })
  }

  /** Waits until everything queued has committed (close). */
  async drain(): Promise<void> {
    while (this.scheduled) await this.scheduled
  }

  private flush(): void {
    this.scheduled = undefined
    const batch = this.pending
    this.pending = []
    if (batch.length === 1) {
      // the common idle case: no savepoint needed
      const [only] = batch
      try {
        only.resolve(this.operation.immediate(only.fn))
      } catch (e) {
        only.reject(e)
      }
      return
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = []
    try {
      this.outer.immediate(() => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: this.operation(item.fn) })
          } catch (error) {
            outcomes.push({ ok: false, error })
          }
        }
      })
    } catch (error) {
      for (const item of batch) item.reject(error)
      return
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]
      if (outcome.ok) item.resolve(outcome.value)
      else item.reject(outcome.error)
    })
  }
}
