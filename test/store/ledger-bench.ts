/**
 * Store throughput at scale (not a test: timings never go in tests). Run:
 *   npx tsx test/store/ledger-bench.ts [ledgerRows=100000]
 * Fills a sqlite store with `ledgerRows` done ledger rows (10 steps per run), then times reserveStep +
 * commitStep pairs on top of it under synchronous=full and =normal; and the lowdb driver with 10k
 * resources (memory and JSON file).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApplyHandlers, Run, Store } from '../../core/store/contract.js'
import { openLowdbStore } from '../../core/store/lowdb/open.js'
import { openSqliteStore } from '../../core/store/sqlite/open.js'
import { apply, CONNECTION, handlers, order, planRules, reserveInput, snap, T0 } from '../../core/store/conformance/stubs.js'

const LEDGER_ROWS = Number(process.argv[2] ?? 100_000)
const STEPS_PER_RUN = 10
const dir = mkdtempSync(join(tmpdir(), 'cartwire-bench-'))

async function seed(store: Store, orders: number): Promise<Run[]> {
  await store.ensureConnection(CONNECTION, T0 - 1)
  for (let i = 0; i < orders; i += 500) {
    const ids = Array.from({ length: Math.min(500, orders - i) }, (_, j) => `o${i + j}`)
    await apply(store, ids.map((id) => snap(order(id, T0))))
  }
  return store.listRuns()
}

/** reserve + commit (done) of `steps` steps per run, cycling over `runs`; returns pairs per second */
async function steps(store: Store, runs: Array<{ run: Run; token: number }>, steps: number, prefix: string): Promise<number> {
  const started = performance.now()
  let pairs = 0
  for (let s = 0; s < steps; s++) {
    for (const { run, token } of runs) {
      const input = reserveInput(run, token, T0, { key: `${prefix}:${run.id}:${s}`, stepId: `${prefix}-${s}` })
      const reserved = await store.reserveStep(input)
      if (reserved.status !== 'reserved') throw new Error(`unexpected ${reserved.status}`)
      const commit = await store.commitStep({ key: input.key, runId: run.id, token, now: T0, outcome: { state: 'done', result: { ok: true } }, run: { state: 'running', cursor: `${prefix}-${s}` } })
      if (!commit.ok) throw new Error('fenced')
      pairs++
    }
  }
  return pairs / ((performance.now() - started) / 1000)
}

async function sqliteBench(): Promise<void> {
  const path = join(dir, 'bench.db')
  const runCount = LEDGER_ROWS / STEPS_PER_RUN
  let store = await openSqliteStore({ path, synchronous: 'normal' })
  let t = performance.now()
  const runs = await seed(store, runCount)
  const claimed = await store.claimWork('bench', T0, 3_600_000, runCount)
  console.log(`sqlite: seeded ${runs.length} runs in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  t = performance.now()
  const fillRate = await steps(store, claimed, STEPS_PER_RUN, 'fill')
  console.log(`sqlite: filled ${(await store.counts()).ledger.done} ledger rows at ${fillRate.toFixed(0)} pairs/s (normal) in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  await store.close()
  for (const synchronous of ['normal', 'full'] as const) {
    store = await openSqliteStore({ path, synchronous })
    const sample = claimed.slice(0, 1000)
    const rate = await steps(store, sample, 2, `m-${synchronous}`)
    console.log(`sqlite synchronous=${synchronous}: reserveStep+commitStep at ${LEDGER_ROWS} ledger rows: ${rate.toFixed(0)} pairs/s`)
    t = performance.now()
    const candidates = await store.claimWork('bench-2', T0 + 1, 30_000, 64)
    console.log(`sqlite: claimWork over ${runCount} running runs: ${(performance.now() - t).toFixed(2)} ms (${candidates.length} claimed)`)
    await store.close()
  }
}

/** claimWork with 10k queued runs in 10k lanes, and with 5k queued runs stuck behind one running run */
async function claimBench(): Promise<void> {
  const spread = await openSqliteStore({ path: join(dir, 'claims.db'), synchronous: 'normal' })
  await seed(spread, 10_000)
  let t = performance.now()
  const claimed = await spread.claimWork('bench', T0, 30_000, 64)
  console.log(`sqlite: claimWork(64) over 10k queued runs in 10k lanes: ${(performance.now() - t).toFixed(2)} ms (${claimed.length} claimed)`)
  await spread.close()
  const stuck = await openSqliteStore({ path: join(dir, 'stuck.db'), synchronous: 'normal' })
  await stuck.ensureConnection(CONNECTION, T0 - 1)
  for (let i = 0; i < 5_000; i += 500) await apply(stuck, Array.from({ length: 500 }, (_, j) => snap(order('hot', T0 + i + j))))
  await stuck.claimWork('bench', T0, 3_600_000, 1)
  t = performance.now()
  const none = await stuck.claimWork('bench', T0, 30_000, 64)
  console.log(`sqlite: claimWork(64) with 5k queued runs behind one running run of their lane: ${(performance.now() - t).toFixed(2)} ms (${none.length} claimed)`)
  await stuck.close()
}

async function lowdbBench(): Promise<void> {
  for (const path of [undefined, join(dir, 'bench.json')]) {
    const store = await openLowdbStore({ path })
    let t = performance.now()
    await seed(store, 10_000)
    const seedMs = performance.now() - t
    const claimed = await store.claimWork('bench', T0, 3_600_000, 200)
    const rate = await steps(store, claimed, 1, 'low')
    const noop: ApplyHandlers = handlers(planRules())
    t = performance.now()
    for (let i = 0; i < 50; i++) await apply(store, [snap(order(`o${i}`, T0 + 1 + i))], { handlers: noop })
    const applyMs = (performance.now() - t) / 50
    console.log(`lowdb ${path ? 'JSON file' : 'memory'} with 10k resources: seeded in ${(seedMs / 1000).toFixed(1)} s; reserve+commit ${rate.toFixed(0)} pairs/s; applySnapshots ${applyMs.toFixed(2)} ms/op`)
    await store.close()
  }
}

try {
  if (LEDGER_ROWS > 0) await sqliteBench()
  await claimBench()
  await lowdbBench()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
