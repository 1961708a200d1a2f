import { createHmac, randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { startDaemon, type Daemon, type DaemonOptions } from '../../core/daemon/daemon.js'
import type { Order } from '../../core/sdk/entities.js'
import { TestcartServer } from '../fakes/testcart-server.js'
import { makeOrder } from '../support/entities.js'

const CONNECTOR = path.resolve('test/support/testcart-connector.ts')

export interface ProjectOptions {
  rules: object[]
  /** merged into the config's top level (server, store, catchUpWindow, …) */
  config?: Record<string, unknown>
  /** the testcart connection's `poll` */
  poll?: string | false
}

/**
 * A project folder as a user has one: automation.config.ts (one testcart connection `shop` pointing at
 * the fake platform, importing the test connector by absolute path), rules/<id>.json, and the sqlite
 * store in ./data. Ports are 0 so tests run side by side.
 */
export function writeProject(platform: TestcartServer, opts: ProjectOptions, dir = mkdtempSync(path.join(tmpdir(), 'cartwire-daemon-'))): { dir: string; configPath: string } {
  mkdirSync(path.join(dir, 'rules'), { recursive: true })
  for (const rule of opts.rules) writeFileSync(path.join(dir, 'rules', `${(rule as { id: string }).id}.json`), JSON.stringify(rule, null, 2))
  const config = {
    store: { driver: 'sqlite', path: './data/cartwire.db' },
    server: { port: 0, host: '127.0.0.1', bodyLimit: 64 * 1024, admin: { port: 0, host: '127.0.0.1' } },
    retry: { attempts: 3, base: '100ms', max: '1s', factor: 2, jitter: 0 },
    ...opts.config,
  }
  const options = { baseUrl: platform.url, webhookSecret: platform.secret }
  const text = [
    `import testcart from ${JSON.stringify(CONNECTOR)}`,
    `export default { ...${JSON.stringify(config)},`,
    `  connections: [{ id: 'shop', connector: testcart, options: ${JSON.stringify(options)}, poll: ${JSON.stringify(opts.poll ?? false)} }] }`,
  ].join('\n')
  const configPath = path.join(dir, 'automation.config.ts')
  writeFileSync(configPath, text)
  return { dir, configPath }
}

/** The daemon in this process over the fake platform, its log lines captured as parsed JSON records. */
export async function startTestDaemon(opts: ProjectOptions & { daemon?: Omit<DaemonOptions, 'configPath'>; platform?: TestcartServer; dir?: string }) {
  const platform = opts.platform ?? (await new TestcartServer().start())
  const { dir, configPath } = writeProject(platform, opts, opts.dir)
  const records: Array<Record<string, unknown>> = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) records.push(JSON.parse(line))
      done()
    },
  })
  const daemon: Daemon = await startDaemon({ configPath, log: { destination, pretty: false, level: 'debug' }, workers: { idleMs: 50 }, ...opts.daemon })
  return {
    daemon,
    platform,
    dir,
    records,
    /** a signed webhook POSTed to the daemon */
    post(topic: string, payload: unknown, init: { secret?: string; connection?: string } = {}) {
      const hook = platform.webhook(topic, payload, { secret: init.secret })
      return fetch(`${daemon.publicUrl}/webhooks/${init.connection ?? 'shop'}`, { method: 'POST', headers: hook.headers, body: hook.rawBody })
    },
    /** exactly these bytes, signed as the platform signs */
    postRaw(topic: string, raw: Buffer, headers: Record<string, string> = {}) {
      const signature = createHmac('sha256', platform.secret).update(raw).digest('base64')
      return fetch(`${daemon.publicUrl}/webhooks/shop`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-testcart-topic': topic, 'x-testcart-webhook-id': randomUUID(), 'x-testcart-hmac-sha256': signature, ...headers }, body: raw })
    },
    admin(route: string, init: RequestInit & { token?: string | null } = {}) {
      const { token, ...rest } = init
      const headers = new Headers(rest.headers)
      if (token !== null) headers.set('authorization', `Bearer ${token ?? daemon.adminToken}`)
      return fetch(`${daemon.adminUrl}${route}`, { ...rest, headers })
    },
    logged: (msg: string) => records.filter((r) => r.msg === msg),
    async close() {
      await daemon.stop()
      if (!opts.platform) await platform.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type TestDaemon = Awaited<ReturnType<typeof startTestDaemon>>

/** A new order (created after any connection's baseline) stored on the platform, as a webhook would carry it. */
export function newOrder(platform: TestcartServer, id: string, overrides: Partial<Order> = {}): Order {
  const later = new Date(Date.now() + 3_600_000).toISOString()
  return platform.put(makeOrder({ id, number: id.replace(/\D/g, '') || '1', createdAt: later, updatedAt: later, ...overrides }))
}

/** Awaits a condition with bounded polling (no sleeps standing in for "the work is done"). */
export async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000, intervalMs = 20): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value as Exclude<T, false | null | undefined | 0 | ''>
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
