import { describe, expect, it } from 'vitest'
import type { RunChange } from '../contract.js'
import { apply, claim, claimAll, eventIdOf, LEASE, order, reserveInput, seedRuns, snap, T0, type OpenStore } from './stubs.js'
import { freshStore } from './harness.js'

const runId = (orderId: string, version: number, rule = 'rule-a'): string => `${eventIdOf(orderId, version)}:${rule}`

export function laneCases(open: OpenStore): void {
  describe('claims, lanes and fencing', () => {
    const store = freshStore(open)
    /** two runs in lane (o1, rule-a), one in lane (o2, rule-a), in that seq order */
    const seedTwoLanes = () => apply(store(), [snap(order('o1', T0)), snap(order('o2', T0)), snap(order('o1', T0 + 1))])

    it("starts a lane's runs in event order, one at a time, while other lanes run in parallel", async () => {
      await seedTwoLanes()
      const first = await store().claimWork('w1', T0, LEASE, 10)
      expect(first.map((c) => c.run.id)).toEqual([runId('o1', 1), runId('o2', 1)])
      expect(first[0]).toMatchObject({ token: 1, run: { state: 'running', leaseOwner: 'w1', leaseToken: 1, leaseUntil: T0 + LEASE } })
      expect(await store().claimWork('w2', T0, LEASE, 10)).toEqual([])
      expect(await store().updateRun(runId('o1', 1), first[0].token, { state: 'done', outcome: 'completed' })).toEqual({ ok: true })
      expect((await store().claimWork('w2', T0, LEASE, 10)).map((c) => c.run.id)).toEqual([runId('o1', 2)])
    })

    const holding: Array<{ change: RunChange; releases: boolean }> = [
      { change: { state: 'retry_wait', dueAt: T0 + 60_000 }, releases: false },
      { change: { state: 'mutex_wait' }, releases: false },
      { change: { state: 'waiting', timer: { id: 'wake', kind: 'wait', dueAt: T0 + 60_000 } }, releases: true },
      { change: { state: 'suspended' }, releases: true },
      { change: { state: 'done', outcome: 'completed' }, releases: true },
      { change: { state: 'ended', outcome: 'condition-false' }, releases: true },
    ]
    it.each(holding)('a run moved to $change.state releases its lane: $releases', async ({ change, releases }) => {
      await seedTwoLanes()
      const tokens = await claimAll(store())
      expect(await store().updateRun(runId('o1', 1), tokens[runId('o1', 1)], change)).toEqual({ ok: true })
      const next = await store().claimWork('w2', T0 + 1, LEASE, 10)
      expect(next.map((c) => c.run.id)).toEqual(releases ? [runId('o1', 2)] : [])
      const run = await store().getRun(runId('o1', 1))
      expect(run).toMatchObject({ state: change.state, leaseOwner: null, leaseUntil: null, leaseToken: 1 })
    })

    it('claims a retry_wait run again once due, under a new token', async () => {
      const [run] = await seedRuns(store(), ['o1'])
      const token = await claim(store(), run)
      await store().updateRun(run.id, token, { state: 'retry_wait', dueAt: T0 + 5_000 })
      expect(await store().claimWork('w', T0 + 4_999, LEASE, 10)).toEqual([])
      const again = await store().claimWork('w', T0 + 5_000, LEASE, 10)
      expect(again.map((c) => [c.run.id, c.token])).toEqual([[run.id, token + 1]])
    })

    it("fences a stale worker: after its lease expires, the new holder's token wins and the old commit is refused", async () => {
      const [run] = await seedRuns(store(), ['o1'])
      const stale = await claim(store(), run, T0, 'worker-a')
      await store().reserveStep(reserveInput(run, stale, T0))
      expect(await store().claimWork('worker-b', T0 + LEASE, LEASE, 10)).toEqual([])
      const [taken] = await store().claimWork('worker-b', T0 + LEASE + 1, LEASE, 10)
      expect(taken).toMatchObject({ token: stale + 1, run: { id: run.id, leaseOwner: 'worker-b' } })
      const reserved = await store().reserveStep(reserveInput(run, taken.token, T0 + LEASE + 2))
      expect(reserved).toMatchObject({ status: 'reserved', recovered: true })
      const before = await store().getLedgerEntry(`key:${run.id}:tag`)
      const commit = { key: `key:${run.id}:tag`, runId: run.id, now: T0 + LEASE + 3, outcome: { state: 'done' as const, result: 'stale' }, run: { state: 'done' as const } }
      expect(await store().commitStep({ ...commit, token: stale })).toEqual({ ok: false })
      expect(await store().updateRun(run.id, stale, { state: 'ended' })).toEqual({ ok: false })
      expect(await store().renewLease(run.id, stale, T0 + 10 * LEASE)).toBe(false)
      expect(await store().reserveStep(reserveInput(run, stale, T0 + LEASE + 4))).toEqual({ status: 'fenced' })
      expect(await store().getLedgerEntry(`key:${run.id}:tag`)).toEqual(before)
      expect(await store().getRun(run.id)).toMatchObject({ state: 'running', leaseOwner: 'worker-b', leaseToken: taken.token })
      expect(await store().commitStep({ ...commit, token: taken.token, outcome: { state: 'done', result: 'fresh' } })).toEqual({ ok: true })
      expect(await store().getLedgerEntry(`key:${run.id}:tag`)).toMatchObject({ state: 'done', result: 'fresh' })
    })

    it('renews a lease only for its current token', async () => {
      const [run] = await seedRuns(store(), ['o1'])
      const token = await claim(store(), run)
      expect(await store().renewLease(run.id, token, T0 + 3 * LEASE)).toBe(true)
      expect(await store().claimWork('w', T0 + 2 * LEASE, LEASE, 10)).toEqual([])
      expect(await store().renewLease(run.id, token + 1, T0 + 9 * LEASE)).toBe(false)
      expect((await store().getRun(run.id))?.leaseUntil).toBe(T0 + 3 * LEASE)
    })

    it('never hands one run to two owners among concurrent claims', async () => {
      const ids = Array.from({ length: 12 }, (_, i) => `o${i}`)
      await seedRuns(store(), ids)
      const batches = await Promise.all(Array.from({ length: 6 }, (_, i) => store().claimWork(`w${i}`, T0, LEASE, 3)))
      const claimed = batches.flat().map((c) => c.run.id)
      expect(new Set(claimed).size).toBe(claimed.length)
      expect(claimed).toHaveLength(12)
    })

    it('lets exactly one of many concurrent reserves of a key win: the one holding the current lease', async () => {
      const [run] = await seedRuns(store(), ['o1'])
      for (let i = 0; i < 3; i++) await claim(store(), run, T0 + i * (LEASE + 1), `worker-${i}`)
      const tokens = [1, 2, 3, 1, 2, 2, 1]
      const results = await Promise.all(tokens.map((token) => store().reserveStep(reserveInput(run, token, T0 + 3 * LEASE))))
      expect(results.map((r) => r.status).sort()).toEqual(['fenced', 'fenced', 'fenced', 'fenced', 'fenced', 'fenced', 'reserved'])
      expect(await store().getLedgerEntry(`key:${run.id}:tag`)).toMatchObject({ state: 'reserved', token: 3, attempt: 1 })
    })
  })
}
