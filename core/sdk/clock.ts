/** One injected clock drives timers, leases, backoff and schedules (SEMANTICS.md §14). */
export interface Clock {
  /** epoch milliseconds */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** A clock tests move by hand; it never moves on its own. */
export class ManualClock implements Clock {
  constructor(private ms: number = Date.parse('2026-01-01T00:00:00Z')) {}
  now(): number {
    return this.ms
  }
  set(ms: number | string): void {
    this.ms = typeof ms === 'string' ? Date.parse(ms) : ms
  }
  advance(ms: number): void {
    this.ms += ms
  }
}
