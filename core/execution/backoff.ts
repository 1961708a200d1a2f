import type { RetryPolicy } from '../sdk/config.js'
import { parseDuration } from '../sdk/duration.js'
import { CartwireError } from '../sdk/errors.js'

/** The retry policy in milliseconds, as the engine uses it. */
export interface BackoffPolicy {
  /** first retry's delay before jitter */
  baseMs: number
  /** no computed delay exceeds this */
  maxMs: number
  /** growth per attempt */
  factor: number
  /** ± fraction of randomness, 0–1 */
  jitter: number
}

/**
 * A platform's Retry-After is honoured even above `maxMs` (the platform knows when it will serve us
 * again; retrying earlier only burns an attempt on another 429), but never beyond one hour, so a bogus
 * header (a date years away) cannot park a step forever. After an hour the step retries, and a platform
 * that still wants us to wait says so again.
 */
export const RETRY_AFTER_CEILING_MS = 3_600_000

/**
 * Delay before retry number `attempt` (1 = the first retry, i.e. the second attempt).
 *
 * - exponential: `baseMs × factor^(attempt−1)`, capped at `maxMs`;
 * - jitter: uniform in `[d × (1 − jitter), d × (1 + jitter)]`, where the upper end is clipped to `maxMs`.
 *   Below the cap the range is symmetric. At the cap the range is `[maxMs × (1 − jitter), maxMs]`: it is
 *   drawn again from that range rather than clamped, because clamping would put half of all retries at
 *   exactly `maxMs`, and that synchronised herd is what jitter is there to break up. It is never negative
 *   and never above the cap;
 * - `retryAfterMs`: when larger than the computed delay it wins, up to RETRY_AFTER_CEILING_MS. It gets no
 *   jitter: it is the earliest time the platform will accept us, so retrying sooner is pointless.
 *
 * `random` returns values in [0, 1) like Math.random; tests inject it.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, opts: { retryAfterMs?: number; random?: () => number } = {}): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`backoffDelay: attempt must be an integer ≥ 1, got ${attempt}`)
  const random = opts.random ?? Math.random
  // factor^(attempt−1) may overflow to Infinity for large attempts; Math.min caps it all the same
  const exponential = Math.min(policy.baseMs * policy.factor ** (attempt - 1), policy.maxMs)
  const low = exponential * (1 - policy.jitter)
  const high = Math.min(exponential * (1 + policy.jitter), policy.maxMs)
  const delay = Math.round(Math.max(0, low + (high - low) * random()))
  const retryAfter = opts.retryAfterMs
  if (retryAfter === undefined || !(retryAfter > delay)) return delay
  return Math.max(delay, Math.min(Math.ceil(retryAfter), RETRY_AFTER_CEILING_MS))
}

/** The config's retry policy in milliseconds. */
export interface ResolvedRetryPolicy extends BackoffPolicy {
  /** total attempts including the first */
  attempts: number
}

/** The config's `retry` block (durations as strings) as a ResolvedRetryPolicy. */
export function retryPolicyFromConfig(retry: RetryPolicy): ResolvedRetryPolicy {
  const baseMs = parseDuration(retry.base)
  const maxMs = parseDuration(retry.max)
  if (baseMs > maxMs) throw new CartwireError('ERR_CONFIG', `retry.base (${retry.base}) is above retry.max (${retry.max})`, { context: { path: 'retry.base' } })
  return { attempts: retry.attempts, baseMs, maxMs, factor: retry.factor, jitter: retry.jitter }
}
