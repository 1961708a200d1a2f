import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { main } from '../../core/cli/main.js'
import { ManualClock } from '../../core/sdk/clock.js'
import type { Store } from '../../core/store/contract.js'
import { openStore } from '../../core/store/open.js'
import { TestcartServer } from '../fakes/testcart-server.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** What one CLI invocation printed and returned. */
export interface CliResult {
  code: number
  out: string[]
  err: string[]
}

export interface CliProjectOptions {
  /** rule files to write, by id */
  rules: object[]
  /** the admin listener's port; default: a free port nothing listens on (no daemon) */
  adminPort?: number
  /** `server.admin.token` as `env('CW_TEST_ADMIN_TOKEN')` when set */
  envToken?: boolean
}

/**
 * A project as a user has it, in a temp folder: automation.config.ts (one connection `shop` of the
 * testcart connector, imported by absolute path, against a fake platform on port 0), rules/*.json and
 * a sqlite store at data/cartwire.db. `cli(...)` runs `main()` in process against it.
 */
export async function createCliProject(opts: CliProjectOptions) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cartwire-cli-'))
  const platform = await new TestcartServer().start()
  const adminPort = opts.adminPort ?? (await freePort())
  mkdirSync(path.join(dir, 'rules'))
  for (const rule of opts.rules) writeFileSync(path.join(dir, 'rules', `${(rule as { id: string }).id}.json`), JSON.stringify(rule, null, 2))
  const config = path.join(dir, 'automation.config.ts')
  writeFileSync(
    config,
    `import testcart from ${JSON.stringify(path.join(ROOT, 'test/support/testcart-connector.ts'))}
import { env } from ${JSON.stringify(path.join(ROOT, 'core/sdk/index.ts'))}
export default {
  connections: [{ id: 'shop', connector: testcart, options: { baseUrl: ${JSON.stringify(platform.url)}, webhookSecret: ${JSON.stringify(platform.secret)} } }],
  store: { driver: 'sqlite', path: './data/cartwire.db' },
  rules: './rules',
  retry: { attempts: 4, base: '1s', max: '1m', factor: 2, jitter: 0 },
  server: { port: 0, admin: { port: ${adminPort}, host: '127.0.0.1'${opts.envToken ? ", token: env('CW_TEST_ADMIN_TOKEN')" : ''} } },
}
`,
  )
  const storePath = path.join(dir, 'data', 'cartwire.db')
  return {
    dir,
    config,
    platform,
    adminPort,
    storePath,
    dataDir: path.join(dir, 'data'),
    /** writes a file into the project folder; returns its path */
    file(name: string, content: unknown): string {
      const file = path.join(dir, name)
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
      return file
    },
    async cli(...argv: string[]): Promise<CliResult> {
      const out: string[] = []
      const err: string[] = []
      const code = await main([...argv, '--config', config], (line) => out.push(line), (line) => err.push(line))
      return { code, out, err }
    },
    /** the project's store, opened as a daemon would (taking the lock) */
    openStore(clock = new ManualClock(Date.parse('2024-05-01T09:00:00Z'))): Promise<Store> {
      return openStore({ driver: 'sqlite', path: storePath }, { clock })
    },
    async close() {
      await platform.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type CliProject = Awaited<ReturnType<typeof createCliProject>>

/** A port that was free a moment ago: nothing listens on it, so connecting is refused. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
