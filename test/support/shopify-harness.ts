import { readFileSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Engine } from '../../core/engine/engine.js'
import type { ActionDefinition } from '../../core/sdk/action.js'
import { ManualClock } from '../../core/sdk/clock.js'
import type { ConfigInput } from '../../core/sdk/config.js'
import { createMemoryKv } from '../../core/execution/kv.js'
import { createHttpClient } from '../../core/net/http-client.js'
import { silentLogger } from '../../core/sdk/logger.js'
import type { ActionContext, ConnectorInstance } from '../../core/sdk/index.js'
import { openStore } from '../../core/store/open.js'
import httpAction from '../../plugins/http/index.js'
import logAction from '../../plugins/log/index.js'
import shopify from '../../plugins/shopify/index.js'
import type { Delivery } from '../fakes/shopify/state.js'
import { FakeShopify, type FakeShopifyOptions } from '../fakes/shopify/server.js'
import { rulesFrom } from './harness.js'
import { eventsOf } from './store-reads.js'

export const CONNECTION = 'shopify-test'

/** A rule file of rules/ as JSON, optionally with changes (e.g. `sources` naming this connection). */
export function ruleFile(id: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const raw = JSON.parse(readFileSync(new URL(`../../rules/${id}.json`, import.meta.url), 'utf8')) as Record<string, unknown>
  delete raw.$schema
  return { ...raw, ...changes }
}

export interface ShopifyHarnessOptions {
  rules: object[]
  fake?: FakeShopifyOptions
  /** connector options on top of those pointing at the fake */
  options?: Record<string, unknown>
  driver?: 'lowdb' | 'sqlite'
  config?: Partial<ConfigInput>
}

/**
 * The real engine over the fake Shopify: one connection `shopify-test` (webhook secrets as during a
 * rotation: an old one and the fake's), a manual clock the fake's shop clock starts a second after (so
 * everything the fake creates is after the connection's baseline), lowdb in memory by default.
 */
export async function startShopifyHarness(opts: ShopifyHarnessOptions) {
  const clock = new ManualClock(Date.parse('2024-05-01T09:00:00Z'))
  const fake = await new FakeShopify({ now: clock.now() + 1000, ...opts.fake }).start()
  const dir = mkdtempSync(path.join(tmpdir(), 'cartwire-shopify-'))
  const store = await openStore(opts.driver === 'sqlite' ? { driver: 'sqlite', path: path.join(dir, 'store.db') } : { driver: 'lowdb' }, { clock })
  const engine = await Engine.create({
    config: {
      connections: [{
        id: CONNECTION,
        connector: shopify,
        options: { shop: fake.shop, baseUrl: fake.url, accessToken: fake.token, webhookSecret: ['previous-client-secret', fake.secret], apiVersion: fake.version, restLeakPerSecond: fake.rest.plan.leakPerSecond, ...opts.options },
      }],
      store: { driver: 'lowdb' },
      retry: { attempts: 4, base: '1s', max: '1m', factor: 2, jitter: 0 },
      vars: { opsBaseUrl: 'http://127.0.0.1:9' },
      ...opts.config,
    },
    plugins: { connectors: new Map([['shopify', shopify]]), actions: new Map<string, ActionDefinition>([[httpAction.name, httpAction as ActionDefinition], [logAction.name, logAction as ActionDefinition]]) },
    store,
    rules: rulesFrom(opts.rules),
    clock,
    random: () => 0.5,
  })
  return {
    fake,
    clock,
    store,
    engine,
    deliver: (delivery: Delivery) => engine.receive(CONNECTION, fake.request(delivery)),
    async deliverAll(deliveries: Delivery[]) {
      for (const d of deliveries) await engine.receive(CONNECTION, fake.request(d))
    },
    poll: (signal?: AbortSignal) => engine.poll(CONNECTION, signal),
    settle: () => engine.runUntilQuiet(),
    eventsOf: (type?: string) => eventsOf(store, type),
    async close() {
      await engine.close()
      await store.close()
      await fake.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type ShopifyHarness = Awaited<ReturnType<typeof startShopifyHarness>>

/**
 * The connector alone against a fake (no engine): its real `setup` with the core's HTTP client, for
 * tests of actions, fetch and rate limiting. `act` runs a capability as the core would.
 */
export async function connectShopify(fake: FakeShopify, options: Record<string, unknown> = {}) {
  const clock = new ManualClock(fake.state.now)
  const http = createHttpClient({ connection: CONNECTION, clock })
  const parsed = shopify.options.parse({ shop: fake.shop, baseUrl: fake.url, accessToken: fake.token, webhookSecret: fake.secret, apiVersion: fake.version, restLeakPerSecond: fake.rest.plan.leakPerSecond, ...options })
  const instance: ConnectorInstance = await shopify.setup({ connection: CONNECTION, options: parsed, webhookUrl: () => `http://127.0.0.1:9/webhooks/${CONNECTION}`, log: silentLogger, http, kv: createMemoryKv(clock), clock })
  const context = (key: string, extra: Partial<ActionContext> = {}): ActionContext => ({ key, connection: CONNECTION, log: silentLogger, clock, signal: new AbortController().signal, ...extra })
  return {
    instance,
    context,
    act: (capability: string, params: Record<string, unknown>, key = `key-${capability}`, extra?: Partial<ActionContext>) => instance.actions[capability](context(key, extra), params),
    probe: (capability: string, params: Record<string, unknown>, key = `key-${capability}`) => instance.probe!(capability, context(key), params),
    close: () => http.close(),
  }
}
