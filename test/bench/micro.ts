/**
 * Micro-benchmarks of the core (`npm run bench:micro`): ledger reserve+commit per second at 100k
 * entries (sqlite, synchronous full and normal), and rule matching events/s with 100 rules against
 * json-logic-js evaluating the same conditions on the same contexts (results checked identical).
 * Figures are ratios and rates from one run on one machine; the machine is shared, so compare within a run.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import jsonLogic from 'json-logic-js'
import { Engine } from '../../core/engine/engine.js'
import { buildEventContext } from '../../core/model/context.js'
import { isTruthy } from '../../core/rules/logic.js'
import type { Order } from '../../core/sdk/entities.js'
import type { StoredEvent, Store, ApplyHandlers } from '../../core/store/contract.js'
import { openStore } from '../../core/store/open.js'
import { makeOrder } from '../support/entities.js'
import { rulesFrom } from '../support/harness.js'
import testcart from '../support/testcart-connector.js'

const RULES = 100
const EVENTS = 2_000
const ROUNDS = 5

function conditionFor(i: number): object {
  const shapes = [
    { '>=': [{ var: 'order.totalPrice' }, 100 + (i % 7) * 100] },
    { and: [{ '==': [{ var: 'order.currency' }, i % 2 ? 'EUR' : 'USD'] }, { '>': [{ var: 'order.subtotalPrice' }, i * 3] }] },
    { in: [`tag-${i % 10}`, { var: 'order.tags' }] },
    { or: [{ '==': [{ var: 'order.financialStatus' }, 'paid'] }, { '<': [{ var: 'order.totalPrice' }, i] }] },
    { some: [{ var: 'order.lines' }, { '>=': [{ var: 'quantity' }, 1 + (i % 4)] }] },
    { '!': { in: ['wholesale', { var: 'order.customer.tags' }] } },
  ]
  return shapes[i % shapes.length]
}

function orders(): Order[] {
  return Array.from({ length: EVENTS }, (_, i) =>
    makeOrder({ id: `o${i}`, number: String(i), currency: i % 3 ? 'EUR' : 'USD', totalPrice: { amount: `${(i * 37) % 900}.50`, currency: 'EUR' }, tags: [`tag-${i % 10}`] }),
  )
}

function rate(count: number, ms: number): number {
  return Math.round((count / ms) * 1000)
}

export async function ruleMatching() {
  const store = await openStore({ driver: 'lowdb' })
  const rules = rulesFrom(Array.from({ length: RULES }, (_, i) => ({ id: `rule-${String(i).padStart(3, '0')}`, on: ['order.paid'], if: conditionFor(i), then: [{ action: 'log', params: { message: 'x' } }] })))
  const engine = await Engine.create({
    config: { connections: [{ id: 'shop', connector: testcart, options: { baseUrl: 'http://127.0.0.1:9', webhookSecret: 's' } }] },
    plugins: { connectors: new Map([['testcart', testcart]]), actions: new Map() },
    store,
    rules,
  })
  const events = orders().map((data, i) => ({ id: `e${i}`, seq: i, type: 'order.paid', source: 'shop', resource: { kind: 'order', id: data.id, version: '1' }, occurredAt: data.updatedAt, receivedAt: data.updatedAt, changes: [], data, versionSeq: 1, previousSeq: null, trace: { matched: [], skipped: [] } }) as StoredEvent)
  const env = { now: Date.now(), previous: null, recentRuns: () => 0 }
  const plan = engine.handlers.plan
  const contexts = events.map((event) => buildEventContext({ event, entity: event.data, previous: null, changes: [], now: env.now, vars: {}, connection: { id: 'shop', connector: 'testcart', timezone: 'UTC' } }))

  let cartwireMatches = 0
  let referenceMatches = 0
  let best = { cartwire: 0, reference: 0 }
  for (let round = 0; round < ROUNDS; round++) {
    cartwireMatches = 0
    let t = performance.now()
    for (const event of events) cartwireMatches += plan(event, env).runs.length
    best.cartwire = Math.max(best.cartwire, rate(events.length, performance.now() - t))
    referenceMatches = 0
    t = performance.now()
    for (const context of contexts) for (const rule of rules) if (isTruthy(jsonLogic.apply(rule.if as never, context))) referenceMatches++
    best.reference = Math.max(best.reference, rate(events.length, performance.now() - t))
  }
  await engine.close()
  await store.close()
  if (cartwireMatches !== referenceMatches) throw new Error(`results differ: cartwire ${cartwireMatches} matches, json-logic-js ${referenceMatches}`)
  return { rules: RULES, events: EVENTS, matchesPerPass: cartwireMatches, cartwireEventsPerSec: best.cartwire, jsonLogicEventsPerSec: best.reference, ratio: +(best.cartwire / best.reference).toFixed(2) }
}

/** One order per snapshot, one event per order, one run per event on its own lane (micro's ledger workload). */
const LEDGER_HANDLERS: ApplyHandlers = {
  derive: (prev, item) => {
    if (!('snapshot' in item)) return { action: 'drop', reason: 'unknown-resource' }
    const entity = item.snapshot.entity
    const state = { connection: 'shop', kind: 'order' as const, id: entity.id, updatedAt: 1, contentHash: entity.id, normalizerVersion: 1, createdAt: 1, entity, deletedAt: null, versionSeq: (prev?.versionSeq ?? 0) + 1, milestones: {}, members: {} }
    return { action: 'store', state, events: [{ id: `ev-${entity.id}`, type: 'order.paid', source: 'shop', resource: { kind: 'order', id: entity.id, version: '1' }, occurredAt: entity.updatedAt, receivedAt: entity.updatedAt, changes: [], versionSeq: state.versionSeq, previousSeq: null }] }
  },
  plan: (event) => ({ runs: [{ eventId: event.id, ruleId: 'r', ruleHash: 'h', lane: `shop|order|${event.resource.id}|r` }], skipped: [], exceptions: [] }),
}

/**
 * Orders `o${from}`… through applySnapshots (batches of 500, untimed), then each claimed run's step
 * reserved and committed done, one awaited pair at a time; `ms` times only the pairs. The store needs
 * the `shop` connection.
 */
export async function ledgerCycle(store: Store, from: number, count: number): Promise<{ done: number; ms: number }> {
  const base = makeOrder()
  for (let i = from; i < from + count; i += 500) {
    const items = Array.from({ length: Math.min(500, from + count - i) }, (_, j) => ({ snapshot: { kind: 'order' as const, entity: { ...base, id: `o${i + j}` } }, origin: 'poll' as const }))
    await store.applySnapshots({ connection: 'shop', now: 1, receivedAt: base.updatedAt, items, ack: [], canFetch: false }, LEDGER_HANDLERS)
  }
  let done = 0
  let t = 0
  while (done < count) {
    const claimed = await store.claimWork('bench', Date.now(), 60_000, 200)
    if (claimed.length === 0) break
    const start = performance.now()
    for (const { run, token } of claimed) {
      const tuple = { namespace: 'rule', eventId: run.eventId, ruleId: 'r', stepId: 's', target: 'shop' }
      const key = `${run.eventId}:s`
      await store.reserveStep({ ...tuple, key, runId: run.id, token, now: Date.now(), params: { tags: ['x'] }, idempotency: 'natural', effect: [{ path: 'tags', includes: ['x'] }], resource: { connection: 'shop', kind: 'order', id: run.eventId }, ruleHash: 'h' })
      await store.commitStep({ key, runId: run.id, token, now: Date.now(), outcome: { state: 'done', result: null }, run: { state: 'done', outcome: 'completed' } })
    }
    t += performance.now() - start
    done += claimed.length
  }
  return { done, ms: t }
}

/** Fills the ledger with `fill` done steps, then times reserve+commit of `measure` more. */
export async function ledger(synchronous: 'full' | 'normal', fill = 100_000, measure = 5_000) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cartwire-bench-'))
  const store = await openStore({ driver: 'sqlite', path: path.join(dir, 'bench.db'), synchronous }, { lock: false })
  await store.ensureConnection('shop', 0)
  await ledgerCycle(store, 0, fill)
  const measured = await ledgerCycle(store, fill, measure)
  const counts = await store.counts()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
  return { synchronous, ledgerEntries: Object.values(counts.ledger).reduce((a, b) => a + (b ?? 0), 0), reserveCommitPerSec: rate(measured.done, measured.ms) }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = { machine: `${process.platform} ${process.arch}, node ${process.version}`, ruleMatching: await ruleMatching(), ledger: [await ledger('full'), await ledger('normal')] }
  console.log(JSON.stringify(results, null, 2))
}
