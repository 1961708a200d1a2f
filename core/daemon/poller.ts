import type { Engine } from '../engine/engine.js'
import { CartwireError, isCartwireError } from '../sdk/errors.js'
import type { Logger } from '../sdk/logger.js'

/**
 * Poll walks for the scheduler (SEMANTICS.md §11). Two walks of one connection never run at once: a
 * tick that finds the previous walk still going is skipped (the next walk starts from the same cursor
 * anyway). A failing walk raises one `connection` exception per failure streak — the first failure
 * after a success — and every failure is logged; a success ends the streak.
 */
export class Poller {
  private readonly walking = new Map<string, Promise<void>>()
  private readonly failing = new Set<string>()
  private readonly abort = new AbortController()

  constructor(
    private readonly engine: Pick<Engine, 'poll' | 'rt'>,
    private readonly log: Logger,
    /** pages went to the inbox: the workers should look */
    private readonly onWork: () => void,
  ) {}

  /** Starts a walk unless one runs; resolves when the walk (this one or the running one) ends. */
  walk(connectionId: string): Promise<void> {
    const running = this.walking.get(connectionId)
    if (running) {
      this.log.debug({ connection: connectionId }, 'poll tick skipped: the previous walk still runs')
      return running
    }
    if (this.abort.signal.aborted) return Promise.resolve()
    const walk = this.run(connectionId).finally(() => this.walking.delete(connectionId))
    this.walking.set(connectionId, walk)
    return walk
  }

  private async run(connectionId: string): Promise<void> {
    try {
      const result = await this.engine.poll(connectionId, this.abort.signal)
      if (this.failing.delete(connectionId)) this.log.info({ connection: connectionId }, 'polling works again')
      if (result.items > 0) this.onWork()
      this.log.debug({ connection: connectionId, pages: result.pages, items: result.items }, 'poll walk done')
    } catch (e) {
      if (this.abort.signal.aborted) return
      const error = isCartwireError(e) ? e : new CartwireError('ERR_PLUGIN', (e as Error).message ?? String(e), { cause: e, context: { connection: connectionId } })
      this.log.warn({ connection: connectionId, code: error.code, err: error.message }, 'poll walk failed; the cursor stays where it was')
      if (this.failing.has(connectionId)) return
      this.failing.add(connectionId)
      try {
        await this.engine.rt.store.recordException({ kind: 'connection', code: error.code, error: error.toJSON(), connection: connectionId, now: this.engine.rt.clock.now() })
      } catch (recordError) {
        this.log.error({ connection: connectionId, err: (recordError as Error).message }, 'could not record the connection exception')
      }
    }
  }

  /** Aborts running walks and waits for them (their pages already stored stay stored; the cursor does not move). */
  async stop(): Promise<void> {
    this.abort.abort()
    await Promise.all(this.walking.values())
  }
}
