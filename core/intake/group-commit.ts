import type { AppendResult, NewDelivery, Store } from '../store/contract.js'

export interface GroupCommitOptions {
  /** how long the first delivery of a batch waits for company. @default 2 */
  windowMs?: number
  /** a batch this large commits at once. @default 64 */
  maxBatch?: number
}

/**
 * Group commit for intake (SEMANTICS.md §3): deliveries arriving within a short window share one
 * transaction and one fsync; each caller's promise settles when its batch is durable. A failed batch
 * fails every caller in it (each answers 503, so the platform retries).
 */
export class GroupCommitter {
  private pending: Array<{ item: NewDelivery; resolve: (r: AppendResult) => void; reject: (e: unknown) => void }> = []
  private timer: NodeJS.Timeout | undefined
  private readonly windowMs: number
  private readonly maxBatch: number
  private inFlight = new Set<Promise<void>>()

  constructor(private readonly store: Store, opts: GroupCommitOptions = {}) {
    this.windowMs = opts.windowMs ?? 2
    this.maxBatch = opts.maxBatch ?? 64
  }

  append(item: NewDelivery): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject })
      if (this.pending.length >= this.maxBatch) this.flush()
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs)
    })
  }

  /** Commits what is waiting now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
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
