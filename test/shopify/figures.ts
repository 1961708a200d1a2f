/**
 * Figures for plugins/shopify/README.md (not a test: it measures time). Run: npx tsx test/shopify/figures.ts
 * - drain time of 500 tag writes through the GraphQL cost bucket, on the Standard plan's shape at 10×
 *   speed (bucket 2,000 points, restore 1,000/s instead of 100/s), and the throttled answers it cost;
 * - 500 REST calls (40-request bucket leaking 20/s, 10× the Standard 2/s), to compare;
 * - requests per changed record of a poll walk.
 */
import { FakeShopify } from '../fakes/shopify/server.js'
import { connectShopify } from '../support/shopify-harness.js'

const SPEEDUP = 10
const WRITES = 500

async function drainTags() {
  const fake = await new FakeShopify({ plan: { graphql: { max: 2000, restorePerSecond: 100 * SPEEDUP } } }).start()
  const conn = await connectShopify(fake)
  const ids = Array.from({ length: WRITES }, () => String(fake.state.addOrder({ total: '1.00', lines: [] }, { silent: true }).id))
  const started = performance.now()
  await Promise.all(ids.map((orderId, i) => conn.act('order.addTags', { orderId, tags: ['drained'] }, `k${i}`)))
  const ms = performance.now() - started
  const throttled = fake.calls.filter((c) => c.limited).length
  await conn.close()
  await fake.stop()
  return { ms, throttled, requests: fake.calls.length }
}

async function drainRest() {
  const fake = await new FakeShopify({ plan: { rest: { size: 40, leakPerSecond: 2 * SPEEDUP } } }).start()
  const conn = await connectShopify(fake, { restLeakPerSecond: 2 * SPEEDUP })
  const ids = Array.from({ length: WRITES }, () => String(fake.state.addOrder({ total: '1.00', lines: [] }, { silent: true }).id))
  const started = performance.now()
  // REST fetches stand in for REST calls: one bucket unit each (intake class: the whole bucket is theirs)
  await Promise.all(ids.map((id) => conn.instance.fetch!({ kind: 'order', id })))
  const ms = performance.now() - started
  const limited = fake.calls.filter((c) => c.limited).length
  await conn.close()
  await fake.stop()
  return { ms, limited }
}

async function walkCost() {
  const fake = await new FakeShopify({ plan: { rest: { leakPerSecond: 1000 }, graphql: { max: 20_000, restorePerSecond: 20_000 } } }).start()
  const conn = await connectShopify(fake, { restLeakPerSecond: 1000 })
  const { state } = fake
  for (let i = 0; i < 1000; i++) state.addOrder({ total: '1.00', lines: [] }, { silent: true })
  for (let i = 0; i < 200; i++) state.addProduct({ title: `P${i}`, variants: [{ sku: `P${i}`, price: '1.00' }] }, { silent: true })
  for (let i = 0; i < 250; i++) state.addCustomer({ email: `c${i}@example.com` }, { silent: true })
  let records = 0
  for await (const page of conn.instance.poll!(null, new AbortController().signal)) records += page.items.length
  const byApi = { rest: fake.calls.filter((c) => c.target.startsWith('rest:')).length, graphql: fake.calls.filter((c) => c.target.startsWith('graphql:')).length }
  await conn.close()
  await fake.stop()
  return { records, ...byApi }
}

const tags = await drainTags()
const rest = await drainRest()
const walk = await walkCost()
const standardGraphql = (WRITES * 10 - 2000 * 0.75) / 100
const standardRest = (WRITES - 40) / 2
console.log(`500 tagsAdd at 10x Standard GraphQL speed: ${(tags.ms / 1000).toFixed(2)} s measured (${(tags.ms / 100).toFixed(1)} s scaled to Standard), ${tags.throttled} THROTTLED of ${tags.requests} requests`)
console.log(`  computed for Standard (2,000 points, 100/s, cost 10, actions keep 25% free): ${standardGraphql.toFixed(1)} s`)
console.log(`500 REST calls at 10x Standard REST speed: ${(rest.ms / 1000).toFixed(2)} s measured (${(rest.ms / 100).toFixed(0)} s scaled), ${rest.limited} answered 429`)
console.log(`  computed for Standard (40 requests leaking 2/s; actions would keep 10 free and take 5 s more): ${standardRest.toFixed(0)} s`)
console.log(`poll walk over ${walk.records} changed records (1,000 orders, 200 products, 250 customers, 400 inventory levels): ${walk.rest} REST + ${walk.graphql} GraphQL requests = ${((walk.rest + walk.graphql) / walk.records).toFixed(4)} per record`)
