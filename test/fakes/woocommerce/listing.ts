import { SITE_OFFSET_MS } from './model.js'

/**
 * Collection semantics of `WC_REST_CRUD_Controller::get_items` / `prepare_objects_query`:
 * - `modified_after` / `after` are WP_Date_Query `after` clauses: strictly later. Without
 *   `dates_are_gmt=true` they are read in the site's zone (the fake's is UTC+2), so a client that forgets
 *   the flag is two hours off.
 * - `orderby` date (default), modified or id, with ` ID` appended for date and modified (ties broken by
 *   ID in the same direction); `order` desc (default) or asc.
 * - `per_page` default 10, at most 100 (more is a 400 rest_invalid_param); `page` default 1; `offset`
 *   overrides the page.
 * - `X-WP-Total`, `X-WP-TotalPages`, and `Link` rel="next"/"prev".
 * Offsets are computed on the data as it is at the moment of each request: a record modified between
 * two requests moves, exactly the drift a client must survive.
 */
export interface Listable {
  id: number
  createdMs: number
  modifiedMs: number
}

export class ListError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message)
  }
}

export interface ListResult<T> {
  items: T[]
  headers: Record<string, string>
}

function dateParam(value: string, gmt: boolean, name: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(value)
  if (!m) throw new ListError(400, 'rest_invalid_param', `Invalid parameter(s): ${name}`)
  const ms = Date.parse(`${m[1]}T${m[2]}${m[4] ?? 'Z'}`)
  return m[4] || gmt ? ms : ms - SITE_OFFSET_MS
}

export function listCollection<T extends Listable>(all: readonly T[], q: URLSearchParams, selfUrl: string): ListResult<T> {
  const perPage = Number(q.get('per_page') ?? 10)
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) throw new ListError(400, 'rest_invalid_param', 'Invalid parameter(s): per_page')
  const page = Number(q.get('page') ?? 1)
  const gmt = q.get('dates_are_gmt') === 'true' || q.get('dates_are_gmt') === '1'
  const orderby = q.get('orderby') ?? 'date'
  const asc = (q.get('order') ?? 'desc') === 'asc'
  let rows = [...all]
  const modifiedAfter = q.get('modified_after')
  if (modifiedAfter) {
    const t = dateParam(modifiedAfter, gmt, 'modified_after')
    rows = rows.filter((r) => r.modifiedMs > t)
  }
  const after = q.get('after')
  if (after) {
    const t = dateParam(after, gmt, 'after')
    rows = rows.filter((r) => r.createdMs > t)
  }
  const key = (r: T) => (orderby === 'modified' ? r.modifiedMs : orderby === 'id' ? r.id : r.createdMs)
  rows.sort((a, b) => (key(a) - key(b) || a.id - b.id) * (asc ? 1 : -1))
  const offset = q.has('offset') ? Number(q.get('offset')) : (page - 1) * perPage
  const total = rows.length
  const pages = Math.ceil(total / perPage)
  const headers: Record<string, string> = { 'x-wp-total': String(total), 'x-wp-totalpages': String(pages) }
  const links: string[] = []
  const link = (p: number, rel: string) => {
    const u = new URL(selfUrl)
    u.searchParams.set('page', String(p))
    links.push(`<${u.toString()}>; rel="${rel}"`)
  }
  if (page > 1) link(Math.min(page - 1, pages), 'prev')
  if (pages > page) link(page + 1, 'next')
  if (links.length) headers.link = links.join(', ')
  return { items: rows.slice(offset, offset + perPage), headers }
}
