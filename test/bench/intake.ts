/**
 * Intake bench (`npm run bench`): requests/s and p99 latency of signed order webhooks at 50 connections
 * (a fixed 4 KiB body; 2 s warm-up, then 10 s) for
 * - a bare node:http server doing HMAC + JSON.parse (the baseline),
 * - the daemon (`cartwire start`, sqlite, group commit) with synchronous full, and with normal,
 * each in its own process, the load generator (undici, load-generator.ts) in another. The machine may
 * be shared, so the three are measured in alternation for BENCH_ROUNDS rounds (default 3) and each
 * ratio is taken against the baseline of its own round; medians are reported. After each daemon
 * measurement the bench waits for the daemon to decode its backlog (decoding yields to intake while
 * webhooks arrive; core/daemon/workers.ts) and reports it: the inbox depth when the load stopped and
 * the time to drain it. Peak RSS is each process's high-water mark. Prints JSON, then a short table.
 * Targets: intake ≥ 0.8× the baseline with synchronous full, p99 ≤ 30 ms.
 */
import { createHmac } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { StatusResponse } from '../../core/daemon/admin-api.js'
import { TestcartServer } from '../fakes/testcart-server.js'
import { makeOrder } from '../support/entities.js'
import { spawnDaemon, type ChildDaemon } from '../daemon/child-daemon.js'
import { until, writeProject } from '../daemon/daemon-env.js'
import { peakRssMiB, runLoad, startBareServer, type LoadResult } from './bench-processes.js'

export const SECRET = 'bench-webhook-secret'
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

/** A new paid order padded to 4 KiB with a note (every copy after the first is a duplicate version). */
function fourKiBOrder(): Buffer {
  const order = makeOrder({ id: 'order-bench', createdAt: '2030-01-01T00:00:00.000Z', updatedAt: '2030-01-01T00:00:00.000Z' })
  const bare = Buffer.byteLength(JSON.stringify({ ...order, note: '' }))
  return Buffer.from(JSON.stringify({ ...order, note: 'n'.repeat(4096 - bare) }))
}

export const body = fourKiBOrder()
/** Signed as testcart signs; no delivery id header, so every request is stored (none is deduplicated). */
export const headers = { 'content-type': 'application/json', 'x-testcart-topic': 'orders/create', 'x-testcart-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('base64') }

export interface Target {
  name: string
  url: string
  pid: number
  /** daemons: inbox depth now, from the admin API */
  pending?: () => Promise<number>
}

export async function startCartwire(synchronous: 'full' | 'normal', platform: TestcartServer, dir: string): Promise<Target & { daemon: ChildDaemon }> {
  const config = { store: { driver: 'sqlite', path: './data/cartwire.db', synchronous }, server: { port: 0, host: '127.0.0.1', admin: { port: 0, host: '127.0.0.1' } } }
  const { configPath } = writeProject(platform, { rules: [], config }, dir)
  const daemon = spawnDaemon(configPath, { CARTWIRE_LOG_LEVEL: 'info' })
  const urls = await daemon.ready
  const token = readFileSync(path.join(dir, 'data', 'admin-token'), 'utf8').trim()
  const pending = async () => ((await (await fetch(`${urls.admin}/api/status`, { headers: { authorization: `Bearer ${token}` } })).json()) as StatusResponse).counts.deliveries.pending
  return { name: `cartwire, synchronous ${synchronous}`, url: `${urls.public}/webhooks/shop`, pid: daemon.pid, pending, daemon }
}

interface Sample extends LoadResult {
  backlog?: number
  drainSeconds?: number
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main()

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'cartwire-bench-'))
  const platform = await new TestcartServer(SECRET).start()
  const bare = await startBareServer(SECRET)
  const daemons = [await startCartwire('full', platform, mkdtempSync(path.join(work, 'full-'))), await startCartwire('normal', platform, mkdtempSync(path.join(work, 'normal-')))]
  const targets: Target[] = [{ name: 'bare node:http (HMAC + JSON.parse)', url: `${bare.url}/webhooks/shop`, pid: bare.pid }, ...daemons]
  const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]))
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) {
        const sample: Sample = await runLoad({ url: target.url, headers, body }, work)
        if (target.pending) {
          sample.backlog = await target.pending()
          const started = Date.now()
          await until(async () => (await target.pending!()) === 0, `${target.name} to decode its backlog`, 600_000, 500)
          sample.drainSeconds = +((Date.now() - started) / 1000).toFixed(1)
        }
        samples.get(target.name)!.push(sample)
        process.stderr.write(`round ${round + 1}: ${target.name}: ${sample.rps} req/s, p99 ${sample.p99Ms} ms${sample.backlog !== undefined ? `, backlog ${sample.backlog} drained in ${sample.drainSeconds} s` : ''}\n`)
      }
    }
  } finally {
    const rss = new Map(targets.map((t) => [t.name, peakRssMiB(t.pid)]))
    bare.stop()
    for (const d of daemons) {
      d.daemon.kill('SIGTERM')
      await d.daemon.exited
    }
    await platform.stop()
    rmSync(work, { recursive: true, force: true })
    report(rss, targets, samples)
  }
}

function report(rss: Map<string, number | undefined>, targets: Target[], samples: Map<string, Sample[]>): void {
  const baseline = samples.get(targets[0].name)!
  const rows = targets.map((t) => {
    const s = samples.get(t.name)!
    const ratios = s.map((x, i) => x.rps / baseline[i].rps)
    return {
      name: t.name,
      rps: median(s.map((x) => x.rps)),
      p99Ms: median(s.map((x) => x.p99Ms)),
      ratio: +median(ratios).toFixed(2),
      non2xx: s.reduce((n, x) => n + x.errors + Object.entries(x.statuses).filter(([code]) => !code.startsWith('2')).reduce((m, [, c]) => m + c, 0), 0),
      peakRssMiB: rss.get(t.name),
      ...(s[0].backlog !== undefined && { backlog: median(s.map((x) => x.backlog!)), drainSeconds: median(s.map((x) => x.drainSeconds!)) }),
      rounds: s,
    }
  })
  const results = { machine: `${process.platform} ${process.arch}, node ${process.version}`, bodyBytes: body.length, connections: 50, rounds: ROUNDS, rows, targets: { ratioFull: 0.8, p99Ms: 30 } }
  console.log(JSON.stringify(results, null, 2))
  console.log('')
  console.log(`${'server (medians)'.padEnd(36)} ${'req/s'.padStart(7)} ${'ratio'.padStart(6)} ${'p99 ms'.padStart(7)} ${'non-2xx'.padStart(8)} ${'peak RSS'.padStart(9)} ${'backlog → drained'.padStart(20)}`)
  for (const r of rows) {
    const drain = 'backlog' in r ? `${r.backlog} → ${r.drainSeconds} s` : ''
    console.log(`${r.name.padEnd(36)} ${String(r.rps).padStart(7)} ${r.ratio.toFixed(2).padStart(6)} ${r.p99Ms.toFixed(1).padStart(7)} ${String(r.non2xx).padStart(8)} ${`${r.peakRssMiB ?? '?'} MiB`.padStart(9)} ${drain.padStart(20)}`)
  }
}
