import { describe, expect, it } from 'vitest'
import { FAILPOINTS } from '../../core/execution/failpoints.js'
import { runChaos } from './harness.js'
import { formatTable, violations } from './table.js'

/**
 * The short form of `npm run chaos` for CI: the same harness and checker with small numbers. The seed
 * comes from CHAOS_SEED or is drawn and printed, so a red run is replayed with `npm run chaos -- --seed`.
 */
describe('chaos (short form)', () => {
  it('loses and doubles nothing acknowledged, holds lanes, hits every failpoint and finds what changed while polling was paused, under crashes and faults', async () => {
    const seed = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : Math.floor(Math.random() * 2 ** 31)
    console.log(`chaos short form: seed ${seed}`)
    const result = await runChaos({ seed, deliveries: 320, randomCrashes: 4, paceMs: 70, lockMs: 6000, slowMs: 10, pollPauseMs: 3000 })
    console.log(formatTable(result))
    expect(result.log.acked.length, 'acknowledged deliveries').toBeGreaterThan(100)
    expect(result.tally.crashes).toBeGreaterThanOrEqual(FAILPOINTS.length)
    expect(result.pollPause.windows, 'poller paused').toBe(1)
    for (const name of FAILPOINTS) expect(result.failpoints.get(name), `failpoint ${name} hit (seed ${seed})`).toBeGreaterThan(0)
    expect(violations(result), `seed ${seed}`).toEqual([])
  }, 170_000)
})
