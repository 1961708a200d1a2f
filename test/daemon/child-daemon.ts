import { spawn } from 'node:child_process'
import path from 'node:path'

const MAIN = path.resolve('core/cli/main.ts')

export interface ChildDaemon {
  pid: number
  /** JSON log records from stdout (not a terminal, so pino writes JSON lines) */
  records: Array<Record<string, unknown>>
  stderr(): string
  /** the "ready" line's URLs; rejects when the process exits first */
  ready: Promise<{ public: string; admin: string }>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  kill(signal: NodeJS.Signals): void
}

/**
 * `cartwire start --config <file>` as a user runs it: `node --import tsx core/cli/main.ts start`.
 * CARTWIRE_DAEMON_NODE_ARGS adds node flags (benches: `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
export function spawnDaemon(configPath: string, env: Record<string, string> = {}): ChildDaemon {
  const nodeArgs = (process.env.CARTWIRE_DAEMON_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', MAIN, 'start', '--config', configPath], {
    env: { ...process.env, CARTWIRE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const records: Array<Record<string, unknown>> = []
  let stderr = ''
  let partial = ''
  let onReady: ((urls: { public: string; admin: string }) => void) | undefined
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  const ready = new Promise<{ public: string; admin: string }>((resolve, reject) => {
    onReady = resolve
    void exited.then(({ code, signal }) => reject(new Error(`the daemon exited (code ${code}, signal ${signal}) before it was ready:\n${stderr}`)))
  })
  ready.catch(() => {})
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines.filter(Boolean)) {
      let record: Record<string, unknown>
      try {
        record = JSON.parse(line)
      } catch {
        record = { msg: line, unparsed: true }
      }
      records.push(record)
      if (record.msg === 'ready') onReady?.({ public: String(record.public), admin: String(record.admin) })
    }
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return { pid: child.pid!, records, stderr: () => stderr, ready, exited, kill: (signal) => child.kill(signal) }
}
