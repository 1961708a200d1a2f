import { startDaemon } from '../daemon/daemon.js'
import type { Command } from './command.js'
import { UsageError } from './command.js'

/** After a clean stop, handles a plugin forgot to close must not keep the process alive. */
const EXIT_AFTER_STOP_MS = 2000

/**
 * `cartwire start`: the daemon (core/daemon/daemon.ts) in the foreground until SIGTERM or SIGINT,
 * which drain it; exit 0 after a clean stop. A refusal to start (invalid config or rules, the store
 * held by another daemon, a port in use) throws a coded error: the dispatcher prints one line per
 * problem and exits 2. Environment: CARTWIRE_LOG_LEVEL (default info), CARTWIRE_LEASE_MS (run lease,
 * default 30000; crash tests shorten it).
 */
export const startCommand: Command = {
  summary: 'run the daemon: webhook intake, workers, scheduler and the admin API',
  usage: 'cartwire start [--config <file>]   (env: CARTWIRE_LOG_LEVEL, CARTWIRE_LEASE_MS)',
  async run({ values }) {
    const daemon = await startDaemon({ configPath: values.config as string, signals: true, leaseMs: leaseFromEnv(process.env.CARTWIRE_LEASE_MS) })
    await daemon.closed
    setTimeout(() => process.exit(process.exitCode ?? 0), EXIT_AFTER_STOP_MS).unref()
    return 0
  },
}

function leaseFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const ms = Number(value)
  if (!Number.isInteger(ms) || ms < 100) throw new UsageError(`CARTWIRE_LEASE_MS: expected a whole number of milliseconds ≥ 100, got "${value}"`)
  return ms
}
