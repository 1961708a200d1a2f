import type { HttpPriority } from './http.js'

/**
 * A concurrency limiter with two classes, one per connection (SEMANTICS.md §10):
 * - intake (`poll`, `fetch`): what keeps cartwire's view of the platform current;
 * - `action`: what rules do to the platform.
 *
 * When slots are scarce, queued intake work is served before queued actions (FIFO within a class), and
 * actions never hold every slot: `reserved` slots (default 1 when `maxConcurrent ≥ 2`) are for intake
 * only. So a burst of a thousand actions leaves polls and thin-webhook fetches waiting for at most one
 * request to finish, never for the whole burst. Intake cannot starve actions in the same way in practice:
 * a poll walk is sequential and fetches come one per thin webhook.
 *
 * It limits concurrency only; platform rate limiters (leaky buckets, cost budgets) wrap `run` from the
 * outside, so the slot is held only while the request is really in flight.
 */
export interface PriorityLimiter {
  /**
   * Runs `task` once a slot its class may use is free. Aborting `signal` while queued removes the task
   * from the queue and rejects with `signal.reason`; once started, the task owns its own cancellation.
   */
  run<T>(priority: HttpPriority, task: () => Promise<T>, signal?: AbortSignal): Promise<T>
  /** requests in flight */
  readonly active: number
  /** requests waiting for a slot */
  readonly queued: number
}

interface Waiter {
  start(): void
  cancel(reason: unknown): void
}

export function createPriorityLimiter(opts: {
  /** slots in total */
  maxConcurrent: number
  /** slots actions may never take. @default maxConcurrent ≥ 2 ? 1 : 0 */
  reserved?: number
}): PriorityLimiter {
  const { maxConcurrent } = opts
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new RangeError(`maxConcurrent must be a positive integer, got ${maxConcurrent}`)
  const reserved = opts.reserved ?? (maxConcurrent >= 2 ? 1 : 0)
  if (!Number.isInteger(reserved) || reserved < 0 || reserved >= maxConcurrent) throw new RangeError(`reserved must be an integer in [0, ${maxConcurrent - 1}], got ${reserved}`)
  const actionSlots = maxConcurrent - reserved

  const intakeQueue: Waiter[] = []
  const actionQueue: Waiter[] = []
  let active = 0
  let activeActions = 0

  function pump(): void {
    while (active < maxConcurrent) {
      const next = intakeQueue.shift() ?? (activeActions < actionSlots ? actionQueue.shift() : undefined)
      if (next === undefined) return
      next.start()
    }
  }

  function run<T>(priority: HttpPriority, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const isAction = priority === 'action'
    const queue = isAction ? actionQueue : intakeQueue
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const onAbort = () => waiter.cancel(signal?.reason)
      const waiter: Waiter = {
        start() {
          signal?.removeEventListener('abort', onAbort)
          active++
          if (isAction) activeActions++
          // task() may throw synchronously; Promise.resolve().then turns that into a rejection too
          Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => {
              active--
              if (isAction) activeActions--
              pump()
            })
        },
        cancel(reason) {
          const at = queue.indexOf(waiter)
          if (at >= 0) queue.splice(at, 1)
          reject(reason)
        },
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      queue.push(waiter)
      pump()
    })
  }

  return {
    run,
    get active() {
      return active
    },
    get queued() {
      return intakeQueue.length + actionQueue.length
    },
  }
}
