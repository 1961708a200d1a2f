import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { CartwireError } from '../sdk/errors.js'
import type { Logger } from '../sdk/logger.js'
import { adminOps, type AdminContext } from './admin-routes.js'
import type { AdminAuth } from './admin-token.js'
import type { Metrics } from './metrics.js'
import { queryOf, readBody } from './request-input.js'
import { applyTimeouts, sendError, sendJson, sendThrown, type HttpTimeouts } from './responses.js'

export interface AdminServerOptions extends AdminContext {
  auth: AdminAuth
  metrics: Metrics
  log: Logger
  runsInFlight(): number
  timeouts?: Partial<HttpTimeouts>
}

/** Admin request bodies are small JSON objects (retry params, a note). */
const ADMIN_BODY_LIMIT = 1024 * 1024

/**
 * The admin listener (127.0.0.1 by default): `/api/*` as core/daemon/admin-api.ts specifies, and
 * `GET /metrics` (Prometheus text). The operator UI comes later; `/` is a 404 until then.
 *
 * Auth, in this order:
 * 1. A request carrying `Forwarded` or `X-Forwarded-For` came through a proxy: refused (403) unless
 *    `server.admin.token` is configured — the generated token is for the CLI on this machine only.
 * 2. `/api/*` needs `Authorization: Bearer <token>` (401 without it or with a wrong one; compared in
 *    constant time). `/metrics` needs no token: it holds counts only — no ids, payloads or secrets —
 *    and a generated token changes at every start, which a scraper could not follow.
 *
 * CSRF: no cookie or other ambient credential is ever issued or accepted; the token travels only in
 * the Authorization header, which a browser never adds on its own, and no CORS headers are sent, so a
 * foreign page can neither send it nor read an answer. Every state-changing route is a POST that needs
 * the token, so a forged cross-site request (or a DNS-rebound one) is a 401.
 */
export function createAdminServer(opts: AdminServerOptions): Server {
  const expected = digest(opts.auth.token)
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const path = q < 0 ? url : url.slice(0, q)
    if (!opts.auth.configured && (req.headers['forwarded'] !== undefined || req.headers['x-forwarded-for'] !== undefined)) {
      return sendError(res, 'ERR_FORBIDDEN', 'forwarded requests are refused unless server.admin.token is configured')
    }
    if (path === '/metrics') {
      if (req.method !== 'GET') return sendError(res, 'ERR_METHOD', 'use GET', { allow: 'GET' })
      const text = await opts.metrics.render(opts.engine.rt.store, opts.runsInFlight())
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' })
      return void res.end(text)
    }
    if (!path.startsWith('/api/')) return sendError(res, 'ERR_ROUTE', 'no such route; the admin API is under /api/')
    if (!authorized(req.headers.authorization, expected)) {
      return sendError(res, 'ERR_UNAUTHORIZED', 'send Authorization: Bearer <token> (server.admin.token, or the data folder\'s admin-token file)', { 'www-authenticate': 'Bearer' })
    }
    const route = routeOf(req.method ?? 'GET', path)
    if (route === undefined) return sendError(res, 'ERR_ROUTE', `no admin route ${path}`)
    if (route === 'method') return sendError(res, 'ERR_METHOD', `${req.method} is not allowed on ${path}`)
    const body = req.method === 'POST' ? await jsonBody(req, res) : {}
    if (body === undefined) return
    sendJson(res, 200, await route(body, queryOf(q < 0 ? '' : url.slice(q + 1))))
  }

  /** A matched route runs the operation; 'method' means the path exists with another method. */
  const routeOf = (method: string, path: string): ((body: Record<string, unknown>, query: Record<string, string>) => Promise<unknown>) | 'method' | undefined => {
    const parts = path.slice('/api/'.length).split('/').map(segment)
    const [head, id, op] = parts
    const only = (want: string, run: (body: Record<string, unknown>, query: Record<string, string>) => Promise<unknown>) => (method === want ? run : 'method' as const)
    if (parts.length === 1 && head === 'status') return only('GET', () => adminOps.status(opts))
    if (parts.length === 1 && head === 'reload') return only('POST', () => opts.reload())
    if (parts.length === 1 && head === 'exceptions') return only('GET', (_body, query) => adminOps.listExceptions(opts, query))
    if (parts.length === 2 && head === 'exceptions' && id) return only('GET', () => adminOps.exception(opts, id))
    if (parts.length === 3 && head === 'exceptions' && id && (op === 'retry' || op === 'skip' || op === 'resolve')) return only('POST', (body) => adminOps.exceptionOp(opts, id, op, body))
    if (parts.length === 3 && head === 'rules' && id && (op === 'pause' || op === 'resume')) return only('POST', () => adminOps.ruleOp(opts, id, op))
    return undefined
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!(e instanceof CartwireError)) opts.log.error({ err: (e as Error).stack ?? String(e), url: req.url }, 'admin request failed')
      if (res.headersSent) res.destroy()
      else sendThrown(res, e)
    })
  })
  applyTimeouts(server, opts.timeouts)
  return server
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

/** Constant time whatever the given token's length: both sides are compared as sha256 digests. */
function authorized(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')
  return match !== null && timingSafeEqual(digest(match[1]), expected)
}

/** A path segment, or '' when it is not valid percent-encoding (such a segment names nothing). */
function segment(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return ''
  }
}

async function jsonBody(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | undefined> {
  const raw = await readBody(req, res, ADMIN_BODY_LIMIT)
  if (raw === undefined) return undefined
  if (raw.length === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(raw.toString('utf8'))
  } catch (e) {
    throw new CartwireError('ERR_BAD_REQUEST', `the body is not JSON: ${(e as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CartwireError('ERR_BAD_REQUEST', 'the body must be a JSON object')
  return parsed as Record<string, unknown>
}
