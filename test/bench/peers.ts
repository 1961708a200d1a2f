/**
 * Benchmark against peers (`npm run bench:peers`, issue 5): one run on this machine, each part guarded
 * so a failure is reported and the rest still runs. Writes test/bench/results/latest.{json,md}.
 * 1. intake: intake.ts's 4 KiB signed order at 50 connections (warm-up, then 10 s) against an HMAC-only
 *    server (the ceiling), bare node:http HMAC + JSON.parse (the limit), cartwire synchronous full and
 *    normal, and Node-RED 4 (node-red.ts); requests/s, p99, peak RSS and ratios.
 * 2. pipeline events/s with 100 and 1,000 rules (e2e.ts with E2E_RULES, in a child).
 * 3. rule evaluations/s against json-logic-js (micro.ts's ruleMatching, results checked identical).
 * 4. ledger reserve+commit/s, RSS and file size at PEERS_LEDGER entries (default 1,000,000; ledger-scale.ts,
 *    which writes the filled rows directly and times reserve+commit through the Store, in a child).
 * 5. startup time with 500 rules: spawn `cartwire start` to its "ready" log line.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import path from 'node:path'
import { TestcartServer } from '../fakes/testcart-server.js'
import { spawnDaemon } from '../daemon/child-daemon.js'
import { writeProject } from '../daemon/daemon-env.js'
import { peakRssMiB, runLoad, startBareServer } from './bench-processes.js'
import { SECRET, body, headers, startCartwire } from './intake.js'
import { ruleMatching } from './micro.js'
import { startNodeRed } from './node-red.js'

const LEDGER = Number(process.env.PEERS_LEDGER ?? 1_000_000)
const E2E_ORDERS = process.env.E2E_ORDERS ?? '3000'
const OUT = path.resolve('test/bench/results')
const cpuModel = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model
const machine = { cpu: cpuModel, cores: cpus().length, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, loadAvgStart: loadavg().map((x) => +x.toFixed(2)), loadAvgEnd: [] as number[], startedAt: new Date().toISOString() }
const parts: Record<string, unknown> = {}
const work = mkdtempSync(path.join(tmpdir(), 'cartwire-peers-'))

async function part(name: string, fn: () => Promise<unknown>): Promise<void> {
  const t = performance.now()
  process.stderr.write(`== ${name}\n`)
  try {
    parts[name] = await fn()
  } catch (error) {
    parts[name] = { error: String((error as Error)?.message ?? error).split('\n').slice(0, 3).join(' ') }
  }
  process.stderr.write(`== ${name} took ${((performance.now() - t) / 1000).toFixed(0)} s: ${JSON.stringify(parts[name]).slice(0, 300)}\n`)
}

interface Row { name: string; rps?: number; p99Ms?: number; peakRssMiB?: number; non2xx?: number; backlog?: number; drainSeconds?: number; error?: string }

async function intake(): Promise<{ rows: Row[]; ratios: Record<string, number | undefined>; targets: object }> {
  const platform = await new TestcartServer(SECRET).start()
  const starters: Array<[string, () => Promise<{ url: string; pid: number; stop(): Promise<void> | void; pending?: () => Promise<number> }>]> = [
    ['HMAC only (ceiling)', async () => { const s = await startBareServer(SECRET, 'hmac-only'); return { ...s, url: `${s.url}/webhooks/shop` } }],
    ['bare node:http HMAC + JSON.parse', async () => { const s = await startBareServer(SECRET); return { ...s, url: `${s.url}/webhooks/shop` } }],
    ['cartwire synchronous full', async () => { const d = await startCartwire('full', platform, mkdtempSync(path.join(work, 'full-'))); return { ...d, stop: async () => { d.daemon.kill('SIGTERM'); await d.daemon.exited } } }],
    ['cartwire synchronous normal', async () => { const d = await startCartwire('normal', platform, mkdtempSync(path.join(work, 'normal-'))); return { ...d, stop: async () => { d.daemon.kill('SIGTERM'); await d.daemon.exited } } }],
    ['Node-RED 4 (http in → function HMAC → switch → response)', async () => { const s = await startNodeRed(SECRET, 'order.financialStatus = "paid"'); return { ...s, url: `${s.url}/webhooks/shop` } }],
  ]
  const rows: Row[] = []
  for (const [name, start] of starters) {
    // One server at a time: the machine has few cores, so nothing else runs while one is measured.
    let server: Awaited<ReturnType<(typeof starters)[number][1]>> | undefined
    try {
      server = await start()
      const r = await runLoad({ url: server.url, headers, body }, work)
      const row: Row = { name: 'version' in server ? `${name}, v${String(server.version)}` : name, rps: r.rps, p99Ms: r.p99Ms, non2xx: r.errors + Object.entries(r.statuses).filter(([c]) => !c.startsWith('2')).reduce((n, [, c]) => n + c, 0) }
      if (server.pending) {
        row.backlog = await server.pending()
        const t = Date.now()
        while ((await server.pending()) > 0 && Date.now() - t < 120_000) await new Promise((resolve) => setTimeout(resolve, 500))
        row.drainSeconds = +((Date.now() - t) / 1000).toFixed(1)
      }
      row.peakRssMiB = peakRssMiB(server.pid)
      rows.push(row)
    } catch (error) {
      rows.push({ name, error: String((error as Error).message).split('\n').slice(0, 2).join(' ') })
    } finally {
      await server?.stop()
    }
    process.stderr.write(`  ${JSON.stringify(rows.at(-1))}\n`)
  }
  await platform.stop()
  const rps = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.rps
  const ratio = (a?: number, b?: number) => (a && b ? +(a / b).toFixed(2) : undefined)
  const full = rps('cartwire synchronous full')
  const normal = rps('cartwire synchronous normal')
  const ratios = {
    fullVsBare: ratio(full, rps('bare')), fullVsNodeRed: ratio(full, rps('Node-RED')), fullVsHmacOnly: ratio(full, rps('HMAC only')),
    normalVsBare: ratio(normal, rps('bare')), normalVsNodeRed: ratio(normal, rps('Node-RED')), normalVsHmacOnly: ratio(normal, rps('HMAC only')),
  }
  return { rows, ratios, targets: { fullVsBare: 0.9, fullVsNodeRed: 4 } }
}

async function child(args: string[], env: Record<string, string>, timeoutMs: number): Promise<string> {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  proc.stdout.on('data', (c: Buffer) => (out += c))
  proc.stderr.on('data', (c: Buffer) => (err += c))
  const timer = setTimeout(() => proc.kill('SIGTERM'), timeoutMs)
  const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve))
  clearTimeout(timer)
  if (code !== 0) throw new Error(`${args[0]} exited with ${code}: ${err.slice(-400)}`)
  return out
}

async function pipeline(rules: number): Promise<object> {
  const out = await child(['test/bench/e2e.ts'], { E2E_RULES: String(rules), E2E_ORDERS }, 300_000)
  const r = JSON.parse(out.slice(0, out.indexOf('\n\n'))) as Record<string, unknown>
  return { rules: r.rules, orders: r.orders, events: r.events, eventsPerSec: r.eventsPerSec, seconds: r.seconds, peakRssMiB: r.peakRssMiB, refused: r.refused, exceptions: r.exceptions }
}

async function startup(): Promise<object> {
  const platform = await new TestcartServer(SECRET).start()
  const rules = Array.from({ length: 500 }, (_, i) => ({ id: `rule-${String(i).padStart(3, '0')}`, on: [i % 2 ? 'order.paid' : 'order.created'], if: { '>=': [{ var: 'order.totalPrice' }, i] }, then: [{ id: 'say', action: 'log', params: { message: `rule ${i}` } }] }))
  const { configPath, dir } = writeProject(platform, { rules, config: { server: { port: 0, host: '127.0.0.1', admin: { port: 0, host: '127.0.0.1' } } } }, mkdtempSync(path.join(work, 'startup-')))
  const started = performance.now()
  const daemon = spawnDaemon(configPath)
  try {
    await daemon.ready
    return { rules: rules.length, secondsToReady: +((performance.now() - started) / 1000).toFixed(2), peakRssMiB: peakRssMiB(daemon.pid) }
  } finally {
    daemon.kill('SIGTERM')
    await daemon.exited
    await platform.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await part('intake', intake)
await part('pipeline 100 rules', () => pipeline(100))
await part('pipeline 1000 rules', () => pipeline(1000))
await part('rule evaluation vs json-logic-js', async () => {
  const r = await ruleMatching()
  return { ...r, cartwireEvaluationsPerSec: r.cartwireEventsPerSec * r.rules, jsonLogicEvaluationsPerSec: r.jsonLogicEventsPerSec * r.rules, identicalResults: true }
})
await part(`ledger at ${LEDGER} entries`, async () => JSON.parse((await child(['test/bench/ledger-scale.ts', String(LEDGER)], {}, 900_000)).trim().split('\n').pop()!))
await part('startup with 500 rules', startup)
machine.loadAvgEnd = loadavg().map((x) => +x.toFixed(2))
rmSync(work, { recursive: true, force: true })

const results = { machine, commit: execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim(), bodyBytes: body.length, connections: 50, parts }
mkdirSync(OUT, { recursive: true })
writeFileSync(path.join(OUT, 'latest.json'), JSON.stringify(results, null, 2) + '\n')
writeFileSync(path.join(OUT, 'latest.md'), markdown())
console.log(markdown())

function markdown(): string {
  const m = machine
  const lines = [`# cartwire vs peers — latest run (${m.startedAt}, commit ${results.commit})`, '', `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}; load average ${m.loadAvgStart.join(' ')} at start, ${m.loadAvgEnd.join(' ')} at end. The machine is shared and noisy: one run, one round per server; compare figures within this run only.`, '']
  const ir = parts.intake as Awaited<ReturnType<typeof intake>> & { error?: string }
  lines.push('## Intake (4 KiB signed order, 50 connections, 2 s warm-up + 10 s each, one server at a time)', '')
  if (ir.error) lines.push(`FAILED: ${ir.error}`, '')
  else {
    lines.push('| server | req/s | p99 ms | peak RSS MiB | non-2xx | backlog → drained |', '| --- | ---: | ---: | ---: | ---: | --- |')
    for (const r of ir.rows) lines.push(r.error ? `| ${r.name} | FAILED: ${r.error.slice(0, 200)} | | | | |` : `| ${r.name} | ${r.rps} | ${r.p99Ms} | ${r.peakRssMiB ?? '?'} | ${r.non2xx} | ${r.backlog !== undefined ? `${r.backlog} → ${r.drainSeconds} s` : ''} |`)
    const x = ir.ratios
    lines.push('', `Ratios — full: ${x.fullVsBare ?? '?'}× bare (target ≥ 0.9), ${x.fullVsNodeRed ?? '?'}× Node-RED (target ≥ 4), ${x.fullVsHmacOnly ?? '?'}× HMAC-only ceiling; normal: ${x.normalVsBare ?? '?'}× bare, ${x.normalVsNodeRed ?? '?'}× Node-RED, ${x.normalVsHmacOnly ?? '?'}× ceiling.`, '')
  }
  lines.push('## Other parts', '', '| part | result |', '| --- | --- |')
  for (const [name, value] of Object.entries(parts)) if (name !== 'intake') lines.push(`| ${name} | ${JSON.stringify(value).replace(/[{}"]/g, '').replace(/,/g, ', ').replace(/\|/g, '/')} |`)
  const led = parts[`ledger at ${LEDGER} entries`] as { fillSeconds?: number } | undefined
  lines.push('', `Ledger: ledger-scale.ts writes ${LEDGER.toLocaleString('en')} committed steps straight into a store file the Store created (per step the rows a real one leaves: order resource and version, event, done run, done ledger row; ${led?.fillSeconds ?? '?'} s), reopens it with the Store (synchronous full) and times 5,000 more reserve+commit one awaited pair at a time, as micro.ts does. Filling through the Store instead (a commit per entry, synchronous full) takes over 10 min for 1M.`)
  lines.push('', `On ${m.cores} cores the load generator (undici, its own process) competes with the server it measures, and the machine carries other tenants' load (see load average): read the ratios, not the absolute figures.`)
  lines.push('', `Pipeline: e2e.ts (sqlite, synchronous full, ${E2E_ORDERS} orders → 2 events each); rules past the first 100 never match.`, '')
  return lines.join('\n')
}
