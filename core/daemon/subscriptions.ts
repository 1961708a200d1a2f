import type { Engine } from '../engine/engine.js'
import { CartwireError, isCartwireError } from '../sdk/errors.js'
import type { Logger } from '../sdk/logger.js'

export interface SubscriptionWatch {
  /** one pass over every connection now (also what the timer runs) */
  check(): Promise<void>
  /** no more passes; waits for one under way, so nothing reaches the store after it closes */
  stop(): Promise<void>
}

/**
 * Keeps each platform's webhook subscriptions pointed at `server.publicUrl` while the daemon runs (what
 * `cartwire connectors sync` does once): a pass at start and one every `server.subscriptionsEvery`.
 * Platforms drop subscriptions on their own — Shopify deletes one after 19 failed deliveries in 48 h,
 * WooCommerce disables a webhook after 5 — and from then on only polling would see changes. A pass puts
 * back what was removed or disabled; that, or a problem the connector reports, or a failed pass, becomes
 * a `connection` exception (ERR_SUBSCRIPTION, or the failure's own code) for an operator to look into:
 * deliveries were probably lost on the platform's side while the subscription was gone.
 */
export function startSubscriptionWatch(engine: Pick<Engine, 'rt'>, log: Logger, opts: { publicUrl: string; everyMs: number }): SubscriptionWatch {
  const { rt } = engine
  let running: Promise<void> | undefined
  const record = async (connection: string, error: CartwireError) => {
    try {
      await rt.store.recordException({ kind: 'connection', code: error.code, error: error.toJSON(), connection, now: rt.clock.now() })
    } catch (e) {
      log.error({ connection, err: (e as Error).message }, 'could not record the connection exception')
    }
  }
  const pass = async () => {
    for (const [id, connection] of rt.connections) {
      const subscriptions = connection.instance.subscriptions
      if (!subscriptions) continue
      try {
        const report = await subscriptions.sync(opts.publicUrl)
        log.info({ connection: id, ...report }, 'webhook subscriptions checked')
        if (report.removed.length === 0 && report.problems.length === 0) continue
        const what = [
          ...(report.removed.length ? [`the platform had removed or disabled ${report.removed.join(', ')} (put back)`] : []),
          ...report.problems,
        ].join('; ')
        log.warn({ connection: id, removed: report.removed, problems: report.problems }, 'webhook subscriptions needed repair')
        await record(id, new CartwireError('ERR_SUBSCRIPTION', `${id}: ${what}`, { context: { connection: id }, details: { removed: report.removed, problems: report.problems } }))
      } catch (e) {
        const error = isCartwireError(e) ? e : new CartwireError('ERR_PLUGIN', (e as Error).message ?? String(e), { cause: e, context: { connection: id } })
        log.warn({ connection: id, code: error.code, err: error.message }, 'webhook subscriptions could not be checked')
        await record(id, error)
      }
    }
  }
  const check = () => (running ??= pass().finally(() => (running = undefined)))
  const timer = setInterval(() => void check(), opts.everyMs)
  timer.unref()
  return {
    check,
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
