import { describe, expect, it } from 'vitest'
import { apply, handlers, order, planRules, snap, T0, type OpenStore } from './stubs.js'
import { freshStore } from './harness.js'

export function concurrencyCases(open: OpenStore): void {
  describe('operations issued at once', () => {
    const store = freshStore(open)

    it('each stays atomic: one that throws half-way leaves nothing, the others commit', async () => {
      await store().ensureConnection('shop', T0)
      const throwing = handlers((event) => {
        if (event.resource.id === 'o2') throw new Error('planner blew up')
        return planRules('rule-a')(event, { now: T0, recentRuns: () => 0 })
      })
      const results = await Promise.allSettled([
        apply(store(), [snap(order('o1', T0))]),
        apply(store(), [snap(order('o3', T0)), snap(order('o2', T0))], { handlers: throwing }),
        store().setSetting('k', 1),
        apply(store(), [snap(order('o4', T0))]),
      ])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
      expect(await store().getResource('shop', 'order', 'o3'), 'the failed operation wrote nothing').toBeUndefined()
      expect(await store().getResource('shop', 'order', 'o2')).toBeUndefined()
      expect(await store().getResource('shop', 'order', 'o1')).toBeDefined()
      expect(await store().getResource('shop', 'order', 'o4')).toBeDefined()
      expect(await store().getSetting('k')).toBe(1)
    })
  })
}
