import { CartwireError, parseTimestamp, type Decoded, type JsonValue, type Logger, type PollPage } from '../../core/sdk/index.js'
import type { RestOptions, WooRest } from './rest.js'
import type { Builder } from './snapshots.js'
import type { WooOrder, WooProduct } from './woo-types.js'

/**
 * The polling backstop (SEMANTICS.md §11). It is not optional on WooCommerce: a delivery is sent once
 * and never retried, and after more than 5 consecutive failures WooCommerce disables the webhook.
 *
 * One walk lists orders, then products, each with `modified_after`, `dates_are_gmt=true`,
 * `orderby=modified&order=asc` and `per_page` ≤ 100 — and seeks instead of paging. `page=N` over a
 * fixed filter drifts: a record modified during the walk leaves the early pages and moves to the end,
 * so every later record shifts forward one place and the one at a page boundary is never read. Here
 * each request starts from the last modification time seen (`modified_after` is strict, so the
 * request asks for "after T − 1 s" and drops the ids already read at T). WooCommerce orders by
 * (modified, ID), so only records sharing one second can need an offset — and then the request starts
 * one record early and checks that this record is the last one read; if records moved, the tied second
 * is read again from its start. A record modified during the walk is simply read again at its new time.
 *
 * The cursor stored when the walk completes is `walkStart − overlap`, walkStart being the platform's
 * clock (the `Date` header of the walk's first answer): records modified while the walk ran — and
 * anything a clock skew hides — are covered by the next walk.
 */
const MAX_TIE_RESTARTS = 100

interface Listed {
  id: number
  date_modified_gmt: string
}

export interface PollSettings {
  pageSize: number
  overlapMs: number
  products: boolean
}

const gmt = (ms: number) => new Date(ms).toISOString().slice(0, 19)
const modifiedMs = (r: Listed) => parseTimestamp(r.date_modified_gmt, { assumeUtc: true })

/** One resource list walked by seek; yields the records not yet read in this walk, page by page. */
export async function* seekWalk<T extends Listed>(
  list: (query: Record<string, string | number>) => Promise<{ items: T[]; date?: string }>,
  startMs: number | null,
  pageSize: number,
  onFirstAnswer: (date: string | undefined) => void,
): AsyncGenerator<T[]> {
  let floor = startMs
  let seenAtFloor = new Set<number>()
  let offset = 0
  let expect: number | null = null
  let restarts = 0
  let first = true
  for (;;) {
    const query: Record<string, string | number> = { orderby: 'modified', order: 'asc', per_page: pageSize, dates_are_gmt: 'true' }
    if (floor !== null) query.modified_after = gmt(floor - 1000)
    if (offset > 0) query.offset = offset - 1
    const { items: page, date } = await list(query)
    if (first) onFirstAnswer(date)
    first = false
    let items = page
    if (offset > 0) {
      if (page[0]?.id !== expect) {
        // records of the tied second moved: read the second again from its start
        if (++restarts > MAX_TIE_RESTARTS) throw new CartwireError('ERR_UPSTREAM', `records modified at ${gmt(floor ?? 0)} kept changing during the walk`)
        offset = 0
        expect = null
        continue
      }
      items = page.slice(1)
    }
    yield items.filter((r) => floor === null || modifiedMs(r) > floor || (modifiedMs(r) === floor && !seenAtFloor.has(r.id)))
    if (page.length < pageSize || items.length === 0) return
    const last = items[items.length - 1]
    const lastMs = modifiedMs(last)
    const atLast = items.filter((r) => modifiedMs(r) === lastMs).map((r) => r.id)
    if (floor === null || lastMs > floor) {
      floor = lastMs
      seenAtFloor = new Set(atLast)
      offset = 0
      expect = null
    } else {
      for (const id of atLast) seenAtFloor.add(id)
      offset += items.length
      expect = last.id
    }
  }
}

export function createPoll(rest: WooRest, build: Builder, settings: PollSettings, log: Logger, now: () => number) {
  return async function* poll(cursor: JsonValue | null, signal: AbortSignal): AsyncIterable<PollPage> {
    const state = (cursor ?? {}) as { orders?: string; products?: string }
    const opts: RestOptions = { priority: 'poll', signal }
    let walkStart: number | undefined
    const final = (): JsonValue => {
      const at = gmt((walkStart ?? now()) - settings.overlapMs)
      return { orders: at, ...(settings.products && { products: at }) }
    }
    const onFirst = (date: string | undefined) => {
      if (walkStart !== undefined) return
      const parsed = date ? Date.parse(date) : Number.NaN
      if (Number.isNaN(parsed)) log.warn({ date }, 'no usable Date header on the first poll answer; walkStart falls back to the local clock')
      walkStart = Number.isNaN(parsed) ? now() : parsed
    }
    const list = <T>(path: string) => async (query: Record<string, string | number>) => {
      const res = await rest.call<T[]>('GET', path, { ...opts, query })
      return { items: res.data, date: res.headers.date }
    }
    const start = (iso: string | undefined) => (iso ? parseTimestamp(iso, { assumeUtc: true }) : null)
    for await (const orders of seekWalk(list<WooOrder>('/orders'), start(state.orders), settings.pageSize, onFirst)) {
      const items: Decoded[] = []
      for (const order of orders) items.push(...(await build.order(order, { live: true, opts })))
      yield { items, cursor: final() }
    }
    if (!settings.products) return
    for await (const products of seekWalk(list<WooProduct>('/products'), start(state.products), settings.pageSize, onFirst)) {
      const items: Decoded[] = []
      for (const product of products) items.push(...(await build.product(product, { live: true, opts })))
      yield { items, cursor: final() }
    }
  }
}
