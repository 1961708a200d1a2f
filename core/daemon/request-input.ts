import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendError } from './responses.js'

/**
 * After an early 413 the rest of the body is discarded for at most this long and this many bytes, then
 * the socket is closed. Why not close at once: closing a socket whose receive buffer still holds unread
 * request bytes makes the kernel send RST, which can destroy the 413 in flight before the client reads
 * it (the client is still uploading). A client that finishes its body within the limits keeps its
 * keep-alive connection.
 */
export const LINGER = { ms: 2000, bytes: 256 * 1024 }

const EMPTY = Buffer.alloc(0)

/**
 * Reads a request body of at most `limit` bytes. A Content-Length over the limit is answered 413 at
 * once, without reading the body; a body that passes the limit while streaming (chunked, or a lying
 * Content-Length) stops being buffered at that byte and is answered 413 at once. Resolves to the body,
 * or to `undefined` when the request was already answered (413) or the client went away mid-upload.
 */
export function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer | undefined> {
  const declared = req.headers['content-length']
  if (declared !== undefined && Number(declared) > limit) {
    refuseOversize(req, res, `a body of ${declared} bytes is over the ${limit}-byte limit`)
    return Promise.resolve(undefined)
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (body: Buffer | undefined) => {
      if (settled) return
      settled = true
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('close', onClose)
      resolve(body)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      settle(undefined)
      refuseOversize(req, res, `the body passed the ${limit}-byte limit`)
    }
    const onEnd = () => settle(chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size))
    // 'close' before 'end': the client aborted the upload; there is no one left to answer
    const onClose = () => settle(undefined)
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('close', onClose)
    req.on('error', () => settle(undefined))
  })
}

/** 413 now; then the lingering discard described at LINGER. */
export function refuseOversize(req: IncomingMessage, res: ServerResponse, message: string): void {
  res.once('finish', () => linger(req))
  sendError(res, 'ERR_BODY_TOO_LARGE', message)
}

function linger(req: IncomingMessage): void {
  if (req.complete) return
  const socket = req.socket
  const start = socket.bytesRead
  const deadline = Date.now() + LINGER.ms
  req.on('error', () => {})
  req.resume()
  const timer = setInterval(() => {
    if (req.complete) return void clearInterval(timer)
    if (Date.now() > deadline || socket.bytesRead - start > LINGER.bytes) {
      clearInterval(timer)
      socket.destroy()
    }
  }, 50)
  timer.unref()
  socket.once('close', () => clearInterval(timer))
}

/**
 * Lower-cased header names into a null-prototype object (a header named `__proto__` is just a key);
 * repeated headers are joined with ", " as HTTP allows.
 */
export function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  const raw = req.rawHeaders
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase()
    const previous = out[name]
    out[name] = previous === undefined ? raw[i + 1] : `${previous}, ${raw[i + 1]}`
  }
  return out
}

/** The query string into a null-prototype object; the first value of a repeated key wins. */
export function queryOf(search: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  if (search === '') return out
  for (const [key, value] of new URLSearchParams(search)) if (!(key in out)) out[key] = value
  return out
}
