import { describe, expect, it } from 'vitest'
import { backoffDelay, retryPolicyFromConfig, RETRY_AFTER_CEILING_MS, type BackoffPolicy } from '../../core/execution/backoff.js'
import { configSchema } from '../../core/sdk/config.js'

const policy: BackoffPolicy = { baseMs: 1000, maxMs: 300_000, factor: 2, jitter: 0.2 }
const noJitter: BackoffPolicy = { ...policy, jitter: 0 }
const middle = () => 0.5
const lowest = () => 0
const highest = () => 0.999999

describe('backoffDelay', () => {
  it('grows exponentially from the base', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, noJitter))).toEqual([1000, 2000, 4000, 8000, 16_000])
    expect(backoffDelay(3, { ...noJitter, factor: 3 })).toBe(9000)
  })

  it('never exceeds the cap, even for attempts whose exponential overflows', () => {
    expect(backoffDelay(9, noJitter)).toBe(256_000)
    expect(backoffDelay(10, noJitter)).toBe(300_000)
    expect(backoffDelay(5000, policy, { random: highest })).toBe(300_000)
  })

  it('spreads a delay symmetrically by the jitter fraction below the cap', () => {
    expect(backoffDelay(3, policy, { random: lowest })).toBe(3200)
    expect(backoffDelay(3, policy, { random: middle })).toBe(4000)
    expect(backoffDelay(3, policy, { random: highest })).toBe(4800)
  })

  it('stays within [d × (1 − jitter), cap] at the cap instead of piling retries on the cap', () => {
    const atCap = [0, 0.25, 0.5, 0.75, 0.999999].map((r) => backoffDelay(20, policy, { random: () => r }))
    expect(atCap[0]).toBe(240_000)
    expect(atCap.at(-1)).toBe(300_000)
    expect(new Set(atCap).size).toBe(atCap.length)
    for (const d of atCap) expect(d).toBeLessThanOrEqual(300_000)
  })

  it('is never negative, even with full jitter', () => {
    for (const r of [0, 0.1, 0.9]) expect(backoffDelay(1, { ...policy, jitter: 1 }, { random: () => r })).toBeGreaterThanOrEqual(0)
    expect(backoffDelay(1, { ...policy, jitter: 1 }, { random: lowest })).toBe(0)
  })

  it('lets a larger Retry-After win, without jitter', () => {
    expect(backoffDelay(1, policy, { retryAfterMs: 7000, random: highest })).toBe(7000)
  })

  it('keeps its own delay when Retry-After is shorter', () => {
    expect(backoffDelay(4, noJitter, { retryAfterMs: 1000 })).toBe(8000)
    expect(backoffDelay(4, noJitter, { retryAfterMs: 0 })).toBe(8000)
  })

  it('honours Retry-After above the cap, up to one hour', () => {
    expect(backoffDelay(1, noJitter, { retryAfterMs: 600_000 })).toBe(600_000)
    expect(backoffDelay(1, noJitter, { retryAfterMs: 86_400_000 })).toBe(RETRY_AFTER_CEILING_MS)
  })

  it('refuses attempt numbers below 1', () => {
    expect(() => backoffDelay(0, policy)).toThrow(RangeError)
    expect(() => backoffDelay(1.5, policy)).toThrow(RangeError)
  })
})

describe('retryPolicyFromConfig', () => {
  it('turns the config defaults into milliseconds', () => {
    const config = configSchema.parse({})
    expect(retryPolicyFromConfig(config.retry)).toEqual({ attempts: 5, baseMs: 1000, maxMs: 300_000, factor: 2, jitter: 0.2 })
  })

  it('refuses a base above the cap as a config error', () => {
    const config = configSchema.parse({ retry: { base: '10m', max: '5m' } })
    expect(() => retryPolicyFromConfig(config.retry)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG' }))
  })
})
