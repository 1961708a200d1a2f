import type { Engine } from '../engine/engine.js'
import { executeRun } from '../execution/run-executor.js'
import { fireDueTimers } from '../execution/waits.js'
import { processDeliveries } from '../intake/decode.js'
import type { Logger } from '../sdk/logger.js'

export interface WorkerOptions {
  /** runs executed at once. @default config.workers */
  concurrency?: number
  /** how often an idle daemon looks at the store for due timers and retries. @default 250 */
  idleMs?: number
  /** deliveries or timers claimed at once. @default 32 */
  batch?: number
  /** intake is busy (webhook requests in flight): decoding then takes at most DECODE_SHARE of the time */
  intakeBusy?: () => boolean
}

/** What may have become claimable: new deliveries, due timers, runnable runs. */
export type WorkKind = 'deliveries' | 'timers' | 'runs'
const ALL: readonly WorkKind[] = ['deliveries', 'timers', 'runs']

/**
 * While webhooks are arriving, decoding (the CPU-heavy part: parse, schema check, change detection)
 * takes at most this share of the event loop; acknowledging webhooks gets the rest. Why: the inbox is
 * durable, so decoding can lag during a burst, while a slow acknowledgement makes platforms time out
 * and redeliver (more load). Measured here (2 cores, 4 KB orders, 50 connections): decoding every
 * delivery as it arrived cut intake to about a third. Under sustained overload decoding still
 * progresses at this share, and the backlog shows as `cartwire_deliveries{state="pending"}`.
 */
export const DECODE_SHARE = 0.25

/**
 * The loops that drive the engine in the daemon. One scheduling loop keeps three kinds of work going:
 * - decoding deliveries: one batch at a time, so change detection stays serial (SEMANTICS.md §6);
 * - firing due timers (waits): one batch at a time;
 * - executing runs: up to `concurrency` at once, claimed from the store by lanes.
 *
 * The loop claims a kind of work only when something says there may be some: `wake(kind)` (a delivery
 * was acked, a schedule fired, an operator retried), a finished run (its slot is free, its lane may
 * have a next run), a batch that found work (there may be more; decoding creates runs), or the idle
 * interval (timers and retry backoff come due with time alone). A wake for work that cannot start now
 * (decoding is under way) only marks it wanted, so a flood of webhooks costs no store round trips
 * here, and a pass that finds nothing wakes nothing: no busy spin.
 *
 * `stop()` drains: no new claims; in-flight runs and the batch being decoded finish.
 */
export class Workers {
  private readonly runs = new Set<Promise<void>>()
  private decoding: Promise<void> | undefined
  private timers: Promise<void> | undefined
  private readonly wanted = new Set<WorkKind>(ALL)
  private sleeper: (() => void) | undefined
  private stopping = false
  private loop: Promise<void> | undefined
  private failing = false
  private readonly concurrency: number
  private readonly idleMs: number
  private readonly batch: number
  private readonly intakeBusy: () => boolean

  constructor(private readonly engine: Pick<Engine, 'rt' | 'handlers'>, private readonly log: Logger, opts: WorkerOptions = {}) {
    this.concurrency = opts.concurrency ?? engine.rt.config.workers
    this.idleMs = opts.idleMs ?? 250
    this.batch = opts.batch ?? 32
    this.intakeBusy = opts.intakeBusy ?? (() => false)
  }

  start(): void {
    this.loop ??= this.schedule()
  }

  /** Something of these kinds may be claimable now. */
  wake(...kinds: WorkKind[]): void {
    for (const kind of kinds.length ? kinds : ALL) this.wanted.add(kind)
    if (this.startable()) this.rouse()
  }

  get runsInFlight(): number {
    return this.runs.size
  }

  async stop(): Promise<void> {
    this.stopping = true
    this.rouse()
    await this.loop
    await Promise.all([...this.runs, this.decoding, this.timers])
  }

  private startable(): boolean {
    return (this.wanted.has('deliveries') && !this.decoding) || (this.wanted.has('timers') && !this.timers) || (this.wanted.has('runs') && this.runs.size < this.concurrency)
  }

  private rouse(): void {
    const sleeper = this.sleeper
    this.sleeper = undefined
    sleeper?.()
  }

  private async schedule(): Promise<void> {
    while (!this.stopping) {
      await this.pass()
      if (this.stopping || this.startable()) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          // time alone makes timers and retry backoff due
          for (const kind of ALL) this.wanted.add(kind)
          this.rouse()
        }, this.idleMs)
        this.sleeper = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  }

  private async pass(): Promise<void> {
    const { rt, handlers } = this.engine
    if (this.wanted.has('deliveries') && !this.decoding) {
      this.wanted.delete('deliveries')
      this.decoding = this.task(() => this.decode(), ['deliveries', 'runs'], () => (this.decoding = undefined))
    }
    if (this.wanted.has('timers') && !this.timers) {
      this.wanted.delete('timers')
      this.timers = this.task(async () => (await fireDueTimers(rt, handlers, this.batch)) > 0, ['timers', 'runs'], () => (this.timers = undefined))
    }
    const free = this.concurrency - this.runs.size
    if (!this.wanted.has('runs') || free <= 0) return
    this.wanted.delete('runs')
    const claimed = (await this.guard(() => rt.store.claimWork(rt.owner, rt.clock.now(), rt.leaseMs, free))) ?? []
    // a full claim may have left runnable runs behind
    if (claimed.length === free) this.wanted.add('runs')
    for (const c of claimed) {
      const running: Promise<void> = executeRun(rt, c)
        // a defect: the run keeps its lease until it expires and is then recovered like after a crash
        .catch((e: unknown) => this.log.error({ run: c.run.id, err: (e as Error).stack ?? String(e) }, 'run executor failed'))
        .finally(() => {
          this.runs.delete(running)
          this.wake('runs')
        })
      this.runs.add(running)
    }
  }

  /** One batch; while intake is busy, a pause after it keeps decoding to DECODE_SHARE of the time. */
  private async decode(): Promise<boolean> {
    const { rt, handlers } = this.engine
    const started = performance.now()
    const found = (await processDeliveries(rt, handlers, this.batch)) > 0
    if (found && this.intakeBusy() && !this.stopping) {
      const pause = ((performance.now() - started) * (1 - DECODE_SHARE)) / DECODE_SHARE
      await new Promise((resolve) => setTimeout(resolve, pause))
    }
    return found
  }

  /** Runs a background task; when it found work, there may be more of `then` (see the class comment). */
  private task(work: () => Promise<boolean>, then: WorkKind[], cleared: () => void): Promise<void> {
    return this.guard(work).then((found) => {
      cleared()
      if (found) this.wake(...then)
      else if (this.startable()) this.rouse()
    })
  }

  /** Store trouble (locked, busy, disk) is logged once per streak; the loop retries at the idle interval. */
  private async guard<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await work()
      if (this.failing) this.log.info({}, 'workers: the store answers again')
      this.failing = false
      return result
    } catch (e) {
      if (!this.failing) this.log.error({ err: (e as Error).message }, 'workers: the store failed; retrying at the idle interval')
      this.failing = true
      return undefined
    }
  }
}
