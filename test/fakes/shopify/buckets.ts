/**
 * Shopify's two leaky buckets, on real time (a rate limit is about the wall clock).
 * - REST: each request adds 1; the bucket leaks `leakPerSecond`; a request that finds it full is
 *   answered 429 (with `Retry-After: 2.0` unless the plan says Shopify sends none).
 * - GraphQL: a query needs its requested cost available or is THROTTLED; it takes the requested cost
 *   and is refunded the difference to its actual cost; points restore at `restorePerSecond`.
 */
export interface Plan {
  rest: { size: number; leakPerSecond: number; retryAfter: boolean }
  graphql: { max: number; restorePerSecond: number }
}

/** Standard plan: 40 requests leaking 2/s; 2,000 points restoring 100/s. */
export const STANDARD_PLAN: Plan = { rest: { size: 40, leakPerSecond: 2, retryAfter: true }, graphql: { max: 2000, restorePerSecond: 100 } }

export class RestBucket {
  private level = 0
  private at = performance.now()
  constructor(readonly plan: Plan['rest']) {}

  private leak(): void {
    const now = performance.now()
    this.level = Math.max(0, this.level - ((now - this.at) * this.plan.leakPerSecond) / 1000)
    this.at = now
  }

  /** Takes one request; false when the bucket is full. */
  take(): boolean {
    this.leak()
    if (this.level + 1 > this.plan.size) return false
    this.level += 1
    return true
  }

  /** `X-Shopify-Shop-Api-Call-Limit` */
  header(): string {
    this.leak()
    return `${Math.ceil(this.level)}/${this.plan.size}`
  }

  fill(): void {
    this.leak()
    this.level = this.plan.size
  }
}

export class CostBucket {
  private available: number
  private at = performance.now()
  constructor(readonly plan: Plan['graphql']) {
    this.available = plan.max
  }

  private restore(): void {
    const now = performance.now()
    this.available = Math.min(this.plan.max, this.available + ((now - this.at) * this.plan.restorePerSecond) / 1000)
    this.at = now
  }

  take(requested: number): boolean {
    this.restore()
    if (requested > this.available) return false
    this.available -= requested
    return true
  }

  refund(points: number): void {
    this.available = Math.min(this.plan.max, this.available + points)
  }

  drain(): void {
    this.restore()
    this.available = 0
  }

  status() {
    this.restore()
    return { maximumAvailable: this.plan.max, currentlyAvailable: Math.floor(this.available), restoreRate: this.plan.restorePerSecond }
  }
}
