import { afterEach, describe, expect, it } from 'vitest'
import { TOPICS } from '../../plugins/woocommerce/subscriptions.js'
import { WooFake } from '../fakes/woocommerce/server.js'
import { wooConnector } from '../support/woocommerce-harness.js'

const PUBLIC = 'https://cartwire.example.com'
const TARGET = `${PUBLIC}/webhooks/woo-main`

describe('WooCommerce subscriptions.sync', () => {
  let fake: WooFake
  let conn: Awaited<ReturnType<typeof wooConnector>>
  afterEach(async () => {
    await conn.close()
    await fake.stop()
  })

  async function start() {
    fake = await new WooFake().start()
    conn = await wooConnector(fake)
    return conn.instance.subscriptions!
  }

  it('creates one active webhook per topic pointing at <url>/webhooks/<connection>, and nothing on a second sync', async () => {
    const subs = await start()
    fake.createWebhook('order.created', 'https://elsewhere.example/hook')
    const first = await subs.sync(PUBLIC)
    expect(first).toEqual({ created: [...TOPICS], updated: [], removed: [], problems: [] })
    const mine = [...fake.webhooks.values()].filter((w) => w.deliveryUrl === TARGET)
    expect(mine.map((w) => w.topic).sort()).toEqual([...TOPICS].sort())
    expect(mine.every((w) => w.status === 'active' && w.secret === fake.webhookSecret)).toBe(true)
    expect(fake.pings.length, 'WooCommerce pings each new webhook (the connector answers those 200)').toBe(TOPICS.length + 1)
    expect(await subs.sync(PUBLIC)).toEqual({ created: [], updated: [], removed: [], problems: [] })
  })

  it('re-enables a webhook WooCommerce disabled after more than 5 failed deliveries, and reports it', async () => {
    const subs = await start()
    await subs.sync(PUBLIC)
    const hook = [...fake.webhooks.values()].find((w) => w.topic === 'order.updated' && w.deliveryUrl === TARGET)!
    for (let i = 0; i < 6; i++) fake.deliveryFailed(hook.id)
    expect(hook.status, 'six failures: still active').toBe('active')
    fake.deliveryFailed(hook.id)
    expect(hook.status).toBe('disabled')
    const report = await subs.sync(PUBLIC)
    expect(report.updated).toEqual(['order.updated'])
    expect(report.created).toEqual([])
    expect(report.problems).toEqual([expect.stringMatching(new RegExp(`webhook ${hook.id} \\(order\\.updated\\) had been disabled by WooCommerce.*only polling recovers`))])
    expect(hook.status).toBe('active')
  })

  it('leaves a webhook a person paused as it is, and reports it', async () => {
    const subs = await start()
    await subs.sync(PUBLIC)
    const hook = [...fake.webhooks.values()].find((w) => w.topic === 'product.updated' && w.deliveryUrl === TARGET)!
    hook.status = 'paused'
    const report = await subs.sync(PUBLIC)
    expect(report).toMatchObject({ created: [], updated: [], problems: [expect.stringContaining('paused')] })
    expect(hook.status).toBe('paused')
  })
})
