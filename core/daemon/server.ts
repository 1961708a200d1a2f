import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Engine } from '../engine/engine.js'
import type { IncomingRequest } from '../sdk/connector.js'
import type { Logger } from '../sdk/logger.js'
import type { Metrics } from './metrics.js'
import { headersOf, queryOf, readBody } from './request-input.js'
import { applyTimeouts, sendError, sendJson, type HttpTimeouts } from './responses.js'

/** What /readyz reports: ready once the store is open and the workers run; draining from SIGTERM on. */
export type Readiness = 'starting' | 'ready' | 'draining'

export interface PublicServerOptions {
  engine: Pick<Engine, 'receive' | 'rt'>
  metrics: Metrics
  log: Logger
  readiness(): Readiness
  /** a new delivery is durable: wake the workers now instead of at their next idle poll */
  onAccepted(): void
  timeouts?: Partial<HttpTimeouts>
}

const WEBHOOKS = '/webhooks/'

/**
 * The public listener on bare node:http (fastify measured 11% slower on this path, and the path is
 * four routes): `POST /webhooks/:connection`, `GET /healthz`, `GET /readyz`; every other path is a 404
 * and every other method a 405, all with `{ ok: false, code, message }` bodies.
 *
 * The webhook path does only what SEMANTICS.md §3 orders, in that order: unknown connection → 404
 * (before a byte of body is read), body over the limit → 413 (by Content-Length without reading, or as
 * soon as a streamed body passes it), then `engine.receive` (verify → 401, durable append with group
 * commit → 202, store trouble → 503). The body is never parsed here: decoding is the workers' job.
 * Hostile input cannot reach an object prototype: headers and query are built into null-prototype
 * objects and connection ids are looked up in a Map.
 */
export function createPublicServer(opts: PublicServerOptions): Server {
  const limit = opts.engine.rt.config.server.bodyLimit
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const path = q < 0 ? url : url.slice(0, q)
    if (path.startsWith(WEBHOOKS)) return webhook(req, res, path.slice(WEBHOOKS.length), q < 0 ? '' : url.slice(q + 1))
    if (path === '/healthz' || path === '/readyz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 'ERR_METHOD', `${req.method} is not allowed on ${path}; use GET`, { allow: 'GET, HEAD' })
      if (path === '/healthz') return sendJson(res, 200, { ok: true })
      const state = opts.readiness()
      return state === 'ready' ? sendJson(res, 200, { ok: true, state }) : sendError(res, 'ERR_NOT_READY', `the daemon is ${state}`)
    }
    sendError(res, 'ERR_ROUTE', 'no such route; webhooks go to POST /webhooks/<connection id>')
  }

  const webhook = async (req: IncomingMessage, res: ServerResponse, segment: string, search: string): Promise<void> => {
    const answer = (status: number, send: () => void) => {
      opts.metrics.intakeRequest(status)
      send()
    }
    if (segment === '' || segment.includes('/')) return answer(404, () => sendError(res, 'ERR_ROUTE', 'webhooks go to POST /webhooks/<connection id>'))
    if (req.method !== 'POST') return answer(405, () => sendError(res, 'ERR_METHOD', `${req.method} is not allowed on webhooks; use POST`, { allow: 'POST' }))
    const connection = decodeSegment(segment)
    if (connection === undefined || !opts.engine.rt.connections.has(connection)) {
      return answer(404, () => sendError(res, 'ERR_UNKNOWN_CONNECTION', `no connection "${connection ?? segment}"`))
    }
    opts.metrics.intakeInFlight++
    try {
      const body = await readBody(req, res, limit)
      if (body === undefined) {
        // answered 413 by readBody, or the client aborted the upload
        if (res.headersSent) opts.metrics.intakeRequest(413)
        return
      }
      const request: IncomingRequest = { method: 'POST', headers: headersOf(req), rawBody: body, query: queryOf(search) }
      const result = await opts.engine.receive(connection, request)
      if (result.status === 202 && !('duplicate' in result.body && result.body.duplicate)) opts.onAccepted()
      answer(result.status, () => sendJson(res, result.status, result.body))
    } finally {
      opts.metrics.intakeInFlight--
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      opts.log.error({ err: (e as Error).stack ?? String(e), url: req.url }, 'public request failed')
      if (!res.headersSent) sendError(res, 'ERR_INTERNAL', 'cartwire hit a defect; see the daemon log')
      else res.destroy()
    })
  })
  // Expect: 100-continue with a body over the limit is refused before the client sends it
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length'])
    if (declared > limit) {
      opts.metrics.intakeRequest(413)
      return sendError(res, 'ERR_BODY_TOO_LARGE', `a body of ${declared} bytes is over the ${limit}-byte limit`, { connection: 'close' })
    }
    res.writeContinue()
    server.emit('request', req, res)
  })
  applyTimeouts(server, opts.timeouts)
  return server
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}
