import { rmSync } from 'node:fs'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { startDaemon, type Daemon } from '../../core/daemon/daemon.js'
import { FakeShopify } from '../fakes/shopify/server.js'
import { writeShopifyProject } from '../support/shopify-project.js'
import { until } from './daemon-env.js'

const PUBLIC = 'https://hooks.example.com'

describe('the daemon keeps webhook subscriptions pointed at server.publicUrl', () => {
  let fake: FakeShopify | undefined
  let daemon: Daemon | undefined
  let dir: string | undefined
  afterEach(async () => {
    await daemon?.stop()
    await fake?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('creates them at start, puts back one the platform removed at the next check, and raises a connection exception for it', async () => {
    fake = await new FakeShopify().start()
    const project = writeShopifyProject(fake, {
      server: { port: 0, host: '127.0.0.1', publicUrl: PUBLIC, subscriptionsEvery: '1s', admin: { port: 0, host: '127.0.0.1' } },
      store: { driver: 'sqlite', path: './data/cartwire.db' },
    })
    dir = project.dir
    const records: Array<Record<string, unknown>> = []
    const destination = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) records.push(JSON.parse(line))
        done()
      },
    })
    daemon = await startDaemon({ configPath: project.configPath, log: { destination, pretty: false, level: 'info' } })
    const address = `${PUBLIC}/webhooks/shop-main`
    await until(() => fake!.state.subscriptions.length === 2, 'the subscriptions created at start')
    expect(fake.state.subscriptions.map((s) => s.address)).toEqual([address, address])
    expect(await daemon.store.listExceptions({ kind: 'connection' }), 'creating them at start is no exception').toEqual([])

    fake.state.subscriptions.splice(fake.state.subscriptions.findIndex((s) => s.topic === 'orders/paid'), 1) // Shopify deleted it after failed deliveries
    const [exception] = await until(() => daemon!.store.listExceptions({ kind: 'connection' }).then((list) => list.length > 0 && list), 'the connection exception', 10_000)
    expect(exception).toMatchObject({ kind: 'connection', code: 'ERR_SUBSCRIPTION', connection: 'shop-main', state: 'open' })
    expect(exception.error.message).toContain('orders/paid')
    expect(fake.state.subscriptions.map((s) => s.topic).sort()).toEqual(['orders/create', 'orders/paid'])
    expect(records.some((r) => r.msg === 'webhook subscriptions needed repair' && r.connection === 'shop-main')).toBe(true)
  })
})
