import { resolvedStoreConfig } from '../config/data-folder.js'
import { CartwireError } from '../sdk/errors.js'
import { openStore } from '../store/open.js'
import { findDaemon } from './admin-client.js'
import type { Command } from './command.js'
import type { Progress } from './progress.js'
import { loadProject } from './project.js'
import { displayPath } from './table.js'

/**
 * `cartwire migrate`: opens the store read-write under the single-daemon lock, which runs the pending
 * migrations (each in its own transaction with its version bump), and prints the schema version before
 * and after. Refused while a daemon runs: one that answers on the admin port is named by its pid, one
 * that holds the sqlite lock by the lock's pid and host (ERR_STORE_LOCKED). `cartwire start` migrates
 * too; this command is for doing it deliberately, with a backup taken, before an upgrade goes live.
 */
export const migrateCommand: Command = {
  summary: 'run pending store migrations; prints the schema version before and after',
  usage: 'cartwire migrate [--config <file>] [--quiet]',
  options: { quiet: { type: 'boolean', short: 'q' } },
  async run(ctx) {
    const project = await loadProject({ config: ctx.values.config as string })
    const daemon = await findDaemon(project.loaded)
    if (daemon) {
      throw new CartwireError('ERR_STORE_LOCKED', `a daemon (pid ${daemon.status.pid}, started ${daemon.status.startedAt}) runs on this store at ${daemon.url}; stop it first`)
    }
    const config = resolvedStoreConfig(project.loaded)
    const where = 'path' in config && config.path ? displayPath(config.path) : config.driver
    if (config.driver === 'lowdb' && !config.path) {
      ctx.out('store: lowdb in memory, nothing to migrate')
      return 0
    }
    let from: number | undefined
    let progress: Progress | undefined
    let total = 0
    const store = await openStore(config, {
      onMigration(step) {
        from ??= step.version - 1
        total = step.total
        progress ??= ctx.progress('migrating', step.total)
        progress?.update(step.index, `v${step.version}: ${step.name}`)
      },
    })
    let to: number
    try {
      to = await store.schemaVersion()
    } finally {
      await store.close()
    }
    progress?.update(total)
    progress?.finish()
    if (from === undefined) ctx.out(`store ${where}: schema version ${to}, up to date`)
    else if (from < 0) ctx.out(`store ${where}: created at schema version ${to}`)
    else ctx.out(`store ${where}: migrated from schema version ${from} to ${to}`)
    return 0
  },
}
