import type { Runtime } from '../engine/runtime.js'
import { CartwireError } from '../sdk/errors.js'
import type { ClaimedRun } from '../store/contract.js'

/**
 * How long before the lease ends a call is aborted, so no effect lands after another worker may own it:
 * 2 s, or a quarter of a short lease.
 */
const abortMargin = (leaseMs: number) => Math.min(2_000, Math.floor(leaseMs / 4))

/**
 * Runs `fn` under the run's lease: a heartbeat renews the lease every third of its length, and the call
 * is aborted before the lease ends if renewal fails (lease lost, store down). Real timers: the lease is
 * about wall time the process spends in the call, whatever the injected clock says.
 */
export async function withLease<T>(rt: Runtime, claimed: ClaimedRun, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const abort = () => controller.abort(new CartwireError('ERR_ABORTED', `run ${claimed.run.id}: lease about to end`))
  let deadline = setTimeout(abort, Math.max(1, rt.leaseMs - abortMargin(rt.leaseMs)))
  const heartbeat = setInterval(() => {
    rt.store.renewLease(claimed.run.id, claimed.token, rt.clock.now() + rt.leaseMs).then(
      (ok) => {
        if (!ok) return abort()
        clearTimeout(deadline)
        deadline = setTimeout(abort, Math.max(1, rt.leaseMs - abortMargin(rt.leaseMs)))
      },
      () => undefined, // the deadline stands; the call is aborted if the store stays unreachable
    )
  }, Math.max(1, Math.floor(rt.leaseMs / 3)))
  try {
    return await fn(controller.signal)
  } finally {
    clearInterval(heartbeat)
    clearTimeout(deadline)
  }
}
