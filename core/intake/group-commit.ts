import type { AppendResult, NewDelivery, Store } from '../store/contract.js'

export interface GroupCommitOptions {
  /** a batch this large is handed to the store at once. @default 256 */
  maxBatch?: number
}

/**
 * Group commit for intake (SEMANTICS.md §3): deliveries verified in the same turn of the event loop
 * share one store append — one journal write and one fsync (sqlite), one transaction (lowdb) — and each
 * caller's promise settles when its batch is durable. No timer waits for company: while one batch is
 * being made durable, the requests arriving meanwhile form the next (a fixed window of a few ms would
 * add its length to every acknowledgement). A failed batch fails every caller in it (each answers 503, so
 * the platform retries).
 */
export class GroupCommitter {
  private pending: Array<{ item: NewDelivery; resolve: (r: AppendResult) => void; reject: (e: unknown) => void }> = []
  private scheduled: NodeJS.Immediate | undefined
  private readonly maxBatch: number
  private inFlight = new Set<Promise<void>>()

  constructor(private readonly store: Store, opts: GroupCommitOptions = {}) {
    this.maxBatch = opts.maxBatch ?? 256
  }

  append(item: NewDelivery): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject })
      if (this.pending.length >= this.maxBatch) this.flush()
      else this.scheduled ??= setImmediate(() => this.flush())
    })
  }

  /** Hands what is waiting now to the store. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = undefined
    const batch = this.pending
    if (batch.length === 0) return
    this.pending = []
    const done = this.store
      .appendDeliveries(batch.map((b) => b.item))
      .then(
        (results) => batch.forEach((b, i) => b.resolve(results[i])),
        (error) => batch.forEach((b) => b.reject(error)),
      )
      .finally(() => this.inFlight.delete(done))
    this.inFlight.add(done)
  }

  /** Flushes and waits for every batch in flight (shutdown). */
  async drain(): Promise<void> {
    this.flush()
    await Promise.all(this.inFlight)
  }
}
