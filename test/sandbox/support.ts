import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import { createMemoryKv } from '../../core/execution/kv.js'
import { createHttpClient } from '../../core/net/http-client.js'
import { ManualClock, silentLogger, type ConnectorInstance, type IncomingRequest } from '../../core/sdk/index.js'
import sandbox from '../../plugins/sandbox/index.js'
import { runtimeOf } from '../../plugins/sandbox/internal.js'

export const T_START = Date.parse('2026-04-01T08:00:00.000Z')

/**
 * Temp folders and things to close, for the tests of the file that calls it: after each test, what was
 * deferred is closed (last first) and the folders are removed.
 */
export function perTest() {
  const dirs: string[] = []
  const closers: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close()
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  return {
    dir(prefix = 'cartwire-sandbox-'): string {
      const dir = mkdtempSync(path.join(tmpdir(), prefix))
      dirs.push(dir)
      return dir
    },
    defer(close: () => Promise<void>): void {
      closers.push(close)
    },
  }
}

/** The sandbox connector set up as the daemon would (options through its schema), on a manual clock. */
export async function setupSandbox(opts: { dataDir: string; options?: Record<string, unknown>; clock?: ManualClock; webhookUrl?: () => string; connection?: string }) {
  const clock = opts.clock ?? new ManualClock(T_START)
  const connection = opts.connection ?? 'demo'
  const http = createHttpClient({ connection, clock })
  const options = sandbox.options.parse({ dataDir: opts.dataDir, seed: 7, ordersPerMinute: 0, ...opts.options })
  const instance: ConnectorInstance = await sandbox.setup({ connection, options, log: silentLogger, http, kv: createMemoryKv(clock), clock, webhookUrl: opts.webhookUrl ?? (() => 'http://127.0.0.1:9/webhooks/demo') })
  return {
    instance,
    rt: runtimeOf(instance),
    clock,
    /** idempotent: a test may close early and the cleanup close again */
    close: once(async () => {
      await instance.close?.()
      await http.close()
    }),
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => (done ??= fn())
}

/** A local HTTP receiver on port 0 that records requests and answers with `status()` (default 202). */
export async function startReceiver(status: (req: IncomingRequest) => number = () => 202) {
  const received: IncomingRequest[] = []
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const incoming: IncomingRequest = { method: req.method ?? 'POST', headers: req.headers as Record<string, string>, rawBody: Buffer.concat(chunks), query: {} }
    received.push(incoming)
    res.writeHead(status(incoming)).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/demo`
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** Awaits `condition` by polling it, up to `timeoutMs`; for work that runs on its own timers. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
