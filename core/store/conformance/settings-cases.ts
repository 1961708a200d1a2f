import { describe, expect, it } from 'vitest'
import { LEASE, T0, type OpenStore } from './stubs.js'
import { freshStore } from './harness.js'

export function settingsCases(open: OpenStore): void {
  describe('settings and runs without an event', () => {
    const store = freshStore(open)

    it('keeps settings as JSON values; null deletes one', async () => {
      expect(await store().getSetting('rules.paused')).toBeUndefined()
      await store().setSetting('rules.paused', ['noisy', 'vip-tag'])
      expect(await store().getSetting('rules.paused')).toEqual(['noisy', 'vip-tag'])
      await store().setSetting('rules.paused', null)
      expect(await store().getSetting('rules.paused')).toBeUndefined()
    })

    it('creates a scheduled tick once however often it is asked, and the run is claimable', async () => {
      const tick = { eventId: `schedule:daily-report:${T0}`, ruleId: 'daily-report', ruleHash: 'h', lane: 'schedule|daily-report' }
      expect(await store().createRuns([tick], T0)).toBe(1)
      expect(await Promise.all([store().createRuns([tick], T0), store().createRuns([tick], T0)])).toEqual([0, 0])
      const claimed = await store().claimWork('w', T0, LEASE, 10)
      expect(claimed.map((c) => c.run.id)).toEqual([`schedule:daily-report:${T0}:daily-report`])
    })
  })
}
