import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../core/store/open.js'
import type { Store } from '../../core/store/contract.js'

/**
 * The newcomer's first minute: in a fresh copy of the repository (the files git tracks; CI itself runs
 * `npm ci` on a fresh clone before `npm test`, so node_modules is linked here rather than installed
 * again), `npm start` runs the quick start; within 60 seconds the sandbox's orders arrive, the example
 * rules act — their writes come back from the sandbox as recognised own changes — the unconfigured
 * warehouse endpoint shows up in `cartwire exceptions list`, and SIGTERM stops the daemon cleanly.
 */
const ROOT = path.resolve(import.meta.dirname, '../..')

function freshCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cartwire-quickstart-'))
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean)
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    cpSync(path.join(ROOT, file), path.join(dir, file))
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  return dir
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

describe('quick start: npm start', () => {
  const dir = freshCopy()
  let daemon: ChildProcess | undefined
  let output = ''
  afterAll(() => {
    // npm → tsx → node: the whole process group goes
    if (daemon?.pid && daemon.exitCode === null) process.kill(-daemon.pid, 'SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('orders arrive, rules act on the sandboxes, failures are listed, SIGTERM stops it', async () => {
    daemon = spawn('npm', ['start'], { cwd: dir, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    daemon.stdout!.on('data', (chunk) => (output += chunk))
    daemon.stderr!.on('data', (chunk) => (output += chunk))
    const started = Date.now()
    const dbPath = path.join(dir, 'data/cartwire.db')
    const readStore = async <T>(fn: (store: Store) => Promise<T>): Promise<T> => {
      const store = await openStore({ driver: 'sqlite', path: dbPath }, { readonly: true })
      try {
        return await fn(store)
      } finally {
        await store.close()
      }
    }

    // the sandboxes' orders arrive as events
    await until(`orders arrive\n${output}`, 60_000, () => readStore(async (s) => ((await s.listEvents({ type: 'order.created', limit: 1 })).length ? true : undefined)))
    // a rule's write lands in the other store and comes back as a recognised own change
    const echo = await until(`mirror-stock's write echoes back from sandbox-us\n${output}`, 60_000 - (Date.now() - started), () =>
      readStore(async (s) => (await s.listEvents({ connection: 'sandbox-us', type: 'inventory.changed', limit: 10_000 })).find((e) => e.causedBy)),
    )
    const usData = JSON.parse(readFileSync(path.join(dir, 'data/sandbox/sandbox-us/sandbox.json'), 'utf8')) as { inventory: Array<{ id: string }> }
    expect(usData.inventory.map((level) => level.id), 'the pushed level is in the US store').toContain(echo.resource.id)
    // where a rule must stop, the exception queue shows it (the warehouse endpoint is not configured)
    const listed = await until('an exception is listed', 60_000 - (Date.now() - started), async () => {
      const out = execFileSync(process.execPath, ['bin/cartwire.js', 'exceptions', 'list', '--json'], { cwd: dir, encoding: 'utf8' })
      const { exceptions } = JSON.parse(out) as { exceptions: Array<{ ruleId?: string; code: string }> }
      return exceptions.find((e) => e.ruleId === 'notify-warehouse')
    })
    expect(listed.code, JSON.stringify(listed)).toBe('ERR_NOT_FOUND')
    expect(Date.now() - started).toBeLessThan(60_000)

    // what a supervisor or Ctrl-C does: the signal reaches npm and the daemon under it; the daemon drains,
    // logs "stopped" and releases the lock
    process.kill(-daemon.pid!, 'SIGTERM')
    await new Promise((resolve) => daemon!.on('exit', resolve))
    await until(`the daemon logs "stopped"\n${output}`, 20_000, async () => (/"msg":"stopped"/.test(output) ? true : undefined))
    // the lock was released: the store opens for writing again
    const again = await openStore({ driver: 'sqlite', path: dbPath })
    await again.close()
  }, 120_000)
})
