import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../core/cli/main.js'
import { FakeShopify } from '../fakes/shopify/server.js'
import { writeShopifyProject } from '../support/shopify-project.js'

describe('cartwire connectors sync', () => {
  let fake: FakeShopify | undefined
  let dir: string | undefined
  afterEach(async () => {
    await fake?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  async function run(args: string[]) {
    const lines: string[] = []
    const errors: string[] = []
    const code = await main(args, (l) => lines.push(l), (l) => errors.push(l))
    return { code, lines, errors }
  }

  it("points the platform's webhooks at server.publicUrl and puts back a subscription the platform removed", async () => {
    fake = await new FakeShopify().start()
    const project = writeShopifyProject(fake, { server: { publicUrl: 'https://hooks.example.com' }, store: { driver: 'lowdb' } })
    dir = project.dir
    const config = project.configPath

    const first = await run(['connectors', 'sync', '--config', config])
    expect(first.code, first.errors.join('\n')).toBe(0)
    expect(first.lines).toEqual(['shop-main: 2 created, 0 updated, 0 removed or disabled by the platform'])
    expect(fake.state.subscriptions.map((s) => s.address)).toEqual(Array(2).fill('https://hooks.example.com/webhooks/shop-main'))

    fake.state.subscriptions.splice(1, 1) // Shopify deleted it after failed deliveries
    const second = await run(['connectors', 'sync', '--config', config, '--json'])
    expect(second.code).toBe(0)
    // a one-shot CLI run cannot tell "removed by Shopify" from "never created" (that memory is the
    // connector's, per process): it puts the subscription back and says so as created
    expect(JSON.parse(second.lines.join('\n'))).toEqual({ connections: [{ connection: 'shop-main', created: ['orders/paid'], updated: [], removed: [], problems: [] }] })
    expect(fake.state.subscriptions.map((s) => s.topic).sort()).toEqual(['orders/create', 'orders/paid'])
  })
})
