import { isUtf8 } from 'node:buffer'
import { CartwireError, type ErrorCode } from '../sdk/errors.js'
import type { IncomingRequest } from '../sdk/connector.js'
import type { Runtime } from '../engine/runtime.js'
import { failpoint } from '../execution/failpoints.js'
import type { GroupCommitter } from './group-commit.js'

export interface IntakeAnswer {
  status: number
  body: { ok: true; seq?: number; duplicate?: boolean; ping?: boolean } | { ok: false; code: ErrorCode; message: string }
}

function refuse(code: ErrorCode, message?: string): IntakeAnswer {
  const error = new CartwireError(code, message)
  return { status: error.status ?? 500, body: { ok: false, code, message: error.message } }
}

/**
 * The webhook intake path (SEMANTICS.md §3), without the HTTP server around it: unknown connection →
 * 404; over the body limit → 413; verify → 401 on failure (a ping is answered 200 and not stored);
 * append the raw delivery (headers minus authorization) with group commit → 202; the store cannot take
 * it → 503. A delivery that verifies is never refused: decoding happens later, off the request path.
 */
export async function receiveWebhook(rt: Runtime, committer: GroupCommitter, connectionId: string, req: IncomingRequest): Promise<IntakeAnswer> {
  const connection = rt.connections.get(connectionId)
  if (!connection) return refuse('ERR_UNKNOWN_CONNECTION', `no connection "${connectionId}"`)
  if (req.rawBody.length > rt.config.server.bodyLimit) return refuse('ERR_BODY_TOO_LARGE', `body of ${req.rawBody.length} bytes is over the ${rt.config.server.bodyLimit}-byte limit`)
  let verdict
  try {
    verdict = await connection.instance.verify(req)
  } catch (e) {
    rt.log.warn({ connection: connectionId, err: (e as Error).message }, 'verify threw; answering 401')
    return refuse('ERR_SIGNATURE')
  }
  if (!verdict.ok) return refuse('ERR_SIGNATURE', `signature check failed: ${verdict.reason}`)
  if ('ping' in verdict) return { status: 200, body: { ok: true, ping: true } }
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    // x-cartwire-body-encoding is our own mark (below): a client's copy would make its body be read as base64
    if (value !== undefined && name !== 'authorization' && name !== 'cookie' && name !== 'x-cartwire-body-encoding') headers[name] = value
  }
  // the raw body is kept exactly: bytes that are not UTF-8 are stored as base64 and marked
  const utf8 = isUtf8(req.rawBody)
  if (!utf8) headers['x-cartwire-body-encoding'] = 'base64'
  let dedupeKey: string | undefined
  try {
    dedupeKey = connection.instance.dedupeKey?.(req)
  } catch {
    dedupeKey = undefined // a hint only; never a reason to refuse an authentic delivery
  }
  try {
    const result = await committer.append({
      connection: connectionId,
      source: 'webhook',
      receivedAt: new Date(rt.clock.now()).toISOString(),
      headers,
      body: req.rawBody.toString(utf8 ? 'utf8' : 'base64'),
      dedupeKey: dedupeKey ? `${connectionId}:${dedupeKey}` : undefined,
    })
    failpoint('after-append-before-response')
    return { status: 202, body: { ok: true, seq: result.seq, ...(result.duplicate && { duplicate: true }) } }
  } catch (e) {
    rt.log.error({ connection: connectionId, err: (e as Error).message }, 'the store could not take a delivery; answering 503')
    return refuse('ERR_STORE_UNAVAILABLE')
  }
}
