import type { Order } from '../../core/sdk/entities.js'
import { until } from '../daemon/daemon-env.js'
import type { TestcartServer } from '../fakes/testcart-server.js'
import type { DaemonLives } from './daemon-life.js'
import type { FaultProxy } from './fault-proxy.js'
import { orderVersion, type SenderLog } from './sender.js'

/** The poll-only connection: its own fake platform behind the proxy under this prefix, never sent a webhook. */
export const SHELF = 'shelf'

/** The shelf's orders by what the merchant does to them while the poller is paused. */
export interface ShelfPlan {
  /** exist unpaid (v1) before the pause and become paid (v2) in it */
  paid: string[]
  /** exist paid (v2) before the pause and change their email (v3) in it */
  emailed: string[]
  /** created already paid (v2) in the pause */
  created: string[]
}

export interface PollPauseReport {
  /** windows in which every list request was held (one per run) */
  windows: number
  /** their total length */
  ms: number
  /** list requests the poller sent into the windows */
  held: number
  /** webhooks acknowledged 2xx inside the windows: intake kept working while polling stood still */
  ackedDuring: number
  /** the effect logs' lengths when polling resumed: an effect of a paused change before them is early */
  releasedAt?: { shelf: number; sink: number }
  /** from the release to the first complete walk */
  resumedWalkMs?: number
  /** why a window did not happen or the resumed poll was not seen */
  problems: string[]
}

/** The shelf before the daemon's first life: the `paid` and `emailed` orders, `perChange` of each. */
export function planShelf(shelf: TestcartServer, prefix: string, perChange: number, base: number): ShelfPlan {
  const ids = (what: string) => Array.from({ length: perChange }, (_, i) => `${prefix}-${what}-${10_000 + i}`)
  const plan: ShelfPlan = { paid: ids('paid'), emailed: ids('emailed'), created: ids('created') }
  shelf.now = base
  for (const id of plan.paid) shelf.put(orderVersion(id, 1, base))
  for (const id of plan.emailed) shelf.put(orderVersion(id, 2, base))
  return plan
}

/** The platform's clock moves on a second and stamps `order` (as the fake does for its own writes). */
function stamp(shelf: TestcartServer, order: Order): void {
  shelf.now = Math.max(shelf.now, Date.parse(order.updatedAt) + 1000)
  order.updatedAt = new Date(Math.floor(shelf.now / 1000) * 1000).toISOString()
}

/**
 * The merchant's edits in the admin, which send no webhook here: the order takes version `version`'s
 * email and payment state in place (tags, notes and fulfillments the daemon wrote stay), a new order
 * is stored already at that version.
 */
function merchantEdit(shelf: TestcartServer, id: string, version: number, base: number): void {
  const next = orderVersion(id, version, base)
  const order = shelf.orders.get(id)
  if (!order) {
    stamp(shelf, next)
    shelf.put(next)
    return
  }
  Object.assign(order, { email: next.email, financialStatus: next.financialStatus, rawStatus: next.rawStatus })
  stamp(shelf, order)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The poller paused and resumed, inside one daemon life (`DaemonLives.randomLife`'s `during`): once a
 * walk has stored the shelf as it was, the proxy holds every list request; when none is in flight any
 * more the merchant edits the shelf (no webhook tells the daemon), the window stays shut for `holdMs`
 * (and until the poller has sent a request into it) while the sender's webhooks go on being
 * acknowledged, then the held requests go through. The life ends (SIGKILL at a random moment) only
 * after a walk that started after the release completed, so the changes are in the inbox; checkShelf
 * (checker.ts) then holds each to one effect, after the release.
 */
export function pollPause(opts: { lives: DaemonLives; proxy: FaultProxy; shelf: TestcartServer; sink: TestcartServer; log: SenderLog; plan: ShelfPlan; base: number; holdMs: number }) {
  const { lives, proxy, shelf, sink, log, plan, base, holdMs } = opts
  const report: PollPauseReport = { windows: 0, ms: 0, held: 0, ackedDuring: 0, problems: [] }
  // no daemon runs when this is called: a final page the last life was sent completes no walk now
  proxy.forgetWalk()
  const walksBefore = proxy.polls.walksCompleted
  const during = async (): Promise<void> => {
    if (!lives.webhookUrl) return void report.problems.push('the life meant for the poll pause died before ready')
    try {
      await until(() => proxy.polls.walksCompleted > walksBefore, 'a complete poll walk before the pause', 20_000, 20)
    } catch (e) {
      return void report.problems.push((e as Error).message)
    }
    proxy.holdPolls()
    const from = Date.now()
    const heldBefore = proxy.polls.held
    let edited = false
    try {
      // a page already on its way was read from the platform as it was; the edits come after it
      await until(() => proxy.polls.inFlight === 0, 'list requests in flight to be answered', 10_000, 5)
      for (const id of plan.paid) merchantEdit(shelf, id, 2, base)
      for (const id of plan.emailed) merchantEdit(shelf, id, 3, base)
      for (const id of plan.created) merchantEdit(shelf, id, 2, base)
      edited = true
      await sleep(Math.max(0, holdMs - (Date.now() - from)))
      // a walk caught in a hung call tries again only after the proxy cuts it: the window stays shut
      // until the poller has knocked on it at least once, or nothing was paused
      await until(() => proxy.polls.held > heldBefore, 'the poller to send a list request into the window', 15_000, 20)
    } catch (e) {
      report.problems.push((e as Error).message)
    } finally {
      report.releasedAt = { shelf: shelf.effects.length, sink: sink.effects.length }
      const walksAtRelease = proxy.polls.walksCompleted
      proxy.releasePolls()
      const to = Date.now()
      if (edited) {
        report.windows++
        report.ms += to - from
        report.held += proxy.polls.held - heldBefore
        report.ackedDuring += log.answers.filter((a) => a.status >= 200 && a.status < 300 && a.at >= from && a.at + a.ms <= to).length
      }
      try {
        await until(() => proxy.polls.walksCompleted > walksAtRelease, 'a complete poll walk after the release', 20_000, 20)
        report.resumedWalkMs = Date.now() - to
      } catch (e) {
        report.problems.push((e as Error).message)
      }
    }
  }
  return { report, during }
}
