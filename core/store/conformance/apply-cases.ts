import { describe, expect, it } from 'vitest'
import type { ApplyHandlers, DeriveEnv } from '../contract.js'
import {
  apply, claimAll, CONNECTION, eventIdOf, failure, gone, handlers, iso, laneOf, order, planRules, reserveInput, snap, stubDerive, T0,
  type OpenStore,
} from './stubs.js'
import { freshStore } from './harness.js'

export function applyCases(open: OpenStore): void {
  describe('applySnapshots', () => {
    const store = freshStore(open)

    it('stores the version, its event and runs, and acks the delivery in one operation', async () => {
      const [{ seq }] = await store().appendDeliveries([{ connection: CONNECTION, source: 'webhook', receivedAt: iso(T0), headers: {}, body: '{}' }])
      const entity = order('o1', T0, { tags: ['vip'] })
      const result = await apply(store(), [snap(entity)], { rules: ['rule-a', 'rule-b'], ack: [seq] })
      expect(result).toMatchObject({ runs: 2, needsFetch: [], dropped: [], counters: { stored: 1 } })
      expect(result.events).toHaveLength(1)
      const id = eventIdOf('o1', 1)
      expect(result.events[0]).toMatchObject({ id, seq: expect.any(Number), versionSeq: 1, previousSeq: null, data: entity })
      expect(await store().getEvent(id)).toEqual(result.events[0])
      expect((await store().getEvent(id))?.trace).toEqual({ matched: ['rule-a', 'rule-b'], skipped: [] })
      expect(await store().getResource(CONNECTION, 'order', 'o1')).toMatchObject({ versionSeq: 1, entity, deletedAt: null })
      expect(await store().getVersion(CONNECTION, 'order', 'o1', 1)).toEqual(entity)
      expect(await store().getRun(`${id}:rule-a`)).toMatchObject({ state: 'queued', cursor: null, lane: laneOf('o1', 'rule-a'), triggerSeq: 1, leaseToken: 0 })
      expect((await store().getDelivery(seq))?.state).toBe('done')
    })

    it('derives each item against the state the earlier items of the call left', async () => {
      const result = await apply(store(), [snap(order('o1', T0)), snap(order('o1', T0 + 1_000)), snap(order('o1', T0 + 500))])
      expect(result.events.map((e) => [e.id, e.previousSeq])).toEqual([[eventIdOf('o1', 1), null], [eventIdOf('o1', 2), 1]])
      expect(result.dropped).toEqual([{ ref: { kind: 'order', id: 'o1' }, reason: 'stale' }])
      expect((await store().getResource(CONNECTION, 'order', 'o1'))?.versionSeq).toBe(2)
      expect((await store().listEvents({ resourceId: 'o1' })).map((e) => e.data)).toEqual([order('o1', T0), order('o1', T0 + 1_000)])
    })

    it('does not insert an event whose id exists and counts it', async () => {
      const fixedId: ApplyHandlers['derive'] = (prev, item, env) => {
        const d = stubDerive(prev, item, env)
        return d.action === 'store' ? { ...d, events: d.events.map((e) => ({ ...e, id: 'same-id' })) } : d
      }
      const result = await apply(store(), [snap(order('o1', T0)), snap(order('o1', T0 + 1))], { handlers: handlers(planRules('r'), fixedId) })
      expect(result.events).toHaveLength(1)
      expect(result.counters.event_exists).toBe(1)
      expect(result.runs).toBe(1)
    })

    it('writes nothing when planning throws half-way: no events, runs, resource change or ack', async () => {
      const [{ seq }] = await store().appendDeliveries([{ connection: CONNECTION, source: 'webhook', receivedAt: iso(T0), headers: {}, body: '{}' }])
      await apply(store(), [snap(order('o0', T0))])
      const before = await store().counts()
      let planned = 0
      const failing = handlers((event, env) => {
        if (++planned === 2) throw new Error('planner broke')
        return planRules('rule-a')(event, env)
      })
      const items = [snap(order('o0', T0 + 1)), snap(order('o1', T0)), snap(order('o2', T0))]
      await expect(apply(store(), items, { handlers: failing, ack: [seq] })).rejects.toThrow('planner broke')
      expect(await store().counts()).toEqual(before)
      expect((await store().getResource(CONNECTION, 'order', 'o0'))?.versionSeq).toBe(1)
      expect(await store().getResource(CONNECTION, 'order', 'o1')).toBeUndefined()
      expect(await store().getEvent(eventIdOf('o1', 1))).toBeUndefined()
      expect((await store().getDelivery(seq))?.state).toBe('pending')
    })

    it('leaves the ack undone when an item needs a fetch first', async () => {
      const [{ seq }] = await store().appendDeliveries([{ connection: CONNECTION, source: 'webhook', receivedAt: iso(T0), headers: {}, body: '{}' }])
      const tie: ApplyHandlers['derive'] = (prev, item, env) =>
        'snapshot' in item && item.snapshot.entity.id === 'tied' ? { action: 'fetch', reason: 'tie', ref: { kind: 'order', id: 'tied' } } : stubDerive(prev, item, env)
      const result = await apply(store(), [snap(order('o1', T0)), snap(order('tied', T0))], { handlers: handlers(planRules(), tie), ack: [seq] })
      expect(result.needsFetch).toEqual([{ reason: 'tie', ref: { kind: 'order', id: 'tied' } }])
      expect(result.events).toHaveLength(1)
      expect((await store().getDelivery(seq))?.state).toBe('pending')
    })

    it('shows the last live entity on a tombstone event and keeps the tombstone as latest', async () => {
      const live = order('o1', T0, { note: 'last words' })
      await apply(store(), [snap(live)])
      const result = await apply(store(), [gone('o1', T0 + 5_000)])
      expect(result.events[0]).toMatchObject({ type: 'order.deleted', versionSeq: 2, previousSeq: 1, data: live })
      expect(await store().getResource(CONNECTION, 'order', 'o1')).toMatchObject({ entity: null, deletedAt: T0 + 5_000, versionSeq: 2 })
      expect(await store().getVersion(CONNECTION, 'order', 'o1', 2)).toBeUndefined()
      expect((await store().getEvent(eventIdOf('o1', 2)))?.data).toEqual(live)
    })

    it('hands recent own writes (reserved or done, with an effect, on this resource) to derive', async () => {
      await apply(store(), [snap(order('o1', T0)), snap(order('o2', T0))], { rules: ['rule-a', 'rule-b'] })
      const [a1, b1, a2] = await store().listRuns()
      const effect = [{ path: 'tags', includes: ['vip'] }]
      const on = (id: string) => ({ effect, resource: { connection: CONNECTION, kind: 'order' as const, id } })
      const tokens = await claimAll(store())
      await store().reserveStep(reserveInput(a1, tokens[a1.id], T0, on('o1')))
      await store().reserveStep(reserveInput(a2, tokens[a2.id], T0, on('o2')))
      await store().reserveStep(reserveInput(b1, tokens[b1.id], T0, on('o1')))
      await store().commitStep({
        key: `key:${b1.id}:tag`, runId: b1.id, token: tokens[b1.id], now: T0, run: { state: 'suspended' },
        outcome: { state: 'failed', error: failure(), exception: { kind: 'step', code: 'ERR_UPSTREAM_REJECTED', error: failure(), now: T0 } },
      })
      const seen: DeriveEnv['ownWrites'][] = []
      const spy: ApplyHandlers['derive'] = (prev, item, env) => (seen.push(env.ownWrites), stubDerive(prev, item, env))
      await apply(store(), [snap(order('o1', T0 + 1_000))], { handlers: handlers(planRules(), spy), now: T0 + 60_000 })
      expect(seen[0]).toEqual([{ key: `key:${a1.id}:tag`, effect, at: T0 }])
      await apply(store(), [snap(order('o1', T0 + 2_000))], { handlers: handlers(planRules(), spy), now: T0 + 11 * 60_000 })
      expect(seen[1]).toEqual([])
    })

    it('counts runs of a lane since a time for the loop breaker, this call included', async () => {
      const counted: number[] = []
      const plan = handlers((event, env) => {
        counted.push(env.recentRuns(laneOf('o1', 'rule-a'), T0), env.recentRuns(laneOf('o1', 'rule-a'), T0 + 1))
        return planRules('rule-a')(event, env)
      })
      await apply(store(), [snap(order('o1', T0)), snap(order('o1', T0 + 1)), snap(order('o1', T0 + 2))], { handlers: plan })
      expect(counted).toEqual([0, 0, 1, 0, 2, 0])
    })

    it('tells derive which event ids exist, this call included', async () => {
      await apply(store(), [snap(order('o1', T0))])
      const answers: boolean[] = []
      const spy: ApplyHandlers['derive'] = (prev, item, env) => {
        answers.push(env.eventExists(eventIdOf('o1', 1)), env.eventExists(eventIdOf('o2', 1)))
        return stubDerive(prev, item, env)
      }
      await apply(store(), [snap(order('o2', T0)), snap(order('o3', T0))], { handlers: handlers(planRules(), spy) })
      expect(answers).toEqual([true, false, true, true])
    })
  })
}
