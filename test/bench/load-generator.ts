/**
 * An autocannon-like load generator on undici, run as its own process so it never shares an event loop
 * with the server it measures. argv[2] is a JSON file `{ url, connections, warmupMs, durationMs,
 * headers, body (base64) }`. Every connection sends the same request back to back (no pipelining);
 * after the warm-up, each answer's latency goes into a histogram. Prints one JSON line:
 * `{ requests, rps, p50Ms, p99Ms, maxMs, statuses, errors }`.
 */
import { readFileSync } from 'node:fs'
import { createHistogram } from 'node:perf_hooks'
import { Pool } from 'undici'

interface LoadSpec {
  url: string
  connections: number
  warmupMs: number
  durationMs: number
  headers: Record<string, string>
  body: string
}

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadSpec
const target = new URL(spec.url)
const body = Buffer.from(spec.body, 'base64')
const pool = new Pool(target.origin, { connections: spec.connections, pipelining: 1, keepAliveTimeout: 60_000 })
const histogram = createHistogram()
const statuses: Record<string, number> = {}
let errors = 0
let measuring = false
let stopped = false

async function connection(): Promise<void> {
  while (!stopped) {
    const start = process.hrtime.bigint()
    try {
      const res = await pool.request({ method: 'POST', path: target.pathname, headers: spec.headers, body })
      await res.body.dump()
      if (!measuring) continue
      histogram.record(Number(process.hrtime.bigint() - start) || 1)
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1
    } catch {
      if (measuring) errors++
    }
  }
}

const loops = Array.from({ length: spec.connections }, () => connection())
await new Promise((resolve) => setTimeout(resolve, spec.warmupMs))
measuring = true
const started = performance.now()
await new Promise((resolve) => setTimeout(resolve, spec.durationMs))
measuring = false
const elapsed = performance.now() - started
stopped = true
await Promise.all(loops)
await pool.close()
const ms = (ns: number) => Math.round(ns / 1e4) / 100
const requests = histogram.count
console.log(JSON.stringify({ requests, rps: Math.round((requests / elapsed) * 1000), p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max), statuses, errors }))
