import { describe, expect, it } from 'vitest'
import type { CommitInput, ReserveInput, Run, Store, StepOutcome } from '../contract.js'
import { claim, claimAll, failure, LEASE, reserveInput, seedRuns, T0, type OpenStore } from './stubs.js'
import { freshStore } from './harness.js'

/** Commits `outcome` for the run's step and keeps the run running (so the same worker can reserve again). */
function commit(store: Store, run: Run, token: number, outcome: StepOutcome, now = T0): Promise<{ ok: boolean }> {
  const input: CommitInput = { key: `key:${run.id}:tag`, runId: run.id, token, now, outcome, run: { state: 'running' } }
  return store.commitStep(input)
}

interface DecisionCase {
  name: string
  /** brings the step's ledger row into the state under test; returns the reserve to try */
  arrange(store: Store, run: Run, token: number): Promise<ReserveInput>
  expected: { status: string; attempt?: number; recovered?: boolean }
}

const stepException = (run: Run) => ({ kind: 'step' as const, code: 'ERR_UPSTREAM_REJECTED' as const, error: failure(), runId: run.id, now: T0 })

const retryWait: StepOutcome = { state: 'retry_wait', error: failure(), nextAttemptAt: T0 + 10_000 }

/** Reserves at T0, commits `outcome` (the run stays running), then tries the reserve again at `at`. */
function afterCommit(outcome: (run: Run) => StepOutcome, at = T0 + 1): DecisionCase['arrange'] {
  return async (s, run, token) => {
    await s.reserveStep(reserveInput(run, token, T0))
    await commit(s, run, token, outcome(run))
    return reserveInput(run, token, at)
  }
}

const decisions: DecisionCase[] = [
  { name: 'no row: reserved, attempt 1', arrange: async (_s, run, token) => reserveInput(run, token, T0), expected: { status: 'reserved', attempt: 1, recovered: false } },
  {
    name: 'reserved under the same token: reserved again, not recovered',
    arrange: async (s, run, token) => (await s.reserveStep(reserveInput(run, token, T0)), reserveInput(run, token, T0 + 1)),
    expected: { status: 'reserved', attempt: 1, recovered: false },
  },
  {
    name: 'reserved under a lost lease: taken over, recovered, attempt unchanged',
    arrange: async (s, run, token) => {
      await s.reserveStep(reserveInput(run, token, T0))
      const [taken] = await s.claimWork('worker-b', T0 + LEASE + 1, LEASE, 1)
      return reserveInput(run, taken.token, T0 + LEASE + 2)
    },
    expected: { status: 'reserved', attempt: 1, recovered: true },
  },
  { name: 'retry_wait not yet due: retry_wait', arrange: afterCommit(() => retryWait, T0 + 9_999), expected: { status: 'retry_wait' } },
  { name: 'retry_wait due: reserved, attempt + 1', arrange: afterCommit(() => retryWait, T0 + 10_000), expected: { status: 'reserved', attempt: 2, recovered: false } },
  { name: 'done: done', arrange: afterCommit(() => ({ state: 'done', result: { id: 'n1' } })), expected: { status: 'done' } },
  {
    name: 'failed: exception',
    arrange: afterCommit((run) => ({ state: 'failed', error: failure(), exception: stepException(run) })),
    expected: { status: 'exception' },
  },
  {
    name: 'in doubt: exception',
    arrange: afterCommit((run) => ({ state: 'in_doubt', error: failure(), exception: { ...stepException(run), code: 'ERR_IN_DOUBT' } })),
    expected: { status: 'exception' },
  },
  {
    name: 'skipped by an operator: skipped',
    arrange: async (s, run, token) => {
      await s.reserveStep(reserveInput(run, token, T0))
      await s.commitStep({
        key: `key:${run.id}:tag`, runId: run.id, token, now: T0,
        outcome: { state: 'failed', error: failure(), exception: stepException(run) }, run: { state: 'suspended' },
      })
      const [open] = await s.listExceptions({ state: 'open' })
      await s.updateException(open.id, { op: 'skip' }, T0 + 1)
      const again = await claim(s, run, T0 + 2)
      return reserveInput(run, again, T0 + 3)
    },
    expected: { status: 'skipped' },
  },
]

export function stepCases(open: OpenStore): void {
  describe('reserve and commit', () => {
    const store = freshStore(open)

    it.each(decisions)('reserve decision — $name', async ({ arrange, expected }) => {
      const [run] = await seedRuns(store(), ['o1'])
      const token = await claim(store(), run)
      const input = await arrange(store(), run, token)
      const result = await store().reserveStep(input)
      expect(result.status).toBe(expected.status)
      if (result.status === 'reserved') {
        expect(result.recovered).toBe(expected.recovered)
        expect(result.entry).toMatchObject({ state: 'reserved', attempt: expected.attempt, token: input.token, runId: run.id })
        expect(await store().getLedgerEntry(input.key)).toEqual(result.entry)
      }
    })

    it('records the expected effect and params at reserve and refreshes them on the next reserve', async () => {
      const [run] = await seedRuns(store(), ['o1'])
      const token = await claim(store(), run)
      const resource = { connection: 'shop', kind: 'order' as const, id: 'o1' }
      await store().reserveStep(reserveInput(run, token, T0, { effect: [{ path: 'tags', includes: ['a'] }], resource }))
      await commit(store(), run, token, { state: 'retry_wait', error: failure(), nextAttemptAt: T0 + 1 })
      const again = await store().reserveStep(reserveInput(run, token, T0 + 2, { effect: [{ path: 'tags', includes: ['b'] }], params: { tags: ['b'] }, resource }))
      expect(again).toMatchObject({ status: 'reserved', entry: { effect: [{ path: 'tags', includes: ['b'] }], params: { tags: ['b'] }, updatedAt: T0 + 2, resource } })
    })

    it('grants a concurrencyKey mutex in store order and hands it on when the holder is done (backoff keeps it)', async () => {
      const runs = await seedRuns(store(), ['o1', 'o2', 'o3'])
      const tokens = await claimAll(store())
      const reserve = (run: Run, now = T0) => store().reserveStep(reserveInput(run, tokens[run.id], now, { mutex: 'sku:A' }))
      expect((await reserve(runs[0])).status).toBe('reserved')
      expect(await reserve(runs[1])).toEqual({ status: 'blocked' })
      expect(await reserve(runs[2])).toEqual({ status: 'blocked' })
      expect(await store().getRun(runs[1].id)).toMatchObject({ state: 'mutex_wait', leaseOwner: null, leaseUntil: null })
      expect(await store().getLedgerEntry(`key:${runs[1].id}:tag`)).toBeUndefined()

      await commit(store(), runs[0], tokens[runs[0].id], { state: 'retry_wait', error: failure(), nextAttemptAt: T0 + 100 })
      expect((await store().getRun(runs[1].id))?.state).toBe('mutex_wait')
      expect((await reserve(runs[0], T0 + 100)).status).toBe('reserved')
      await commit(store(), runs[0], tokens[runs[0].id], { state: 'done', result: null })
      expect((await store().getRun(runs[1].id))?.state).toBe('queued')
      expect((await store().getRun(runs[2].id))?.state).toBe('mutex_wait')

      const next = await claimAll(store(), T0 + 200)
      expect(Object.keys(next)).toEqual([runs[1].id])
      tokens[runs[1].id] = next[runs[1].id]
      expect((await reserve(runs[1], T0 + 201)).status).toBe('reserved')
      await commit(store(), runs[1], tokens[runs[1].id], { state: 'done', result: null })
      expect((await store().getRun(runs[2].id))?.state).toBe('queued')
    })

    it('opens an exception with the step failure and suspends the run, releasing its lane', async () => {
      const [run] = await seedRuns(store(), ['o1'])
      const token = await claim(store(), run)
      await store().reserveStep(reserveInput(run, token, T0))
      const ok = await store().commitStep({
        key: `key:${run.id}:tag`, runId: run.id, token, now: T0 + 1,
        outcome: { state: 'failed', error: failure('no such order'), exception: { ...stepException(run), runId: undefined } }, run: { state: 'suspended' },
      })
      expect(ok).toEqual({ ok: true })
      expect(await store().getLedgerEntry(`key:${run.id}:tag`)).toMatchObject({ state: 'failed', error: failure('no such order') })
      expect(await store().getRun(run.id)).toMatchObject({ state: 'suspended', leaseOwner: null })
      const [exception] = await store().listExceptions({ state: 'open' })
      expect(exception).toMatchObject({ kind: 'step', ledgerKey: `key:${run.id}:tag`, runId: run.id, state: 'open', laterEvents: [] })
      expect(exception.id).toMatch(/^ex_[a-z2-7]+$/)
    })
  })
}
