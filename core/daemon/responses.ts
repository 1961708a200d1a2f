import type { Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { CartwireError, ERRORS, type ErrorCode, type ErrorSpec } from '../sdk/errors.js'

/**
 * How both listeners answer. Every error body is `{ ok: false, code, message }` with a code from the
 * error table (core/sdk/errors.ts) and that code's HTTP status; nothing else is ever sent in an error.
 */
export interface ErrorBody {
  ok: false
  code: ErrorCode
  message: string
}

export function errorBody(code: ErrorCode, message?: string): ErrorBody {
  return { ok: false, code, message: message ?? ERRORS[code].message }
}

export function statusOf(code: ErrorCode): number {
  const spec: ErrorSpec = ERRORS[code]
  return spec.status ?? (spec.kind === 'user' ? 400 : 500)
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers })
  res.end(text)
}

export function sendError(res: ServerResponse, code: ErrorCode, message?: string, headers?: Record<string, string>): void {
  sendJson(res, statusOf(code), errorBody(code, message), headers)
}

/** Any thrown value as an error answer: a CartwireError keeps its code; anything else is ERR_INTERNAL. */
export function sendThrown(res: ServerResponse, e: unknown): void {
  if (e instanceof CartwireError) sendError(res, e.code, e.message)
  else sendError(res, 'ERR_INTERNAL', 'cartwire hit a defect; see the daemon log')
}

/**
 * Sane limits against slow or hostile clients (slowloris, idle sockets): the headers must arrive within
 * `headersTimeout`, the whole request within `requestTimeout`; an idle keep-alive socket closes after
 * `keepAliveTimeout`. Header size is Node's own limit (16 KiB, answered 431).
 */
export interface HttpTimeouts {
  /** @default 10000 */
  headersTimeout: number
  /** @default 30000 */
  requestTimeout: number
  /** @default 5000 */
  keepAliveTimeout: number
}

export const TIMEOUTS: HttpTimeouts = { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 }

export function applyTimeouts(server: Server, timeouts: Partial<HttpTimeouts> = {}): void {
  const t = { ...TIMEOUTS, ...timeouts }
  server.headersTimeout = t.headersTimeout
  server.requestTimeout = t.requestTimeout
  server.keepAliveTimeout = t.keepAliveTimeout
  // Node checks both timeouts on this interval; the default (30 s) would let a slow client linger longer
  ;(server as Server & { connectionsCheckingInterval?: number }).connectionsCheckingInterval = 1000
  server.on('clientError', answerClientError)
}

/**
 * A request Node's parser refused (malformed, headers too large, too slow): answered with the same JSON
 * error shape when the socket can still be written, then closed. Never thrown, never logged per request
 * (a scanner would otherwise fill the log).
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // as Node's own handler: never write into a response already under way on this socket
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy()
    return
  }
  const code: ErrorCode =
    err.code === 'HPE_HEADER_OVERFLOW' ? 'ERR_HEADERS_TOO_LARGE' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'ERR_REQUEST_TIMEOUT' : 'ERR_BAD_REQUEST'
  const text = JSON.stringify(errorBody(code))
  socket.end(`HTTP/1.1 ${statusOf(code)} ${REASONS[code] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`)
  // a peer that never closes its side must not keep the socket
  setTimeout(() => socket.destroy(), 1000).unref()
}

const REASONS: Partial<Record<ErrorCode, string>> = {
  ERR_HEADERS_TOO_LARGE: 'Request Header Fields Too Large',
  ERR_REQUEST_TIMEOUT: 'Request Timeout',
}
