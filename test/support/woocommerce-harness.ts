import { Engine } from '../../core/engine/engine.js'
import { readRuleFile } from '../../core/rules/load.js'
import type { Rule } from '../../core/rules/types.js'
import type { ActionDefinition } from '../../core/sdk/action.js'
import { ManualClock } from '../../core/sdk/clock.js'
import type { ConfigInput } from '../../core/sdk/config.js'
import { createMemoryKv } from '../../core/execution/kv.js'
import { createHttpClient } from '../../core/net/http-client.js'
import type { ActionContext, ConnectorInstance } from '../../core/sdk/connector.js'
import { silentLogger } from '../../core/sdk/logger.js'
import { openStore } from '../../core/store/open.js'
import httpAction from '../../plugins/http/index.js'
import woo from '../../plugins/woocommerce/index.js'
import { startLocalServer, type LocalServer } from '../net/local-server.js'
import { WooFake, type WooFakeOptions } from '../fakes/woocommerce/server.js'
import { closedAfterEach } from './lifecycle.js'
import { eventsOf } from './store-reads.js'

export const CONNECTION = 'woo-main'

/** A rule file from rules/, read from disk as `cartwire start` reads it; fails loudly on any diagnostic. */
export async function ruleFromDisk(file: string): Promise<Rule> {
  const { rule, diagnostics } = await readRuleFile(file)
  if (!rule) throw new Error(diagnostics.map((d) => `${d.file}: ${d.path}: ${d.message}`).join('\n'))
  return rule
}

export interface WooHarnessOptions {
  rules?: Rule[]
  fake?: WooFakeOptions
  /** extra connector options (pageSize, customerTagsMetaKey, …) */
  options?: Record<string, unknown>
  config?: Partial<ConfigInput>
}

/**
 * The real Engine over the fake WooCommerce (real HTTP on port 0), one connection `woo-main`, the
 * in-memory lowdb store, a manual clock that the fake's clock starts from, and an ops sink (a local
 * HTTP server) that `{{vars.opsBaseUrl}}` points at.
 */
export async function startWooHarness(opts: WooHarnessOptions = {}) {
  const clock = new ManualClock(Date.parse('2024-05-01T09:00:00Z'))
  const fake = await new WooFake({ now: clock.now(), ...opts.fake }).start()
  const sink: LocalServer = await startLocalServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'))
  const store = await openStore({ driver: 'lowdb' }, { clock })
  const engine = await Engine.create({
    config: {
      connections: [{ id: CONNECTION, connector: woo, options: fake.options(opts.options) }],
      store: { driver: 'lowdb' },
      retry: { attempts: 3, base: '1s', max: '1m', factor: 2, jitter: 0 },
      vars: { opsBaseUrl: sink.origin },
      ...opts.config,
    },
    plugins: { connectors: new Map([['woocommerce', woo]]), actions: new Map<string, ActionDefinition>([[httpAction.name, httpAction as ActionDefinition]]) },
    store,
    rules: opts.rules ?? [],
    clock,
    random: () => 0.5,
  })
  return {
    fake,
    sink,
    clock,
    store,
    engine,
    receive: (req: Parameters<Engine['receive']>[1]) => engine.receive(CONNECTION, req),
    poll: () => engine.poll(CONNECTION),
    settle: () => engine.runUntilQuiet(),
    /** moves the engine's clock and the platform's together */
    advance(ms: number) {
      clock.advance(ms)
      fake.advance(ms)
    },
    eventsOf: (type?: string) => eventsOf(store, type),
    async close() {
      await engine.close()
      await store.close()
      await fake.stop()
      await sink.close()
    },
  }
}

export type WooHarness = Awaited<ReturnType<typeof startWooHarness>>

/** Call at the top of a describe: returns `start`, and closes every harness it started after each test. */
export function wooHarnesses(): typeof startWooHarness {
  return closedAfterEach(startWooHarness)
}

/**
 * The connector alone (its real setup, a real per-connection HTTP client) against a fake, for tests of
 * actions, probes, fetch and subscriptions that need no engine. Its clock follows the fake's.
 */
export async function wooConnector(fake: WooFake, options: Record<string, unknown> = {}) {
  const clock = { now: () => fake.now }
  const http = createHttpClient({ connection: CONNECTION, clock })
  const webhookUrl = () => `http://127.0.0.1:9/webhooks/${CONNECTION}`
  const instance: ConnectorInstance = await woo.setup({ connection: CONNECTION, options: woo.options.parse(fake.options(options)), webhookUrl, log: silentLogger, http, kv: createMemoryKv(clock), clock })
  const actx = (key: string): ActionContext => ({ key, connection: CONNECTION, log: silentLogger, clock, signal: new AbortController().signal })
  return { instance, actx, close: () => http.close() }
}
