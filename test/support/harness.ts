import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Engine } from '../../core/engine/engine.js'
import type { ActionDefinition } from '../../core/sdk/action.js'
import { parseRule } from '../../core/rules/load.js'
import type { Rule } from '../../core/rules/types.js'
import { ManualClock } from '../../core/sdk/clock.js'
import type { ConfigInput } from '../../core/sdk/config.js'
import type { Order } from '../../core/sdk/entities.js'
import { openStore } from '../../core/store/open.js'
import type { Store } from '../../core/store/contract.js'
import { TestcartServer } from '../fakes/testcart-server.js'
import { makeOrder } from './entities.js'
import testcart from './testcart-connector.js'
import httpAction from '../../plugins/http/index.js'
import logAction from '../../plugins/log/index.js'
import { eventsOf } from './store-reads.js'

export interface HarnessOptions {
  rules: object[]
  driver?: 'lowdb' | 'sqlite'
  /** the connector has fetch. @default true */
  fetch?: boolean
  config?: Partial<ConfigInput>
  clock?: ManualClock
  /** an existing store (restarts) */
  store?: Store
  platform?: TestcartServer
}

/** Builds rules from plain JSON, failing loudly on any diagnostic (tests write valid rules). */
export function rulesFrom(json: object[]): Rule[] {
  return json.map((raw) => {
    const id = (raw as { id: string }).id
    const { rule, diagnostics } = parseRule(`rules/${id}.json`, raw)
    if (!rule) throw new Error(diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n'))
    return rule
  })
}

/**
 * An engine over the fake testcart platform (real HTTP on port 0), one connection `shop`, a store
 * (lowdb in memory by default) and a manual clock. Tests push deliveries and poll walks in, settle,
 * and look at the platform and the store.
 */
export async function startHarness(opts: HarnessOptions) {
  const platform = opts.platform ?? (await new TestcartServer().start())
  const clock = opts.clock ?? new ManualClock(Date.parse('2024-05-01T09:00:00Z'))
  if (!opts.platform) platform.now = clock.now()
  const dir = mkdtempSync(path.join(tmpdir(), 'cartwire-harness-'))
  const storeConfig = opts.driver === 'sqlite' ? ({ driver: 'sqlite', path: path.join(dir, 'store.db') } as const) : ({ driver: 'lowdb' } as const)
  const boot = async (rules: object[], store?: Store) => {
    store ??= await openStore(storeConfig, { clock })
    const engine = await Engine.create({
      config: {
        connections: [{ id: 'shop', connector: testcart, options: { baseUrl: platform.url, webhookSecret: platform.secret, fetch: opts.fetch ?? true } }],
        store: { driver: 'lowdb' },
        retry: { attempts: 4, base: '1s', max: '1m', factor: 2, jitter: 0 },
        ...opts.config,
      },
      plugins: { connectors: new Map([['testcart', testcart]]), actions: new Map<string, ActionDefinition>([[httpAction.name, httpAction as ActionDefinition], [logAction.name, logAction as ActionDefinition]]) },
      store,
      rules: rulesFrom(rules),
      clock,
      random: () => 0.5,
    })
    return { store, engine }
  }
  let { store, engine } = await boot(opts.rules, opts.store)
  const h = {
    platform,
    clock,
    get store() {
      return store
    },
    get engine() {
      return engine
    },
    /** a signed webhook for the order as given */
    deliver(topic: string, order: Order, webhookOpts?: { webhookId?: string }) {
      return engine.receive('shop', platform.webhook(topic, order, webhookOpts))
    },
    /** the default test order, paid, delivered by webhook and settled */
    async paidOrder(overrides: Partial<Order> = {}) {
      const order = platform.put(makeOrder(overrides))
      await engine.receive('shop', platform.webhook('orders/paid', order))
      await engine.runUntilQuiet()
      return order
    },
    poll: () => engine.poll('shop'),
    settle: () => engine.runUntilQuiet(),
    eventsOf: (type?: string) => eventsOf(store, type),
    /** a process restart: engine and store closed and opened again on the same file (sqlite) */
    async restart(rules: object[] = opts.rules) {
      if (opts.driver !== 'sqlite') throw new Error('restart needs the sqlite driver')
      await engine.close()
      await store.close()
      ;({ store, engine } = await boot(rules))
    },
    async close() {
      await engine.close()
      if (!opts.store) await store.close()
      if (!opts.platform) await platform.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return h
}

export type Harness = Awaited<ReturnType<typeof startHarness>>
