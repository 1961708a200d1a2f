import type { Clock, HttpClient, Logger } from '../../core/sdk/index.js'
import type { OutboxEntry } from './data.js'
import type { SandboxState } from './state.js'
import { webhookRequest, type PayloadMode } from './webhooks.js'

/**
 * Sends the outbox to the daemon's own `/webhooks/:connection`, the way a platform sends webhooks: in
 * order, each change once accepted (2xx) and then removed, a refused or failed one retried with the same
 * delivery id after 1 s, 2 s, 4 s … (at most 10 minutes apart) and dropped after `MAX_ATTEMPTS` — the
 * poll backstop finds what was dropped. The outbox lives in the data file, so what was queued before a
 * restart is sent after it; a crash between a POST and the outbox write resends it, and the inbox drops
 * the copy by its delivery id.
 */
export const MAX_ATTEMPTS = 8
const FIRST_RETRY_MS = 1_000
const MAX_RETRY_MS = 10 * 60_000
const TIMEOUT_MS = 10_000

export interface DelivererDeps {
  state: SandboxState
  clock: Clock
  http: HttpClient
  log: Logger
  url(): string
  /** the signing secret */
  secret(): string
  payload: PayloadMode
}

export class Deliverer {
  private running = false
  private inFlight?: Promise<number>
  private queued?: Promise<number>
  private retryTimer?: NodeJS.Timeout
  private abort = new AbortController()

  constructor(private readonly deps: DelivererDeps) {}

  start(): void {
    if (this.running) return
    this.running = true
    this.abort = new AbortController()
    this.kick()
  }

  /** Stops sending; a POST in flight is aborted and stays in the outbox for the next start. */
  async stop(): Promise<void> {
    this.running = false
    clearTimeout(this.retryTimer)
    this.abort.abort()
    await Promise.allSettled([this.inFlight, this.queued])
  }

  /** Something was queued: send it soon (only while started). */
  kick(): void {
    if (this.running) void this.deliverNow().catch((e) => this.deps.log.error({ err: (e as Error).message }, 'sandbox delivery pass failed'))
  }

  /**
   * One pass over the due entries, after the pass in flight (passes never overlap, so nothing is sent
   * twice by this process); calls while a pass waits share it. Resolves with how many were accepted.
   */
  deliverNow(): Promise<number> {
    if (this.queued) return this.queued
    const next = (async () => {
      await this.inFlight?.catch(() => 0)
      this.queued = undefined
      this.inFlight = this.pass()
      return this.inFlight
    })()
    this.queued = next
    return next
  }

  private async pass(): Promise<number> {
    const { state, clock, log } = this.deps
    const pending = state.read().outbox
    const due = pending.filter((entry) => entry.nextAttemptAt <= clock.now())
    const accepted = new Map<string, boolean>()
    for (const entry of due) {
      if (this.abort.signal.aborted) break
      accepted.set(entry.deliveryId, await this.send(entry))
    }
    if (accepted.size === 0) {
      this.scheduleRetry(pending)
      return 0
    }
    const outbox = state.update((data) => {
      const now = clock.now()
      data.outbox = data.outbox.flatMap((entry): OutboxEntry[] => {
        const ok = accepted.get(entry.deliveryId)
        if (ok === undefined) return [entry]
        if (ok) return []
        const attempts = entry.attempts + 1
        if (attempts >= MAX_ATTEMPTS) {
          log.warn({ topic: entry.topic, id: entry.id, deliveryId: entry.deliveryId, attempts }, 'sandbox webhook dropped after its last attempt; the next poll finds the change')
          return []
        }
        return [{ ...entry, attempts, nextAttemptAt: now + Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempts - 1)) }]
      })
      return data.outbox
    })
    this.scheduleRetry(outbox)
    return [...accepted.values()].filter(Boolean).length
  }

  private async send(entry: OutboxEntry): Promise<boolean> {
    const { http, log } = this.deps
    const req = webhookRequest(entry, entry.deliveryId, this.deps.secret(), this.deps.payload)
    try {
      const res = await http.request({ method: 'POST', url: this.deps.url(), headers: req.headers as Record<string, string>, body: req.rawBody, timeoutMs: TIMEOUT_MS, signal: this.abort.signal })
      if (res.status >= 200 && res.status < 300) return true
      log.warn({ topic: entry.topic, id: entry.id, status: res.status }, 'sandbox webhook refused; it will be retried')
    } catch (e) {
      log.warn({ topic: entry.topic, id: entry.id, err: (e as Error).message }, 'sandbox webhook not delivered; it will be retried')
    }
    return false
  }

  private scheduleRetry(outbox: readonly OutboxEntry[]): void {
    clearTimeout(this.retryTimer)
    if (!this.running || outbox.length === 0) return
    const earliest = Math.min(...outbox.map((entry) => entry.nextAttemptAt))
    this.retryTimer = setTimeout(() => this.kick(), Math.max(0, earliest - this.deps.clock.now()))
    this.retryTimer.unref()
  }
}
