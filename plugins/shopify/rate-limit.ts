import type { HttpPriority } from '../../core/sdk/index.js'

/**
 * Client side of a Shopify leaky bucket, one per API (REST: 1 unit per request, bucket size from
 * `X-Shopify-Shop-Api-Call-Limit`, leak from the plan; GraphQL: query cost points, size and restore rate
 * from `extensions.cost.throttleStatus`). It keeps cartwire under the limit instead of finding it by
 * 429s, and it orders who gets the capacity:
 * - intake (`poll`, `fetch`) is served before queued actions, FIFO within a class;
 * - actions may fill the bucket only up to `1 − intakeReserve` of its size, so a burst of a thousand
 *   writes leaves room for a poll page at once: actions never starve polling.
 * The level is the gate's own estimate, corrected from every response (`settle`): the server's figure
 * plus what is still in flight. A 429 or THROTTLED blocks everyone for the time the server asks (`block`).
 * Real time throughout: rate limits are about the platform's wall clock, not the engine's injected one.
 */
export interface GateOptions {
  capacity: number
  leakPerSecond: number
  /** share of the capacity actions leave free */
  intakeReserve: number
  /** @default performance.now */
  now?: () => number
}

export interface Ticket {
  readonly cost: number
}

interface Waiter {
  cost: number
  grant(ticket: Ticket): void
}

export class LeakyGate {
  private level = 0
  private at: number
  private pending = 0
  private blockedUntil = 0
  private readonly intake: Waiter[] = []
  private readonly actions: Waiter[] = []
  private timer: NodeJS.Timeout | undefined
  private readonly now: () => number

  constructor(private readonly opts: GateOptions) {
    this.now = opts.now ?? (() => performance.now())
    this.at = this.now()
  }

  /** Waits until `cost` fits for this priority; the ticket must be settled once the response is in. */
  acquire(priority: HttpPriority, cost: number, signal?: AbortSignal): Promise<Ticket> {
    return new Promise<Ticket>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const queue = priority === 'action' ? this.actions : this.intake
      const onAbort = () => {
        const at = queue.indexOf(waiter)
        if (at >= 0) queue.splice(at, 1)
        reject(signal?.reason)
      }
      const waiter: Waiter = {
        cost,
        grant: (ticket) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(ticket)
        },
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      queue.push(waiter)
      this.pump()
    })
  }

  /**
   * The response to `ticket` arrived. `used` is the server's level after it (when the response says),
   * which replaces the estimate; requests still in flight are added on top. `capacity` and
   * `leakPerSecond` follow what the server reports.
   */
  settle(ticket: Ticket, used?: number, capacity?: number, leakPerSecond?: number): void {
    this.pending -= ticket.cost
    if (capacity !== undefined && capacity > 0) this.opts.capacity = capacity
    if (leakPerSecond !== undefined && leakPerSecond > 0) this.opts.leakPerSecond = leakPerSecond
    if (used !== undefined) {
      this.level = Math.max(0, used) + this.pending
      this.at = this.now()
    }
    this.pump()
  }

  /** The server refused for lack of capacity: nobody is let through for `ms`. */
  block(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms)
    this.pump()
  }

  /** The estimated level now (for tests and metrics). */
  get used(): number {
    this.leak()
    return this.level
  }

  get capacity(): number {
    return this.opts.capacity
  }

  private leak(): void {
    const now = this.now()
    this.level = Math.max(0, this.level - ((now - this.at) * this.opts.leakPerSecond) / 1000)
    this.at = now
  }

  private fits(cost: number, limit: number): boolean {
    // a cost larger than the whole bucket goes through once the bucket is empty, or it would never go
    return this.level + cost <= limit || (this.pending === 0 && this.level === 0)
  }

  private pump(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    for (;;) {
      this.leak()
      if (this.now() < this.blockedUntil) return this.wake(this.blockedUntil - this.now())
      const actionLimit = this.opts.capacity * (1 - this.opts.intakeReserve)
      let next: Waiter | undefined
      if (this.intake.length && this.fits(this.intake[0].cost, this.opts.capacity)) next = this.intake.shift()
      else if (!this.intake.length && this.actions.length && this.fits(this.actions[0].cost, actionLimit)) next = this.actions.shift()
      if (!next) break
      this.level += next.cost
      this.pending += next.cost
      next.grant({ cost: next.cost })
    }
    const head = this.intake[0] ?? this.actions[0]
    if (!head) return
    const limit = this.intake.length ? this.opts.capacity : this.opts.capacity * (1 - this.opts.intakeReserve)
    const excess = this.level + head.cost - limit
    this.wake(Math.max(1, (excess * 1000) / this.opts.leakPerSecond))
  }

  private wake(ms: number): void {
    this.timer = setTimeout(() => this.pump(), Math.ceil(ms))
  }
}
