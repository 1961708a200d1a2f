import type { Database, Transaction } from 'better-sqlite3'
import type { StoreTx } from '../shared/tx.js'

type WriteFn = (t: StoreTx) => unknown
type Pending = { fn: WriteFn; durable: boolean; resolve: (value: unknown) => void; reject: (error: unknown) => void }

/** How a batch that found the database locked by another connection waits before it tries again. */
const BUSY_BACKOFF_MS = [2, 5, 10, 20, 50, 100]

/**
 * Group commit for every store write. Operations issued in the same turn of the event loop (concurrent
 * runs reserving and committing steps, the decoder, intake) run one after another inside ONE immediate
 * transaction, each in its own savepoint: an operation that throws is rolled back alone and rejects
 * alone, the others commit together — one COMMIT, one fsync. Each caller's promise settles only after
 * that commit, so nothing is acknowledged before it is durable. Atomicity per operation is unchanged.
 */
export class WriteBatcher {
  private pending: Pending[] = []
  private scheduled: Promise<void> | undefined
  /** since when the batch at the head has found the database locked */
  private busySince: number | undefined
  private busyTries = 0
  private readonly outer: Transaction<(run: () => void) => void>

  /**
   * `operation` is the per-operation transaction; called inside `outer` it becomes a savepoint.
   * `syncDurable` (synchronous 'full'): how a durable operation's commit is made to survive power loss
   * before its promise settles (wal-syncer.ts); absent, commits are durable against process death only.
   * `busyMs`: how long a batch keeps retrying while another connection holds the write lock. The
   * connection's own busy_timeout is kept short: it waits synchronously, blocking the event loop (and
   * with it every webhook acknowledgement), so the waiting is done here, between turns of the loop.
   */
  constructor(
    db: Database,
    private readonly operation: Transaction<(fn: WriteFn) => unknown>,
    private readonly syncDurable?: () => Promise<void>,
    private readonly busyMs = 5000,
  ) {
    this.outer = db.transaction((run: () => void) => run())
  }

  write<T>(fn: (t: StoreTx) => T, durable = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, durable: durable && this.syncDurable !== undefined, resolve: resolve as (value: unknown) => void, reject })
      this.schedule(0)
    })
  }

  private schedule(delayMs: number): void {
    this.scheduled ??= new Promise<void>((done) => {
      const run = () => {
        this.flush()
        done()
      }
      if (delayMs === 0) setImmediate(run)
      else setTimeout(run, delayMs)
    })
  }

  /** The database was locked by another connection: the whole batch (nothing of it ran) waits and tries again. */
  private busy(batch: Pending[], error: unknown): boolean {
    if (!isBusy(error)) return false
    const now = Date.now()
    this.busySince ??= now
    if (now - this.busySince >= this.busyMs) {
      this.calm()
      return false
    }
    this.pending = [...batch, ...this.pending]
    this.schedule(BUSY_BACKOFF_MS[Math.min(this.busyTries++, BUSY_BACKOFF_MS.length - 1)])
    return true
  }

  /** A batch got through (or gave up): the next lock found starts a new wait. */
  private calm(): void {
    this.busySince = undefined
    this.busyTries = 0
  }

  /** Waits until everything queued has committed (close). */
  async drain(): Promise<void> {
    while (this.scheduled) await this.scheduled
  }

  private flush(): void {
    this.scheduled = undefined
    if (this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    if (batch.length === 1) {
      // the common idle case: no savepoint needed
      const [only] = batch
      let value: unknown
      try {
        value = this.operation.immediate(only.fn)
      } catch (e) {
        if (this.busy(batch, e)) return
        return only.reject(e)
      }
      this.calm()
      return this.settle([{ item: only, value }])
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
      if (this.busy(batch, error)) return
      for (const item of batch) item.reject(error)
      return
    }
    this.calm()
    const committed: Array<{ item: (typeof batch)[number]; value: unknown }> = []
    batch.forEach((item, i) => {
      const outcome = outcomes[i]
      if (outcome.ok) committed.push({ item, value: outcome.value })
      else item.reject(outcome.error)
    })
    this.settle(committed)
  }

  /** Committed operations settle now, durable ones once the WAL sync that follows their commit is done. */
  private settle(committed: Array<{ item: { durable: boolean; resolve: (value: unknown) => void; reject: (error: unknown) => void }; value: unknown }>): void {
    const durable = committed.filter((c) => c.item.durable)
    for (const c of committed) if (!c.item.durable) c.item.resolve(c.value)
    if (durable.length === 0) return
    this.syncDurable!().then(
      () => durable.forEach((c) => c.item.resolve(c.value)),
      (error) => durable.forEach((c) => c.item.reject(error)),
    )
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED'
}
