import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../sdk/clock.js'
import { claim, LEASE, seedRuns, T0, type OpenStore } from './stubs.js'
import { freshStore } from './harness.js'

export function timerCases(open: OpenStore): void {
  describe('timers under an injected clock', () => {
    const store = freshStore(open)

    it('is not due before its time and is due from then on', async () => {
      const clock = new ManualClock(T0)
      await store().scheduleTimer({ id: 't1', kind: 'schedule', dueAt: T0 + 60_000, payload: { schedule: 'daily' } })
      clock.advance(59_999)
      expect(await store().claimDueTimers('w', clock.now(), LEASE, 10)).toEqual([])
      clock.advance(1)
      const [timer] = await store().claimDueTimers('w', clock.now(), LEASE, 10)
      expect(timer).toEqual({ id: 't1', kind: 'schedule', dueAt: T0 + 60_000, payload: { schedule: 'daily' }, token: 1, leaseUntil: clock.now() + LEASE })
    })

    it('comes back after its lease when claimed but not completed, and fences the old claim', async () => {
      const clock = new ManualClock(T0)
      await store().scheduleTimer({ id: 't1', kind: 'schedule', dueAt: T0 })
      const [first] = await store().claimDueTimers('w1', clock.now(), LEASE, 10)
      expect(await store().claimDueTimers('w2', clock.now(), LEASE, 10)).toEqual([])
      clock.advance(LEASE + 1)
      const [again] = await store().claimDueTimers('w2', clock.now(), LEASE, 10)
      expect(again.token).toBe(first.token + 1)
      expect(await store().completeTimer('t1', first.token)).toEqual({ ok: false })
      expect(await store().listTimers()).toHaveLength(1)
      expect(await store().completeTimer('t1', again.token)).toEqual({ ok: true })
      expect(await store().listTimers()).toEqual([])
    })

    it('resumes a waiting run when its timer completes, in the same operation', async () => {
      const clock = new ManualClock(T0)
      const [run] = await seedRuns(store(), ['o1'])
      const token = await claim(store(), run, clock.now())
      const wake = { id: `wait:${run.id}:settle`, kind: 'wait' as const, dueAt: T0 + 30 * 60_000 }
      expect(await store().updateRun(run.id, token, { state: 'waiting', cursor: 'settle', timer: wake })).toEqual({ ok: true })
      expect(await store().listTimers()).toEqual([{ ...wake, runId: run.id, token: 0, leaseUntil: null }])
      expect(await store().claimWork('w', clock.now(), LEASE, 10)).toEqual([])

      clock.advance(30 * 60_000)
      const [timer] = await store().claimDueTimers('w', clock.now(), LEASE, 10)
      const resumed = await store().completeTimer(timer.id, timer.token, { runId: run.id, change: { state: 'queued', cursor: 'still-open' } })
      expect(resumed).toEqual({ ok: true })
      expect(await store().listTimers()).toEqual([])
      const [claimed] = await store().claimWork('w', clock.now(), LEASE, 10)
      expect(claimed.run).toMatchObject({ id: run.id, cursor: 'still-open', state: 'running', leaseToken: token + 1 })
    })

    it('drops the timers of a run that ends', async () => {
      const [run] = await seedRuns(store(), ['o1'])
      const token = await claim(store(), run)
      await store().updateRun(run.id, token, { state: 'waiting', timer: { id: 'wake', kind: 'wait', dueAt: T0 + 1_000 } })
      const error = { code: 'ERR_GONE' as const, kind: 'user' as const, message: 'order archived' }
      const exception = await store().recordException({ kind: 'step', code: 'ERR_GONE', error, runId: run.id, now: T0 })
      await store().updateException(exception.id, { op: 'resolve', note: 'archived' }, T0 + 1)
      expect(await store().getRun(run.id)).toMatchObject({ state: 'ended', outcome: 'resolved: archived' })
      expect(await store().listTimers()).toEqual([])
      expect(await store().claimDueTimers('w', T0 + 1_000, LEASE, 1)).toEqual([])
    })
  })
}
