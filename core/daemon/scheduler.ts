import cron, { type Logger as CronLogger, type ScheduledTask, type TaskOptions } from 'node-cron'
import type { Engine } from '../engine/engine.js'
import { CartwireError } from '../sdk/errors.js'
import type { Logger } from '../sdk/logger.js'
import { planCatchUp } from './catch-up.js'
import { Poller } from './poller.js'

/** A connection's polling backstop when its config says nothing (`poll: false` turns it off). */
export const DEFAULT_POLL = '*/5 * * * *'

/** The store setting holding the last tick the scheduler handled for a rule (epoch ms). */
export const lastTickKey = (ruleId: string) => `schedule.last.${ruleId}`

export interface SchedulerOptions {
  /** config.catchUpWindow in ms */
  catchUpWindowMs: number
  /** a tick created a run or a walk stored pages: wake the workers */
  onWork(): void
}

/**
 * The daemon's clock-driven work, on node-cron: each connection's polling schedule
 * (`connections[].poll`, in the connection's timezone) and each scheduled rule's triggers (in the
 * trigger's timezone, else the config's). A rule tick calls `engine.fireSchedule(rule, tick)`, which
 * starts the tick's run once however often it is fired, then records the tick in the store
 * (`schedule.last.<rule>`); so a crash between the two fires the same tick again, harmlessly.
 *
 * Catch-up (SEMANTICS.md §14): at start, the ticks a rule missed since its recorded tick are looked
 * up (catch-up.ts); the latest one within `catchUpWindow` runs once, older ones are skipped and
 * logged. A rule seen for the first time has missed nothing. Reload re-registers the rules' tasks
 * without catching up (the daemon was not down).
 */
export class Scheduler {
  readonly poller: Poller
  private ruleTasks: ScheduledTask[] = []
  private pollTasks: ScheduledTask[] = []
  private readonly firing = new Set<Promise<void>>()
  private readonly cronOptions: TaskOptions

  constructor(private readonly engine: Pick<Engine, 'rt' | 'poll' | 'fireSchedule'>, private readonly log: Logger, private readonly opts: SchedulerOptions) {
    this.poller = new Poller(engine, log, opts.onWork)
    // a tick that comes late because the loop was busy still runs (node-cron would drop it after 1 s)
    this.cronOptions = { missedExecutionTolerance: 60_000, suppressMissedWarning: true, logger: cronLogger(log) }
  }

  async start(): Promise<void> {
    for (const connection of this.engine.rt.connections.values()) {
      const pattern = connection.config.poll === undefined ? DEFAULT_POLL : connection.config.poll
      if (pattern === false || !connection.instance.poll) continue
      const where = `connections[${connection.id}].poll`
      this.pollTasks.push(this.task(pattern, connection.timezone, `poll:${connection.id}`, where, () => void this.poller.walk(connection.id)))
    }
    await this.scheduleRules(true)
  }

  /** After a reload: the scheduled rules of the new set replace the old ones' tasks. */
  async rulesChanged(): Promise<void> {
    for (const task of this.ruleTasks.splice(0)) await task.destroy()
    await this.scheduleRules(false)
  }

  async stop(): Promise<void> {
    for (const task of [...this.ruleTasks.splice(0), ...this.pollTasks.splice(0)]) await task.destroy()
    await Promise.all(this.firing)
    await this.poller.stop()
  }

  private async scheduleRules(catchUp: boolean): Promise<void> {
    const { store, clock, config } = this.engine.rt
    const now = clock.now()
    for (const rule of this.engine.rt.rules.scheduled()) {
      const stored = await store.getSetting(lastTickKey(rule.id))
      const last = typeof stored === 'number' ? stored : undefined
      for (const trigger of rule.schedules) {
        const where = `${rule.file}: on.schedule`
        const task = this.task(trigger.schedule, trigger.timezone ?? config.timezone, `rule:${rule.id}`, where, (date) => this.fire(rule.id, date.getTime(), 'tick'))
        this.ruleTasks.push(task)
        if (!catchUp) continue
        const plan = planCatchUp(task, trigger.schedule, last, now, this.opts.catchUpWindowMs)
        if (plan.skipped !== undefined) {
          this.log.warn({ rule: rule.id, tick: new Date(plan.skipped).toISOString(), catchUpWindow: config.catchUpWindow }, 'missed schedule tick skipped: it is older than catchUpWindow')
        }
        if (plan.fire !== undefined) await this.fire(rule.id, plan.fire, 'catch-up')
      }
      if (last === undefined || last < now) await store.setSetting(lastTickKey(rule.id), now)
    }
  }

  private task(pattern: string, timezone: string, name: string, where: string, onTick: (date: Date) => unknown): ScheduledTask {
    let task: ScheduledTask
    try {
      task = cron.createTask(pattern, (ctx) => void onTick(ctx.date), { ...this.cronOptions, timezone, name })
    } catch (e) {
      throw new CartwireError('ERR_CONFIG', `${where}: "${pattern}" (${timezone}): ${(e as Error).message}`)
    }
    void task.start()
    return task
  }

  private fire(ruleId: string, tick: number, why: 'tick' | 'catch-up'): Promise<void> {
    const { store } = this.engine.rt
    const firing = (async () => {
      try {
        const started = await this.engine.fireSchedule(ruleId, tick)
        const stored = await store.getSetting(lastTickKey(ruleId))
        if (typeof stored !== 'number' || stored < tick) await store.setSetting(lastTickKey(ruleId), tick)
        this.log.info({ rule: ruleId, tick: new Date(tick).toISOString(), started, why }, started ? 'schedule fired' : 'schedule tick not started (paused, disabled or already started)')
        if (started) this.opts.onWork()
      } catch (e) {
        this.log.error({ rule: ruleId, tick: new Date(tick).toISOString(), err: (e as Error).message }, 'schedule tick failed')
      }
    })()
    this.firing.add(firing)
    return firing.finally(() => this.firing.delete(firing))
  }
}

/** node-cron's own messages go to the daemon's log instead of the console. */
function cronLogger(log: Logger): CronLogger {
  const text = (m: string | Error, err?: Error) => ({ err: (err ?? (m instanceof Error ? m : undefined))?.message, msg: m instanceof Error ? m.message : m })
  return {
    info: (m) => log.info({ source: 'node-cron' }, m),
    warn: (m) => log.warn({ source: 'node-cron' }, m),
    error: (m, err) => log.error({ source: 'node-cron', err: text(m, err).err }, text(m, err).msg),
    debug: (m, err) => log.debug({ source: 'node-cron', err: text(m, err).err }, text(m, err).msg),
  }
}
