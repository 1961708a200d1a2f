import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { createDeriver } from '../changes/derive.js'
import { prepareConnections, assertNoProblems } from '../config/connections.js'
import { parseConfig } from '../config/load-config.js'
import { discoverPlugins, type PluginSet } from '../config/plugins.js'
import { retryPolicyFromConfig } from '../execution/backoff.js'
import { failpoint } from '../execution/failpoints.js'
import { createMemoryKv } from '../execution/kv.js'
import { resolveException, retryException, skipException } from '../execution/operator.js'
import { runWork } from '../execution/run-executor.js'
import { scheduleTickRun } from '../execution/schedule-runs.js'
import { fireDueTimers } from '../execution/waits.js'
import { GroupCommitter } from '../intake/group-commit.js'
import { processDeliveries } from '../intake/decode.js'
import { pollWalk } from '../intake/poll-walk.js'
import { receiveWebhook } from '../intake/receive.js'
import { createHttpClient } from '../net/http-client.js'
import { RuleIndex } from '../rules/match.js'
import type { Rule } from '../rules/types.js'
import { systemClock, type Clock } from '../sdk/clock.js'
import type { Config, ConfigInput } from '../sdk/config.js'
import type { IncomingRequest, JsonValue } from '../sdk/connector.js'
import { parseDuration } from '../sdk/duration.js'
import { CartwireError, wrapPluginError } from '../sdk/errors.js'
import { silentLogger, type Logger } from '../sdk/logger.js'
import type { ApplyHandlers, Store } from '../store/contract.js'
import { createPlanner } from './planner.js'
import type { LiveConnection, Runtime } from './runtime.js'
import { validationEnv } from './validation-env.js'

/** The store setting that holds the paused rule ids. */
export const PAUSED_KEY = 'rules.paused'

export interface EngineOptions {
  config: Config | ConfigInput
  store: Store
  rules: Rule[]
  clock?: Clock
  log?: Logger
  /** defaults to discovering plugins/ plus config.plugins */
  plugins?: PluginSet
  env?: NodeJS.ProcessEnv
  /** @default `${hostname}:${pid}:${random}` */
  owner?: string
  /** @default 30000 */
  leaseMs?: number
  random?: () => number
}

/**
 * The engine without its daemon: intake, decode, change detection, planning, execution, waits and the
 * operator's decisions over one store. The daemon drives `tick()` from its loops; a test drives it by
 * hand and inspects the store.
 */
export class Engine {
  readonly rt: Runtime
  readonly handlers: ApplyHandlers
  private readonly committer: GroupCommitter

  private constructor(rt: Runtime, private readonly publicBase: { url: string }) {
    this.rt = rt
    const plan = createPlanner(rt)
    // plan runs inside applySnapshots' transaction: the event is derived and its runs planned, and the
    // inbox ack has not committed with them yet — the after-apply-before-ack window (failpoints.ts)
    const planned: ApplyHandlers['plan'] = (event, env) => {
      const result = plan(event, env)
      failpoint('after-apply-before-ack')
      return result
    }
    this.handlers = { derive: createDeriver(), plan: planned }
    this.committer = new GroupCommitter(rt.store)
  }

  static async create(opts: EngineOptions): Promise<Engine> {
    const config = 'store' in opts.config && 'retry' in opts.config && 'loopBreaker' in opts.config ? (opts.config as Config) : parseConfig(opts.config as ConfigInput)
    const plugins = opts.plugins ?? (await discoverPlugins(config))
    const prepared = prepareConnections(config, plugins, { env: opts.env, requireSecrets: true })
    assertNoProblems(prepared)
    const clock = opts.clock ?? systemClock
    const log = opts.log ?? silentLogger
    const connections = new Map<string, LiveConnection>()
    const publicBase = { url: config.server.publicUrl ?? `http://127.0.0.1:${config.server.port}` }
    for (const connection of prepared.connections) {
      const http = createHttpClient({ connection: connection.id, clock, log })
      const clog = log.child({ connection: connection.id })
      let instance
      try {
        const webhookUrl = () => `${publicBase.url.replace(/\/$/, '')}/webhooks/${encodeURIComponent(connection.id)}`
        instance = await connection.definition.setup({ connection: connection.id, options: connection.options, log: clog, http, kv: createMemoryKv(clock), clock, webhookUrl })
      } catch (e) {
        throw wrapPluginError(e, { plugin: connection.definition.name, connection: connection.id })
      }
      connections.set(connection.id, { ...connection, instance, http })
      await opts.store.ensureConnection(connection.id, clock.now())
    }
    const rt: Runtime = {
      store: opts.store, clock, log, config, connections, actions: plugins.actions,
      rules: new RuleIndex([], validationEnv(connections, plugins.actions, config)),
      paused: new Set(), retry: retryPolicyFromConfig(config.retry), hooks: config.hooks ? [config.hooks] : [],
      owner: opts.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, leaseMs: opts.leaseMs ?? 30_000, random: opts.random ?? Math.random,
    }
    const paused = await opts.store.getSetting(PAUSED_KEY)
    if (Array.isArray(paused)) for (const id of paused) rt.paused.add(String(id))
    const engine = new Engine(rt, publicBase)
    engine.setRules(opts.rules)
    return engine
  }

  /** The daemon tells connectors where it listens once it does (unless `server.publicUrl` is set). */
  setListenAddress(url: string): void {
    if (!this.rt.config.server.publicUrl) this.publicBase.url = url
  }

  /** Swaps the whole rule set at once (reload). */
  setRules(rules: Rule[]): void {
    this.rt.rules = new RuleIndex(rules, validationEnv(this.rt.connections, this.rt.actions, this.rt.config))
  }

  /**
   * Pauses a rule at run time (kept in the store, so it survives restarts): matching events are recorded
   * as skipped matches and its waiting runs stay waiting until it is resumed (SEMANTICS.md §8, §9).
   */
  async pause(ruleId: string): Promise<void> {
    this.rt.paused.add(ruleId)
    await this.rt.store.setSetting(PAUSED_KEY, [...this.rt.paused].sort())
  }

  async resume(ruleId: string): Promise<void> {
    this.rt.paused.delete(ruleId)
    await this.rt.store.setSetting(PAUSED_KEY, [...this.rt.paused].sort())
  }

  /** Starts a scheduled rule's tick (once per tick, however often it is fired). */
  async fireSchedule(ruleId: string, firedAt: number): Promise<boolean> {
    const rule = this.rt.rules.get(ruleId)
    if (!rule || rule.schedules.length === 0) throw new CartwireError('ERR_RULE', `rule ${ruleId} has no schedule`)
    if (!rule.enabled || this.rt.paused.has(ruleId)) return false
    return (await this.rt.store.createRuns([scheduleTickRun(rule, firedAt)], this.rt.clock.now())) === 1
  }

  /** The webhook path without HTTP around it; answers what the server would. */
  receive(connectionId: string, req: IncomingRequest) {
    return receiveWebhook(this.rt, this.committer, connectionId, req)
  }

  poll(connectionId: string, signal?: AbortSignal) {
    return pollWalk(this.rt, connectionId, signal)
  }

  /** One round of every kind of work; returns how much was done. */
  async tick(limit = 32): Promise<number> {
    this.committer.flush()
    let done = await processDeliveries(this.rt, this.handlers, limit)
    done += await fireDueTimers(this.rt, this.handlers, limit)
    done += await runWork(this.rt, limit)
    return done
  }

  /** Ticks until a round finds nothing to do (timers not yet due are left for the clock). */
  async runUntilQuiet(maxRounds = 10_000): Promise<number> {
    let total = 0
    for (let round = 0; round < maxRounds; round++) {
      await this.committer.drain()
      const done = await this.tick()
      if (done === 0) return total
      total += done
    }
    throw new Error(`still busy after ${maxRounds} rounds`)
  }

  retryException(id: string, params?: JsonValue) {
    return retryException(this.rt, id, params)
  }

  skipException(id: string) {
    return skipException(this.rt, id)
  }

  resolveException(id: string, note: string) {
    return resolveException(this.rt, id, note)
  }

  /**
   * Retention (SEMANTICS.md §14): deletes events and snapshot history older than `retention.events` and
   * finished ledger rows older than `retention.ledger`; the store keeps each resource's latest state and
   * whatever an open exception or a waiting run references. Retention is also how customer data is erased.
   */
  async prune() {
    const now = this.rt.clock.now()
    const { events, ledger } = this.rt.config.retention
    return this.rt.store.prune({ now, eventsBefore: now - parseDuration(events), ledgerBefore: now - parseDuration(ledger) })
  }

  /** Starts connectors' background activity (`start` hooks); the daemon calls it once intake listens. */
  async startConnectors(): Promise<void> {
    for (const connection of this.rt.connections.values()) {
      try {
        await connection.instance.start?.()
      } catch (e) {
        throw wrapPluginError(e, { plugin: connection.definition.name, connection: connection.id })
      }
    }
  }

  async close(): Promise<void> {
    await this.committer.drain()
    for (const connection of this.rt.connections.values()) {
      await connection.instance.close?.()
      await connection.http.close()
    }
  }
}
