import type { Order } from '../../core/sdk/entities.js'
import type { TestcartServer } from '../fakes/testcart-server.js'
import { makeOrder } from '../support/entities.js'
import type { Random } from './random.js'

/** Versions per order: v1 created unpaid, v2 paid, v3.. updates (each changes the email, which names the version). */
export const VERSIONS = 4

/** One webhook as the platform would send it; `webhookId` repeats when the platform redelivers. */
export interface Delivery {
  orderId: string
  version: number
  webhookId: string
  kind: 'first' | 'duplicate' | 'stale'
}

export interface SenderLog {
  /** deliveries the daemon answered 2xx: the only ones the checker holds it to */
  acked: Delivery[]
  sent: number
  duplicates: number
  stale: number
  reordered: number
  /** answers by status; a 4xx to a signed delivery breaks SEMANTICS.md §3 */
  statuses: Record<number, number>
  failedSends: number
  /** every answer as it came (status 0: cut or timed out), to tell what intake did inside a fault's window */
  answers: Answer[]
}

export interface Answer {
  /** when the send started (epoch ms) */
  at: number
  status: number
  /** how long the answer took */
  ms: number
}

export function emailOf(orderId: string, version: number): string {
  return `v${version}.${orderId}@example.com`
}

/** The order as version `version` of it: updatedAt moves one second per version, after the baseline. */
export function orderVersion(orderId: string, version: number, base: number): Order {
  const at = new Date(base + version * 1000).toISOString()
  const paid = version >= 2
  return makeOrder({ id: orderId, number: orderId.replace(/\D/g, ''), createdAt: new Date(base).toISOString(), updatedAt: at, financialStatus: paid ? 'paid' : 'pending', rawStatus: paid ? 'paid' : 'pending', email: emailOf(orderId, version) })
}

const TOPIC = (version: number) => (version === 1 ? 'orders/create' : version === 2 ? 'orders/paid' : 'orders/updated')

/**
 * The delivery plan: orders' versions interleaved, then 20% of adjacent pairs swapped (reordered),
 * 30% of deliveries sent again later under the same webhook id (duplicates) and 10% stale retries — an
 * older version of the order sent again under a new id, as a platform retry queue does.
 */
export function planDeliveries(random: Random, total: number, prefix: string): { plan: Delivery[]; orders: string[]; reordered: number } {
  const orders: string[] = []
  const plan: Delivery[] = []
  let n = 0
  const firsts = Math.ceil(total / 1.4)
  while (plan.length < firsts) {
    const orderId = `${prefix}-${10_000 + orders.length}`
    orders.push(orderId)
    for (let v = 1; v <= VERSIONS; v++) plan.push({ orderId, version: v, webhookId: `wh-${orderId}-v${v}-${n++}`, kind: 'first' })
  }
  // interleave: orders overlap in time, like a busy shop
  plan.sort((a, b) => a.version + orders.indexOf(a.orderId) / 4 - (b.version + orders.indexOf(b.orderId) / 4))
  let reordered = 0
  for (let i = 0; i + 1 < plan.length; i++) {
    if (random.chance(0.2)) {
      ;[plan[i], plan[i + 1]] = [plan[i + 1], plan[i]]
      reordered++
      i++
    }
  }
  const extra: Array<[number, Delivery]> = []
  for (let i = 0; i < plan.length; i++) {
    const d = plan[i]
    if (random.chance(0.3)) extra.push([i + random.int(1, 40), { ...d, kind: 'duplicate' }])
    if (d.version > 1 && random.chance(0.1)) extra.push([i + random.int(1, 40), { ...d, version: random.int(1, d.version - 1), webhookId: `wh-stale-${n++}`, kind: 'stale' }])
  }
  for (const [at, d] of extra.sort((a, b) => b[0] - a[0])) plan.splice(Math.min(at, plan.length), 0, d)
  return { plan: plan.slice(0, total), orders, reordered }
}

/**
 * Posts the plan with `concurrency` connections. A delivery that is not answered 2xx (refused, cut by a
 * crash, timed out while the daemon is stopped) goes back to the end of the queue, as a platform
 * retries; the log records only 2xx answers.
 */
export function startSender(platform: TestcartServer, url: () => string | undefined, plan: Delivery[], base: number, concurrency = 4, paceMs = 0) {
  const log: SenderLog = { acked: [], sent: 0, duplicates: 0, stale: 0, reordered: 0, statuses: {}, failedSends: 0, answers: [] }
  const queue = plan.map((d) => ({ d, tries: 0 }))
  const created = new Set<string>()
  /** orders whose creation was never acknowledged: their later versions are not sent */
  const abandoned = new Set<string>()
  const one = async (item: { d: Delivery; tries: number }) => {
    const target = url()
    if (!target) {
      queue.push(item)
      return void (await new Promise((resolve) => setTimeout(resolve, 20)))
    }
    const { d } = item
    if (abandoned.has(d.orderId)) return
    if (d.version > 1 && !created.has(d.orderId)) {
      // later versions wait for the order's creation to be acknowledged: the checker can then tell which
      // events the acknowledged versions must have derived (an update into the newest one)
      queue.push(item)
      return void (await new Promise((resolve) => setTimeout(resolve, 2)))
    }
    const hook = platform.webhook(TOPIC(d.version), orderVersion(d.orderId, d.version, base), { webhookId: d.webhookId })
    log.sent++
    if (d.kind === 'duplicate') log.duplicates++
    if (d.kind === 'stale') log.stale++
    const at = Date.now()
    try {
      const res = await fetch(target, { method: 'POST', headers: hook.headers, body: hook.rawBody, signal: AbortSignal.timeout(8000) })
      await res.arrayBuffer()
      log.statuses[res.status] = (log.statuses[res.status] ?? 0) + 1
      log.answers.push({ at, status: res.status, ms: Date.now() - at })
      if (res.status >= 200 && res.status < 300) {
        if (d.version === 1) created.add(d.orderId)
        return void log.acked.push(d)
      }
    } catch {
      log.failedSends++
      log.answers.push({ at, status: 0, ms: Date.now() - at })
    }
    if (++item.tries < 20) queue.push(item)
    else if (d.version === 1 && !created.has(d.orderId)) abandoned.add(d.orderId)
    // pace the retry loop while the daemon is down (an unanswered send is not a wait for work)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  let pace = paceMs
  const loops = Array.from({ length: concurrency }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      await one(item)
      if (pace) await new Promise((resolve) => setTimeout(resolve, pace))
    }
  })
  const done = Promise.all(loops).then(() => log)
  /** `setPace(ms)` changes the wait between sends, e.g. to keep a trickle through a long life without spending the plan */
  return { log, done, remaining: () => queue.length, setPace: (ms: number) => void (pace = ms) }
}
