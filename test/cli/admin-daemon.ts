import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { createAdminServer } from '../../core/daemon/admin.js'
import { Metrics } from '../../core/daemon/metrics.js'
import type { Engine } from '../../core/engine/engine.js'
import { silentLogger } from '../../core/sdk/logger.js'

export interface AdminDaemonOptions {
  /** the bearer token; written to `<data folder>/admin-token` unless `configured` */
  token: string
  configured?: boolean
  reload?: () => Promise<{ ok: true; rules: number }>
}

/**
 * The daemon's admin listener (core/daemon/admin.ts, the real one) over an Engine, on the port the
 * project's config names — the part of a daemon the CLI talks to. `requests` counts what it served,
 * so a test can tell the CLI went through it.
 */
export async function serveAdmin(engine: Engine, project: { adminPort: number; dataDir: string }, opts: AdminDaemonOptions) {
  if (!opts.configured) writeFileSync(path.join(project.dataDir, 'admin-token'), `${opts.token}\n`, { mode: 0o600 })
  const server = createAdminServer({
    engine,
    metrics: new Metrics(),
    log: silentLogger,
    auth: { token: opts.token, configured: opts.configured ?? false },
    startedAt: Date.now(),
    reload: opts.reload ?? (async () => ({ ok: true as const, rules: engine.rt.rules.all().length })),
    wake() {},
    runsInFlight: () => 0,
  })
  let requests = 0
  server.on('request', () => requests++)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(project.adminPort, '127.0.0.1', resolve)
  })
  return {
    get requests() {
      return requests
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type AdminDaemon = Awaited<ReturnType<typeof serveAdmin>>
