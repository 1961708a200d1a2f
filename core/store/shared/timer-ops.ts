import type { NewTimer, Timer } from '../contract.js'
import { omitUndefined } from './plain-records.js'
import type { StoreTx } from './tx.js'

/** Schedules (or reschedules) a timer; its token never decreases, so an old claim stays fenced. */
export function scheduleTimer(tx: StoreTx, timer: NewTimer): void {
  const token = tx.getTimer(timer.id)?.token ?? 0
  tx.putTimer(omitUndefined({ ...timer, token, leaseUntil: null }))
}

/** Leases due timers: token + 1, so a completion with an older claim's token is refused. */
export function claimDueTimers(tx: StoreTx, now: number, leaseMs: number, limit: number): Timer[] {
  return tx.dueTimers(now, limit).map((timer) => {
    const leased: Timer = { ...timer, token: timer.token + 1, leaseUntil: now + leaseMs }
    tx.putTimer(leased)
    return leased
  })
}
