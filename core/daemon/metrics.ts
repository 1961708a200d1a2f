import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'
import type { Logger } from '../sdk/logger.js'
import type { Store, StoreCounts } from '../store/contract.js'

const RUN_STATES = ['queued', 'running', 'retry_wait', 'mutex_wait', 'waiting', 'suspended', 'done', 'ended'] as const
const STEP_STATES = ['pending', 'reserved', 'done', 'retry_wait', 'failed', 'skipped', 'in_doubt'] as const
const EXCEPTION_STATES = ['open', 'retried', 'skipped', 'resolved'] as const

/**
 * The daemon's Prometheus metrics (`GET /metrics` on the admin listener). Kept small and honest: store
 * gauges are read from the store at scrape time (`store.counts()`, one read), counters count what this
 * process saw since it started (they reset on restart, as Prometheus counters may), and the loop lag is
 * measured, not estimated.
 */
export class Metrics {
  private readonly intake = new Map<number, number>()
  private readonly outcomes = new Map<string, number>()
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 })
  /** webhook requests being read or committed right now (the workers yield to intake while it is > 0) */
  intakeInFlight = 0

  constructor() {
    this.delay.enable()
  }

  /** every answer on /webhooks/*, by HTTP status */
  intakeRequest(status: number): void {
    this.intake.set(status, (this.intake.get(status) ?? 0) + 1)
  }

  /** every step outcome line the engine logs (done, retry, failed, in_doubt) */
  stepOutcome(outcome: string): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1)
  }

  async render(store: Pick<Store, 'counts'>, runsInFlight: number): Promise<string> {
    const counts: StoreCounts = await store.counts()
    const lag = this.delay.count > 0 ? this.delay.percentile(99) / 1e9 : 0
    this.delay.reset()
    const out: string[] = []
    const family = (name: string, type: 'gauge' | 'counter', help: string, samples: Array<[string, number]>) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
      for (const [labels, value] of samples) out.push(`${name}${labels} ${value}`)
    }
    const byState = (states: readonly string[], values: Partial<Record<string, number>>) => states.map((s): [string, number] => [`{state="${s}"}`, values[s] ?? 0])
    family('cartwire_deliveries', 'gauge', 'Inbox deliveries by state.', byState(['pending', 'done', 'failed'], counts.deliveries))
    family('cartwire_events', 'gauge', 'Stored canonical events.', [['', counts.events]])
    family('cartwire_runs', 'gauge', 'Rule runs by state.', byState(RUN_STATES, counts.runs))
    family('cartwire_ledger_steps', 'gauge', 'Ledger steps by state.', byState(STEP_STATES, counts.ledger))
    family('cartwire_exceptions', 'gauge', 'Exceptions by state.', byState(EXCEPTION_STATES, counts.exceptions))
    family('cartwire_timers', 'gauge', 'Pending durable timers (waits).', [['', counts.timers]])
    family('cartwire_intake_requests_total', 'counter', 'Webhook requests answered since start, by HTTP status.', sorted(this.intake).map(([s, n]): [string, number] => [`{status="${s}"}`, n]))
    family('cartwire_step_outcomes_total', 'counter', 'Step outcomes since start (done, retry, failed, in_doubt).', sorted(this.outcomes).map(([o, n]): [string, number] => [`{outcome="${o}"}`, n]))
    family('cartwire_intake_in_flight', 'gauge', 'Webhook requests being read or committed now.', [['', this.intakeInFlight]])
    family('cartwire_worker_runs_in_flight', 'gauge', 'Runs the workers are executing now.', [['', runsInFlight]])
    family('cartwire_worker_loop_lag_seconds', 'gauge', 'Event-loop delay p99 since the previous scrape: how late the worker loops and intake run.', [['', round(lag)]])
    family('cartwire_process_resident_memory_bytes', 'gauge', 'Resident set size.', [['', process.memoryUsage.rss()]])
    return out.join('\n') + '\n'
  }

  close(): void {
    this.delay.disable()
  }
}

function sorted<K extends string | number>(map: Map<K, number>): Array<[K, number]> {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

function round(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6
}

/**
 * The engine logs one info line per step outcome (`{ outcome }` field); this wrapper counts them on the
 * way through, so the metric and the log can never disagree. Children are not wrapped: the engine logs
 * outcomes on its root logger.
 */
export function countingLogger(log: Logger, metrics: Metrics): Logger {
  // forwarded with the caller's arity: pino reads a second argument as a message or a format argument
  const forward = (level: 'debug' | 'info' | 'warn' | 'error') => (obj: object | string, msg?: string) => (msg === undefined ? log[level](obj) : log[level](obj, msg))
  const info = forward('info')
  return {
    debug: forward('debug'),
    info(obj, msg) {
      if (typeof obj === 'object' && obj !== null && typeof (obj as { outcome?: unknown }).outcome === 'string') metrics.stepOutcome((obj as { outcome: string }).outcome)
      info(obj, msg)
    },
    warn: forward('warn'),
    error: forward('error'),
    child: (bindings) => log.child(bindings),
  }
}
