import { decodeCursor, encodeCursor, keysetPage, type SortKey } from './pagination.js'
import { restTime, type Raw } from './payloads.js'
import type { ShopState } from './state.js'

export interface RestAnswer {
  status: number
  json: unknown
  headers?: Record<string, string>
  /** runs once the answer is sent (the walk-modification hook) */
  after?: () => void
}

interface ListState {
  filter: Record<string, string>
  limit: number
  after?: SortKey
}

export interface RestEnv {
  state: ShopState
  /** absolute URL of a REST path in the served version, for Link headers */
  link(path: string): string
  /** a list page was served (the page number restarts at 1 on a request without page_info) */
  pageServed(resource: string, page: number): void
}

const LIST_PARAMS_WITH_PAGE_INFO = new Set(['page_info', 'limit', 'fields'])

/**
 * The REST Admin endpoints the connector uses: orders, customers and abandoned checkouts (list and get),
 * inventory levels, and webhook subscriptions. Lists page with `Link` headers carrying an opaque
 * `page_info`, and refuse other filters beside it, as Shopify does.
 */
export function createRestRoutes(env: RestEnv) {
  const pages = new Map<string, number>()
  const ms = (time: string) => Date.parse(time)

  function list(resource: string, records: Iterable<Raw>, query: URLSearchParams, filterOf: (q: URLSearchParams) => Record<string, string>, keep: (r: Raw, f: Record<string, string>) => boolean, keyOf: (r: Raw, f: Record<string, string>) => SortKey): RestAnswer {
    let listState: ListState
    const pageInfo = query.get('page_info')
    if (pageInfo) {
      const extra = [...query.keys()].filter((k) => !LIST_PARAMS_WITH_PAGE_INFO.has(k))
      if (extra.length) return { status: 400, json: { errors: { page_info: [`${extra.join(', ')} cannot be passed when page_info is present`] } } }
      const decoded = decodeCursor<ListState>(pageInfo)
      if (!decoded) return { status: 400, json: { errors: { page_info: ['Invalid value.'] } } }
      listState = { ...decoded, limit: Number(query.get('limit') ?? decoded.limit) }
    } else listState = { filter: filterOf(query), limit: Number(query.get('limit') ?? 50) }
    if (listState.limit > 250) return { status: 400, json: { errors: { limit: ['must be 250 or less'] } } }
    const min = listState.filter.updated_at_min ? ms(listState.filter.updated_at_min) : -Infinity
    const matching = [...records].filter((r) => keep(r, listState.filter) && (r.updated_at === undefined || ms(r.updated_at) >= min))
    const { page, more, last } = keysetPage(matching, (r) => keyOf(r, listState.filter), listState.after, listState.limit)
    const number = pageInfo ? (pages.get(resource) ?? 0) + 1 : 1
    pages.set(resource, number)
    const links = [
      ...(listState.after ? [`<${env.link(`${resource}.json`)}?limit=${listState.limit}&page_info=${encodeCursor({ ...listState, after: undefined })}>; rel="previous"`] : []),
      ...(more && last ? [`<${env.link(`${resource}.json`)}?limit=${listState.limit}&page_info=${encodeCursor({ ...listState, after: last })}>; rel="next"`] : []),
    ]
    return { status: 200, json: { [resource]: page }, headers: links.length ? { link: links.join(', ') } : {}, after: () => env.pageServed(resource, number) }
  }

  const byUpdated = (r: Raw, f: Record<string, string>): SortKey => [f.order?.startsWith('updated_at') ? ms(r.updated_at) : 0, String(r.id)]
  const pick = (q: URLSearchParams, names: string[]) => Object.fromEntries(names.filter((n) => q.has(n)).map((n) => [n, q.get(n)!]))

  function orderStatusMatches(raw: Raw, status = 'open'): boolean {
    if (status === 'any') return true
    if (status === 'cancelled') return !!raw.cancelled_at
    if (status === 'closed') return !!raw.closed_at
    return !raw.closed_at && !raw.cancelled_at
  }

  function levels(): Raw[] {
    return [...env.state.levels.values()].map((l) => ({ inventory_item_id: Number(l.itemId), location_id: Number(l.locationId), available: l.available, updated_at: restTime(l.updatedAt), admin_graphql_api_id: `gid://shopify/InventoryLevel/${l.itemId}?inventory_item_id=${l.itemId}` }))
  }

  return function route(method: string, path: string, query: URLSearchParams, body: any): RestAnswer {
    const { state } = env
    const one = /^(orders|customers|webhooks)\/(\d+)\.json$/.exec(path)
    if (method === 'GET' && path === 'orders.json') return list('orders', state.orders.values(), query, (q) => pick(q, ['status', 'order', 'updated_at_min']), (r, f) => orderStatusMatches(r, f.status), byUpdated)
    if (method === 'GET' && path === 'customers.json') return list('customers', state.customers.values(), query, (q) => pick(q, ['order', 'updated_at_min']), () => true, byUpdated)
    if (method === 'GET' && path === 'checkouts.json') {
      const keep = (r: Raw, f: Record<string, string>) => (f.status === 'closed' ? !!r.completed_at : !r.completed_at) && BigInt(r.id) > BigInt(f.since_id ?? '0')
      return list('checkouts', state.checkouts.values(), query, (q) => pick(q, ['status', 'since_id']), keep, byUpdated)
    }
    if (method === 'GET' && path === 'inventory_levels.json') {
      if (!query.get('location_ids') && !query.get('inventory_item_ids') && !query.get('page_info')) return { status: 422, json: { errors: 'location_ids or inventory_item_ids is required' } }
      const keep = (r: Raw, f: Record<string, string>) => (!f.location_ids || f.location_ids.split(',').includes(String(r.location_id))) && (!f.inventory_item_ids || f.inventory_item_ids.split(',').includes(String(r.inventory_item_id)))
      return list('inventory_levels', levels(), query, (q) => pick(q, ['location_ids', 'inventory_item_ids', 'updated_at_min']), keep, (r) => [0, `${String(r.inventory_item_id).padStart(20, '0')}@${r.location_id}`])
    }
    if (method === 'GET' && one?.[1] === 'orders') return state.orders.has(one[2]) ? { status: 200, json: { order: state.orders.get(one[2]) } } : { status: 404, json: { errors: 'Not Found' } }
    if (method === 'GET' && one?.[1] === 'customers') return state.customers.has(one[2]) ? { status: 200, json: { customer: state.customers.get(one[2]) } } : { status: 404, json: { errors: 'Not Found' } }
    if (method === 'GET' && path === 'webhooks.json') return { status: 200, json: { webhooks: state.subscriptions } }
    if (method === 'POST' && path === 'webhooks.json') {
      const w = body?.webhook ?? {}
      if (state.subscriptions.some((s) => s.topic === w.topic && s.address === w.address)) return { status: 422, json: { errors: { address: ['for this topic has already been taken'] } } }
      const created = { id: Number(state.id()), topic: w.topic, address: w.address, format: w.format ?? 'json', api_version: body?.api_version ?? env.link('').split('/').at(-2), created_at: restTime(state.now), updated_at: restTime(state.now) }
      state.subscriptions.push(created)
      return { status: 201, json: { webhook: created } }
    }
    if ((method === 'PUT' || method === 'DELETE') && one?.[1] === 'webhooks') {
      const at = state.subscriptions.findIndex((s) => String(s.id) === one[2])
      if (at < 0) return { status: 404, json: { errors: 'Not Found' } }
      if (method === 'DELETE') return { status: 200, json: state.subscriptions.splice(at, 1) && {} }
      Object.assign(state.subscriptions[at], { address: body?.webhook?.address ?? state.subscriptions[at].address, updated_at: restTime(state.now) })
      return { status: 200, json: { webhook: state.subscriptions[at] } }
    }
    return { status: 404, json: { errors: 'Not Found' } }
  }
}
