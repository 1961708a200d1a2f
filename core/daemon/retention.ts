import type { Engine } from '../engine/engine.js'
import type { Logger } from '../sdk/logger.js'

/** How often the daemon applies retention; the first pass runs a minute after start. */
const EVERY_MS = 60 * 60_000
const FIRST_MS = 60_000

/** Applies the config's retention (engine.prune) on a timer while the daemon runs; returns stop. */
export function startRetention(engine: Engine, log: Logger): () => void {
  const run = () =>
    engine.prune().then(
      (removed) => log.info({ ...removed }, 'retention applied'),
      (e: unknown) => log.error({ err: (e as Error).message }, 'retention failed; it is tried again at the next pass'),
    )
  const first = setTimeout(run, FIRST_MS)
  const every = setInterval(run, EVERY_MS)
  first.unref()
  every.unref()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}
