/**
 * End-to-end bench (`npm run bench`): events/s through the whole daemon — signed webhooks → inbox →
 * decode → change detection → events → matching against 100 rules → runs → a `log` step done in the
 * ledger — and the daemon's peak RSS. The daemon runs as `cartwire start` in a child process on sqlite
 * (E2E_SYNC: full by default, or normal; E2E_WORKERS: config.workers, default 8); this process sends
 * E2E_ORDERS new paid orders (default 5,000) at 50 connections, then polls the admin API until every
 * delivery is decoded and every run has finished; the clock runs from the first send to that moment. Each order yields two events (order.created, order.paid); 50 rules listen to each type and
 * every event matches exactly one of them by tag, so all 100 conditions are evaluated per event type
 * group and one run per event does real work. Prints JSON, then one line. Target: ≥ 2,000 events/s.
 */
import { createHmac, randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Pool } from 'undici'
import type { StatusResponse } from '../../core/daemon/admin-api.js'
import { TestcartServer } from '../fakes/testcart-server.js'
import { makeOrder } from '../support/entities.js'
import { spawnDaemon } from '../daemon/child-daemon.js'
import { until, writeProject } from '../daemon/daemon-env.js'
import { peakRssMiB } from './bench-processes.js'

const SECRET = 'bench-webhook-secret'
const ORDERS = Number(process.env.E2E_ORDERS ?? 5_000)
const CONNECTIONS = 50

/** E2E_RULES (default 100): half listen to order.created, half to order.paid; rules past the first 100 never match. */
const RULE_COUNT = Number(process.env.E2E_RULES ?? 100)
const rules = Array.from({ length: RULE_COUNT }, (_, i) => ({
  id: `rule-${String(i).padStart(4, '0')}`,
  on: [i % 100 < 50 ? 'order.created' : 'order.paid'],
  if: { in: [`r-${i}`, { var: 'order.tags' }] },
  then: [{ id: 'say', action: 'log', params: { message: `rule ${i} saw {{order.number}}`, level: 'debug' } }],
}))

function delivery(n: number): { body: Buffer; headers: Record<string, string> } {
  const at = new Date(Date.parse('2030-01-01T00:00:00Z') + n * 1000).toISOString()
  const order = makeOrder({ id: `order-${n}`, number: String(n), createdAt: at, updatedAt: at, tags: [`r-${n % 50}`, `r-${50 + ((n * 7) % 50)}`] })
  const body = Buffer.from(JSON.stringify(order))
  const signature = createHmac('sha256', SECRET).update(body).digest('base64')
  return { body, headers: { 'content-type': 'application/json', 'x-testcart-topic': 'orders/create', 'x-testcart-webhook-id': randomUUID(), 'x-testcart-hmac-sha256': signature } }
}

const platform = await new TestcartServer(SECRET).start()
const dir = mkdtempSync(path.join(tmpdir(), 'cartwire-e2e-'))
const { configPath } = writeProject(platform, { rules, config: { workers: Number(process.env.E2E_WORKERS ?? 8), store: { driver: 'sqlite', path: './data/cartwire.db', synchronous: process.env.E2E_SYNC ?? 'full' }, server: { port: 0, host: '127.0.0.1', admin: { port: 0, host: '127.0.0.1' } } } }, dir)
const daemon = spawnDaemon(configPath)
try {
  const urls = await daemon.ready
  const token = readFileSync(path.join(dir, 'data', 'admin-token'), 'utf8').trim()
  const status = async () => ((await (await fetch(`${urls.admin}/api/status`, { headers: { authorization: `Bearer ${token}` } })).json()) as StatusResponse).counts
  const pool = new Pool(urls.public, { connections: CONNECTIONS })
  const bodies = Array.from({ length: ORDERS }, (_, n) => delivery(n))
  const started = performance.now()
  let next = 0
  let refused = 0
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < ORDERS) {
        const { body, headers } = bodies[next++]
        const res = await pool.request({ method: 'POST', path: '/webhooks/shop', headers, body })
        await res.body.dump()
        if (res.statusCode !== 202) refused++
      }
    }),
  )
  const ackedMs = performance.now() - started
  await pool.close()
  const expectedEvents = 2 * ORDERS
  const counts = await until(async () => {
    const c = await status()
    const busy = c.deliveries.pending + (c.runs.queued ?? 0) + (c.runs.running ?? 0) + (c.runs.retry_wait ?? 0) + (c.runs.mutex_wait ?? 0)
    return busy === 0 && c.events >= expectedEvents && c
  }, 'every event to be processed', 600_000, 250)
  const elapsedMs = performance.now() - started
  const results = {
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    rules: rules.length,
    orders: ORDERS,
    refused,
    events: counts.events,
    runsDone: counts.runs.done ?? 0,
    stepsDone: counts.ledger.done ?? 0,
    exceptions: counts.exceptions,
    ackedInSeconds: +(ackedMs / 1000).toFixed(1),
    seconds: +(elapsedMs / 1000).toFixed(1),
    eventsPerSec: Math.round(counts.events / (elapsedMs / 1000)),
    peakRssMiB: peakRssMiB(daemon.pid),
    target: { eventsPerSec: 2000 },
  }
  console.log(JSON.stringify(results, null, 2))
  console.log(`\nend to end: ${results.eventsPerSec} events/s (${results.events} events, ${results.stepsDone} log steps done, ${rules.length} rules) in ${results.seconds} s; peak RSS ${results.peakRssMiB} MiB`)
} finally {
  daemon.kill('SIGTERM')
  await daemon.exited
  await platform.stop()
  rmSync(dir, { recursive: true, force: true })
}
