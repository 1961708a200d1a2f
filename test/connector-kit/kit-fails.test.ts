import { describe, expect, it } from 'vitest'
import { CheckNotApplicable, checkCapability, checkDecodeDeterministic, checkGone, checkPollWalk, checkSignatures, checkThinWebhook, checkVersionsOrdered, withKitSession, type KitSession } from '../../core/testing.js'
import { CartwireError, defineConnector, type ConnectorInstance, type Decoded, type Order, type PollPage } from '../../core/sdk/index.js'
import { testcartFixture } from '../fakes/testcart-fixture.js'
import testcart from '../support/testcart-connector.js'

/**
 * The kit must fail connectors that break the contract. Each case breaks the (conforming) testcart
 * connector in one way and runs the one check that must catch it: the check passes on the real
 * connector and throws on the broken one.
 */
function broken(name: string, patch: (inner: ConnectorInstance) => Partial<ConnectorInstance>) {
  return defineConnector({
    ...testcart,
    name,
    async setup(ctx) {
      const inner = await testcart.setup(ctx)
      return { ...inner, ...patch(inner) }
    },
  })
}

const mapSnapshots = (inner: ConnectorInstance, fn: (order: Order) => Order) => async (delivery: Parameters<ConnectorInstance['decode']>[0]): Promise<Decoded[]> =>
  (await inner.decode(delivery)).map((item) => ('snapshot' in item ? { snapshot: { ...item.snapshot, entity: fn(item.snapshot.entity as Order) } } : item))

let decodes = 0
let tagRuns = 0

const cases: Array<{ behaviour: string; connector: ReturnType<typeof broken>; check: (s: KitSession) => Promise<void>; error: RegExp }> = [
  {
    behaviour: 'a verify that accepts anything',
    connector: broken('accepts-anything', () => ({ verify: () => ({ ok: true }) })),
    check: (s) => checkSignatures(s, 'order'),
    error: /byte flipped must be refused/,
  },
  {
    behaviour: 'a verify that throws instead of answering',
    connector: broken('throwing-verify', (inner) => ({ verify: async (req) => ((await inner.verify(req)).ok ? { ok: true } : Promise.reject(new Error('bad hmac'))) })),
    check: (s) => checkSignatures(s, 'order'),
    error: /must be refused with \{ ok: false \}/,
  },
  {
    behaviour: 'a decode whose result differs from call to call',
    connector: broken('restless-decode', (inner) => ({ decode: mapSnapshots(inner, (o) => ({ ...o, tags: [...o.tags, `decoded-${++decodes}`] })) })),
    check: (s) => checkDecodeDeterministic(s, 'order'),
    error: /deep-equal/,
  },
  {
    behaviour: 'a decode that leaves a timestamp without its zone',
    connector: broken('zoneless-decode', (inner) => ({ decode: mapSnapshots(inner, (o) => ({ ...o, updatedAt: o.updatedAt.replace('Z', '') })) })),
    check: (s) => checkDecodeDeterministic(s, 'order'),
    error: /does not match schemas\/entities/,
  },
  {
    behaviour: 'a decode that reports createdAt as the version time',
    connector: broken('frozen-version', (inner) => ({ decode: mapSnapshots(inner, (o) => ({ ...o, updatedAt: o.createdAt })) })),
    check: (s) => checkVersionsOrdered(s, 'order'),
    error: /strictly later updatedAt/,
  },
  {
    behaviour: 'a poll that skips a page',
    connector: broken('page-skipping-poll', (inner) => ({
      async *poll(cursor, signal): AsyncIterable<PollPage> {
        let page = 0
        for await (const p of inner.poll!(cursor, signal)) if (page++ !== 1) yield p
      },
    })),
    check: (s) => checkPollWalk(s, 'order'),
    error: /not changed during the walk that the walk did not return/,
  },
  {
    behaviour: 'a poll whose final cursor runs ahead of the platform clock',
    connector: broken('cursor-ahead-poll', (inner) => ({
      async *poll(cursor, signal): AsyncIterable<PollPage> {
        for await (const p of inner.poll!(cursor, signal)) yield { ...p, cursor: { after: '2100-01-01T00:00:00.000Z' } }
      },
    })),
    check: (s) => checkPollWalk(s, 'order'),
    error: /changed after the walk must be returned/,
  },
  {
    behaviour: 'a decode that takes a thin payload for a full one',
    connector: broken('thin-blind-decode', (inner) => ({ decode: async (d) => (d.headers['x-testcart-topic'] === 'orders/thin' ? [{ snapshot: { kind: 'order', entity: JSON.parse(d.body) } }] : inner.decode(d)) })),
    check: (s) => checkThinWebhook(s, 'order'),
    error: /must give a ref/,
  },
  {
    behaviour: 'a fetch that throws for a deleted resource instead of answering gone',
    connector: broken('gone-blind-fetch', (inner) => ({ fetch: async (ref) => ((await inner.fetch!(ref)) as { gone?: unknown }).gone ? Promise.reject(new CartwireError('ERR_NOT_FOUND')) : inner.fetch!(ref) })),
    check: (s) => checkGone(s, 'order'),
    error: /does not exist on the platform/,
  },
  {
    behaviour: 'a connector without fetch on a platform that sends thin webhooks',
    connector: broken('fetchless', () => ({ fetch: undefined })),
    check: (s) => checkThinWebhook(s, 'order'),
    error: /sends thin webhooks but fetchless has no fetch/,
  },
  {
    behaviour: 'a keyed capability that ignores the key',
    connector: broken('keyless-fulfillment', (inner) => ({ actions: { ...inner.actions, 'fulfillment.create': (ctx, p) => inner.actions['fulfillment.create']({ ...ctx, key: `${ctx.key}-${Math.random()}` }, p) } })),
    check: (s) => checkCapability(s, 'fulfillment.create'),
    error: /same key must make no second effect/,
  },
  {
    behaviour: 'a natural capability whose repeat changes the platform again',
    connector: broken('drifting-tags', (inner) => ({ actions: { ...inner.actions, 'order.addTags': (ctx, p) => inner.actions['order.addTags'](ctx, { ...p, tags: [...p.tags, `run-${++tagRuns}`] }) } })),
    check: (s) => checkCapability(s, 'order.addTags'),
    error: /platform state of one run/,
  },
  {
    behaviour: 'a probe that always finds the effect',
    connector: broken('credulous-probe', () => ({ probe: async () => ({ found: true }) })),
    check: (s) => checkCapability(s, 'order.addNote'),
    error: /find nothing before the run/,
  },
]

describe('the connector kit fails a connector that breaks the contract', () => {
  it.each(cases)('$behaviour', async ({ connector, check, error }) => {
    await withKitSession(testcart, testcartFixture, {}, check)
    await expect(withKitSession(connector, testcartFixture, {}, check)).rejects.toThrow(error)
  })

  it('reports a check the connector cannot take part in as not applicable, not as passed', async () => {
    const fetchless = broken('fetchless', () => ({ fetch: undefined }))
    await expect(withKitSession(fetchless, testcartFixture, {}, (s) => checkGone(s, 'order'))).rejects.toBeInstanceOf(CheckNotApplicable)
  })
})
