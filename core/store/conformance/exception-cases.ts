import { describe, expect, it } from 'vitest'
import type { Run, Store } from '../contract.js'
import { apply, claim, claimAll, CONNECTION, eventIdOf, failure, iso, order, reserveInput, seedRuns, snap, T0, type OpenStore } from './stubs.js'
import { freshStore } from './harness.js'

/** A run whose step failed: the row is failed, the run suspended, one open step exception. */
async function failedStep(store: Store, run: Run): Promise<{ exceptionId: string; key: string }> {
  const token = await claim(store, run)
  const key = `key:${run.id}:tag`
  await store.reserveStep(reserveInput(run, token, T0))
  await store.commitStep({
    key, runId: run.id, token, now: T0 + 1, run: { state: 'suspended', cursor: 'tag' },
    outcome: { state: 'failed', error: failure(), exception: { kind: 'step', code: 'ERR_UPSTREAM_REJECTED', error: failure(), eventId: run.eventId, now: T0 + 1 } },
  })
  const [open] = await store.listExceptions({ state: 'open', kind: 'step' })
  return { exceptionId: open.id, key }
}

export function exceptionCases(open: OpenStore): void {
  describe('exceptions and operator actions', () => {
    const store = freshStore(open)

    it('retry re-queues the suspended run at the same step, which then reserves with attempt + 1', async () => {
      const [run] = await seedRuns(store(), ['o1'])
      const { exceptionId, key } = await failedStep(store(), run)
      const closed = await store().updateException(exceptionId, { op: 'retry' }, T0 + 10)
      expect(closed).toMatchObject({ id: exceptionId, state: 'retried', updatedAt: T0 + 10 })
      expect(await store().getLedgerEntry(key)).toMatchObject({ state: 'pending', editCount: 0 })
      expect(await store().getRun(run.id)).toMatchObject({ state: 'queued', cursor: 'tag' })
      const token = await claim(store(), run, T0 + 20)
      expect(await store().reserveStep(reserveInput(run, token, T0 + 21))).toMatchObject({ status: 'reserved', recovered: false, entry: { attempt: 2 } })
    })

    it('edit-and-retry stores the new params, counts the edit, and later reserves keep them', async () => {
      const [run] = await seedRuns(store(), ['o1'])
      const { exceptionId, key } = await failedStep(store(), run)
      await store().updateException(exceptionId, { op: 'retry', params: { tags: ['edited'] } }, T0 + 10)
      expect(await store().getLedgerEntry(key)).toMatchObject({ state: 'pending', editCount: 1, params: { tags: ['edited'] } })
      const token = await claim(store(), run, T0 + 20)
      const reserved = await store().reserveStep(reserveInput(run, token, T0 + 21, { params: { tags: ['from the rule'] } }))
      expect(reserved).toMatchObject({ status: 'reserved', entry: { params: { tags: ['edited'] }, editCount: 1 } })
    })

    it('skip marks the step skipped and re-queues the run', async () => {
      const [run] = await seedRuns(store(), ['o1'])
      const { exceptionId, key } = await failedStep(store(), run)
      expect(await store().updateException(exceptionId, { op: 'skip' }, T0 + 10)).toMatchObject({ state: 'skipped' })
      expect((await store().getLedgerEntry(key))?.state).toBe('skipped')
      expect(await store().getRun(run.id)).toMatchObject({ state: 'queued', cursor: 'tag' })
    })

    it('resolve ends the run with the note and leaves the ledger row as it was', async () => {
      const [run] = await seedRuns(store(), ['o1'])
      const { exceptionId, key } = await failedStep(store(), run)
      const row = await store().getLedgerEntry(key)
      expect(await store().updateException(exceptionId, { op: 'resolve', note: 'done by hand' }, T0 + 10)).toMatchObject({ state: 'resolved', note: 'done by hand' })
      expect(await store().getRun(run.id)).toMatchObject({ state: 'ended', outcome: 'resolved: done by hand' })
      expect(await store().getLedgerEntry(key)).toEqual(row)
    })

    it('refuses an operator action on an exception that is no longer open', async () => {
      const [run] = await seedRuns(store(), ['o1'])
      const { exceptionId } = await failedStep(store(), run)
      await store().updateException(exceptionId, { op: 'skip' }, T0 + 10)
      await expect(store().updateException(exceptionId, { op: 'retry' }, T0 + 11)).rejects.toMatchObject({ code: 'ERR_PARAMS', message: `exception ${exceptionId} is skipped` })
    })

    it('fails the delivery of an intake exception and puts it back to pending on retry', async () => {
      const [{ seq }] = await store().appendDeliveries([{ connection: CONNECTION, source: 'webhook', receivedAt: iso(T0), headers: {}, body: 'not json' }])
      const error = { code: 'ERR_DECODE' as const, kind: 'user' as const, message: 'Unexpected token' }
      const exception = await store().recordException({ kind: 'intake', code: 'ERR_DECODE', error, connection: CONNECTION, deliverySeq: seq, now: T0 })
      expect(exception).toMatchObject({ kind: 'intake', state: 'open', deliverySeq: seq, createdAt: T0, note: null, laterEvents: [] })
      expect(await store().getDelivery(seq)).toMatchObject({ state: 'failed', body: 'not json' })
      await store().updateException(exception.id, { op: 'retry' }, T0 + 1)
      expect((await store().getDelivery(seq))?.state).toBe('pending')
    })

    it('closes connection and policy exceptions without touching anything else', async () => {
      const error = { code: 'ERR_LOOP' as const, kind: 'user' as const, message: 'too many runs' }
      const policy = await store().recordException({ kind: 'policy', code: 'ERR_LOOP', error, connection: CONNECTION, now: T0 })
      expect(await store().updateException(policy.id, { op: 'resolve', note: 'expected burst' }, T0 + 1)).toMatchObject({ state: 'resolved', note: 'expected burst' })
      expect(await store().getException(policy.id)).toMatchObject({ state: 'resolved', code: 'ERR_LOOP', connection: CONNECTION })
    })

    it('notes on an open step exception the later events of its lane that went ahead', async () => {
      await apply(store(), [snap(order('o1', T0)), snap(order('o1', T0 + 1)), snap(order('o1', T0 + 2))])
      const [first, second, third] = await store().listRuns()
      const { exceptionId } = await failedStep(store(), first)
      await claimAll(store(), T0 + 5)
      expect((await store().getException(exceptionId))?.laterEvents).toEqual([second.eventId])
      await store().updateRun(second.id, 1, { state: 'done' })
      await claimAll(store(), T0 + 6)
      expect((await store().getException(exceptionId))?.laterEvents).toEqual([eventIdOf('o1', 2), eventIdOf('o1', 3)])
      expect(third.eventId).toBe(eventIdOf('o1', 3))
    })
  })
}
