import path from 'node:path'
import { prepareConnections } from '../config/connections.js'
import { adminTokenFile, resolvedStoreConfig } from '../config/data-folder.js'
import { loadConfig } from '../config/load-config.js'
import { discoverPlugins } from '../config/plugins.js'
import { Engine } from '../engine/engine.js'
import { validationEnv } from '../engine/validation-env.js'
import type { Clock } from '../sdk/clock.js'
import { parseDuration } from '../sdk/duration.js'
import { CartwireError } from '../sdk/errors.js'
import type { Store } from '../store/contract.js'
import { openStore } from '../store/open.js'
import { createAdminServer } from './admin.js'
import { adminAuth, writeAdminToken } from './admin-token.js'
import { createLogger, type DaemonLogger, type LoggerOptions } from './logger.js'
import { closeServer, listen } from './listeners.js'
import { countingLogger, Metrics } from './metrics.js'
import { loadRuleSet } from './rule-set.js'
import { Scheduler } from './scheduler.js'
import type { HttpTimeouts } from './responses.js'
import { createPublicServer, type Readiness } from './server.js'
import { Workers, type WorkerOptions } from './workers.js'
import { startRetention } from './retention.js'
import { startSubscriptionWatch } from './subscriptions.js'

export interface DaemonOptions {
  /** @default './automation.config.ts' */
  configPath?: string
  /** tests drive time; the same clock goes to the store, the engine and the catch-up rule */
  clock?: Clock
  /** @default level from CARTWIRE_LOG_LEVEL, else 'info'; stdout, pretty on a terminal */
  log?: Omit<LoggerOptions, 'secrets'>
  /** handle SIGTERM/SIGINT (drain and stop) and SIGHUP (reload); the CLI sets it. @default false */
  signals?: boolean
  /** run lease length (crash tests shorten it so a restart recovers quickly). @default the engine's 30 s */
  leaseMs?: number
  workers?: WorkerOptions
  /** how long a stop waits for slow HTTP clients before cutting them. @default 5000 */
  graceMs?: number
  /**
   * How long /readyz answers 503 before the public listener stops accepting, so a load balancer can
   * take this daemon out of rotation first (a Kubernetes preStop pause does the same). @default 0
   */
  unreadyMs?: number
  /** HTTP timeouts of both listeners (tests shorten them). @default TIMEOUTS (responses.ts) */
  timeouts?: Partial<HttpTimeouts>
}

export interface Daemon {
  publicUrl: string
  adminUrl: string
  adminToken: string
  engine: Engine
  store: Store
  log: DaemonLogger
  /** validates the rule files and swaps the set; ERR_RULE (old set kept) when one has an error */
  reload(): Promise<{ ok: true; rules: number }>
  /** drains and stops; the same promise however often it is called */
  stop(): Promise<void>
  /** settles when the daemon has stopped (by `stop()` or a signal) */
  closed: Promise<void>
}

/**
 * `cartwire start`: the project (config, plugins, secrets required), the rule set (any error refuses
 * to start), the store (sqlite takes the single-daemon lock: a second daemon gets ERR_STORE_LOCKED
 * naming the holder), the engine, both listeners, connectors, workers and scheduler — then one "ready"
 * line with both URLs. Every failure before "ready" undoes what was done (the lock is released) and
 * throws a coded error; the CLI prints it as one line per problem and exits 2.
 *
 * Stop (SIGTERM, SIGINT, `stop()`): /readyz answers 503 and the public listener stops accepting;
 * requests in flight are answered (their group commit drains), the scheduler stops (running poll walks
 * are aborted; their cursor does not move), the workers finish their in-flight runs and claim nothing
 * new, connectors close, and the store closes last, releasing the lock.
 */
export async function startDaemon(opts: DaemonOptions = {}): Promise<Daemon> {
  // what core/cli/project.ts does for every command, here without importing the CLI (cli → daemon)
  const loaded = await loadConfig(opts.configPath ?? './automation.config.ts')
  const { config, rulesDir } = loaded
  const configFile = path.relative(process.cwd(), loaded.file) || loaded.file
  const plugins = await discoverPlugins(config)
  const prepared = prepareConnections(config, plugins, { requireSecrets: true, file: configFile })
  if (prepared.problems.length) throw new CartwireError('ERR_CONFIG', prepared.problems.join('\n'), { details: prepared.problems })
  const auth = adminAuth(config, process.env, configFile)
  const log = createLogger({ level: process.env.CARTWIRE_LOG_LEVEL || 'info', ...opts.log, secrets: [...prepared.secretValues, auth.token] })
  const { rules, warnings } = await loadRuleSet(rulesDir, validationEnv(prepared.connections, plugins.actions, config))
  for (const warning of warnings) log.warn({}, warning)

  const store = await openStore(resolvedStoreConfig(loaded), { clock: opts.clock })
  const undo: Array<() => Promise<void>> = [() => store.close()]
  const unwind = async (e: unknown) => {
    for (const step of undo.reverse()) await step().catch(() => {})
    throw e
  }
  const metrics = new Metrics()
  undo.push(async () => metrics.close())
  let readiness: Readiness = 'starting'
  try {
    const engine = await Engine.create({ config, store, rules, clock: opts.clock, log: countingLogger(log, metrics), plugins, leaseMs: opts.leaseMs })
    undo.push(() => engine.close())
    const workers = new Workers(engine, log, { intakeBusy: () => metrics.intakeInFlight > 0, ...opts.workers })
    const scheduler = new Scheduler(engine, log, { catchUpWindowMs: parseDuration(config.catchUpWindow), onWork: () => workers.wake() })
    const startedAt = Date.now()

    let reloading: Promise<unknown> = Promise.resolve()
    const reload = (): Promise<{ ok: true; rules: number }> => {
      const next = reloading.then(async () => {
        try {
          const loaded = await loadRuleSet(rulesDir, validationEnv(engine.rt.connections, engine.rt.actions, config))
          engine.setRules(loaded.rules)
          await scheduler.rulesChanged()
          workers.wake()
          for (const warning of loaded.warnings) log.warn({}, warning)
          log.info({ rules: loaded.rules.length }, 'rules reloaded')
          return { ok: true as const, rules: loaded.rules.length }
        } catch (e) {
          log.error({ err: (e as Error).message }, 'reload refused; the previous rules stay in force')
          throw e
        }
      })
      reloading = next.catch(() => {})
      return next
    }

    const publicServer = createPublicServer({ engine, metrics, log, readiness: () => readiness, onAccepted: () => workers.wake('deliveries'), timeouts: opts.timeouts })
    const adminServer = createAdminServer({ engine, metrics, log, auth, startedAt, reload, wake: () => workers.wake(), runsInFlight: () => workers.runsInFlight, timeouts: opts.timeouts })
    const publicUrl = await listen(publicServer, config.server.port, config.server.host, `${configFile}: server.port`)
    undo.push(() => closeServer(publicServer, 0))
    const adminUrl = await listen(adminServer, config.server.admin.port, config.server.admin.host, `${configFile}: server.admin.port`)
    undo.push(() => closeServer(adminServer, 0))
    engine.setListenAddress(publicUrl)
    if (!auth.configured) writeAdminToken(adminTokenFile(loaded), auth.token)
    await engine.startConnectors()
    workers.start()
    undo.push(() => workers.stop())
    await scheduler.start()
    undo.push(() => scheduler.stop())
    const stopRetention = startRetention(engine, log)
    undo.push(async () => stopRetention())
    const subscriptions = config.server.publicUrl ? startSubscriptionWatch(engine, log, { publicUrl: config.server.publicUrl, everyMs: parseDuration(config.server.subscriptionsEvery) }) : undefined
    undo.push(async () => subscriptions?.stop())
    await config.hooks?.onReady?.()
    readiness = 'ready'
    // in the background: a platform that is slow to answer does not hold up readiness
    void subscriptions?.check()
    log.info({ public: publicUrl, admin: adminUrl, connections: [...engine.rt.connections.keys()], rules: rules.length, pid: process.pid }, 'ready')

    let resolveClosed!: () => void
    const closed = new Promise<void>((resolve) => (resolveClosed = resolve))
    let stopping: Promise<void> | undefined
    const stop = () =>
      (stopping ??= (async () => {
        readiness = 'draining'
        log.info({}, 'draining: no new requests; finishing work in flight')
        if (opts.unreadyMs) await new Promise((resolve) => setTimeout(resolve, opts.unreadyMs))
        // each step runs whatever the one before did: the store must close (and release the lock) last
        const steps: Array<[string, () => unknown]> = [
          ['public listener', () => closeServer(publicServer, opts.graceMs ?? 5000)],
          ['scheduler', () => scheduler.stop()],
          ['retention', () => stopRetention()],
          ['subscription checks', () => subscriptions?.stop()],
          ['workers', () => workers.stop()],
          ['engine and connectors', () => engine.close()],
          ['onClose hook', () => config.hooks?.onClose?.()],
          ['admin listener', () => closeServer(adminServer, 0)],
          ['metrics', () => metrics.close()],
          ['store', () => store.close()],
        ]
        for (const [name, step] of steps) {
          try {
            await step()
          } catch (e) {
            log.error({ step: name, err: (e as Error).stack ?? String(e) }, 'a stop step failed; stopping the rest anyway')
          }
        }
        removeSignals()
        log.info({}, 'stopped')
        resolveClosed()
      })())
    const removeSignals = opts.signals ? handleSignals(log, stop, reload) : () => {}
    return { publicUrl, adminUrl, adminToken: auth.token, engine, store, log, reload, stop, closed }
  } catch (e) {
    return unwind(e)
  }
}

/**
 * SIGTERM and SIGINT drain and stop; a second one while draining exits at once (code 1). SIGHUP reloads
 * the rules (a refused reload is logged and changes nothing). Returns the function that removes them.
 */
function handleSignals(log: DaemonLogger, stop: () => Promise<void>, reload: () => Promise<unknown>): () => void {
  let signalled = false
  const onStop = (signal: NodeJS.Signals) => {
    if (signalled) {
      log.warn({ signal }, 'second signal: exiting without draining')
      process.exit(1)
    }
    signalled = true
    log.info({ signal }, 'signal received')
    void stop()
  }
  const onReload = () => void reload().catch(() => {})
  process.on('SIGTERM', onStop)
  process.on('SIGINT', onStop)
  process.on('SIGHUP', onReload)
  return () => {
    process.off('SIGTERM', onStop)
    process.off('SIGINT', onStop)
    process.off('SIGHUP', onReload)
  }
}
