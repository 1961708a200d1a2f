import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * Processes the benches start: the load generator, the bare baseline server, and (through
 * test/daemon/child-daemon.ts) the daemon — each in its own process, so the figures compare the same
 * process layout and no two share an event loop.
 */
export interface LoadResult {
  requests: number
  rps: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  statuses: Record<string, number>
  errors: number
}

export interface LoadSpec {
  url: string
  headers: Record<string, string>
  body: Buffer
  /** @default 50 */
  connections?: number
  /** @default 2000 (BENCH_WARMUP_MS) */
  warmupMs?: number
  /** @default 10000 (BENCH_DURATION_MS) */
  durationMs?: number
}

const TSX = ['--import', 'tsx']

export async function runLoad(spec: LoadSpec, workDir: string): Promise<LoadResult> {
  const file = path.join(workDir, `load-${Date.now()}.json`)
  const durationMs = spec.durationMs ?? Number(process.env.BENCH_DURATION_MS ?? 10_000)
  const warmupMs = spec.warmupMs ?? Number(process.env.BENCH_WARMUP_MS ?? 2_000)
  writeFileSync(file, JSON.stringify({ url: spec.url, headers: spec.headers, body: spec.body.toString('base64'), connections: spec.connections ?? 50, warmupMs, durationMs }))
  const child = spawn(process.execPath, [...TSX, path.resolve('test/bench/load-generator.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (c: Buffer) => (out += c))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  if (code !== 0) throw new Error(`the load generator exited with ${code}`)
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult
}

/** The bare node:http baseline in its own process; resolves with its URL and a way to stop it. */
export async function startBareServer(secret: string, mode: 'hmac+parse' | 'hmac-only' = 'hmac+parse'): Promise<{ url: string; pid: number; stop(): void }> {
  const child = spawn(process.execPath, [...TSX, path.resolve('test/bench/bare-server.ts'), secret, mode], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (c: Buffer) => resolve(c.toString().trim()))
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)))
  })
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM') }
}

/** Peak resident set size of a live process (Linux /proc), in MiB; undefined elsewhere. */
export function peakRssMiB(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024)
  } catch {
    return undefined
  }
}
