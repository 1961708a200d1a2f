import { CartwireError, raiseForStatus, type ConnectorContext, type HttpPriority } from '../../core/sdk/index.js'
import type { Settings } from './options.js'
import type { LeakyGate } from './rate-limit.js'
import { isReset, MAX_THROTTLED_ATTEMPTS } from './rest.js'
import { parseJson } from './safe-json.js'

export interface GraphqlCall {
  priority: HttpPriority
  signal?: AbortSignal
  /** the query's requested cost before Shopify has said it (after that, its last `requestedQueryCost`) */
  cost: number
  /** sees the response headers of the answer that is returned (a poll walk reads `Date`) */
  onHeaders?: (headers: Record<string, string>) => void
}

interface ThrottleStatus {
  maximumAvailable: number
  currentlyAvailable: number
  restoreRate: number
}

/**
 * The GraphQL Admin API under the connection's cost bucket. A query takes its requested cost from the
 * gate (learnt per operation from `extensions.cost.requestedQueryCost`); `throttleStatus` corrects the
 * gate after each answer. THROTTLED (HTTP 200 with `errors[].extensions.code`, or a 429; sources
 * disagree) is retried after the time the missing points take to restore. Other top-level errors are the
 * request's fault (ERR_UPSTREAM_REJECTED), 5xx the platform's (ERR_UPSTREAM, retried by the core).
 */
export function createGraphql(ctx: Pick<ConnectorContext<unknown>, 'http'>, settings: Settings, gate: LeakyGate) {
  const url = `${settings.base}/admin/api/${settings.apiVersion}/graphql.json`
  const learnt = new Map<string, number>()

  async function query<T = any>(document: string, variables: Record<string, unknown>, call: GraphqlCall): Promise<T> {
    const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? 'anonymous'
    const what = `Shopify GraphQL ${operation}`
    // an operation's cost depends on its page sizes, which the caller's estimate reflects
    const costKey = `${operation}:${call.cost}`
    for (let attempt = 1; ; attempt++) {
      const cost = learnt.get(costKey) ?? call.cost
      const ticket = await gate.acquire(call.priority, cost, call.signal)
      let res
      try {
        res = await ctx.http.request({
          method: 'POST', url, priority: call.priority, signal: call.signal, body: { query: document, variables },
          headers: { 'x-shopify-access-token': settings.accessToken, accept: 'application/json' },
        })
      } catch (e) {
        gate.settle(ticket)
        if (/^\s*query\b/.test(document) && isReset(e) && attempt === 1) continue
        throw e
      }
      const body = res.body && res.headers['content-type']?.includes('json') ? (parseJson(res.body) as any) : undefined
      const costInfo = body?.extensions?.cost
      const status: ThrottleStatus | undefined = costInfo?.throttleStatus
      if (typeof costInfo?.requestedQueryCost === 'number') learnt.set(costKey, costInfo.requestedQueryCost)
      gate.settle(ticket, status ? status.maximumAvailable - status.currentlyAvailable : undefined, status?.maximumAvailable, status?.restoreRate)
      const throttled = res.status === 429 || body?.errors?.some((e: any) => e?.extensions?.code === 'THROTTLED')
      if (throttled) {
        const missing = status ? Math.max(1, (costInfo?.requestedQueryCost ?? cost) - status.currentlyAvailable) : cost
        const waitMs = status ? Math.ceil((missing * 1000) / Math.max(1, status.restoreRate)) : 1000 * 2 ** (attempt - 1)
        if (attempt >= MAX_THROTTLED_ATTEMPTS) throw new CartwireError('ERR_RATE_LIMITED', `${what}: still throttled after ${attempt} attempts`, { retryAfterMs: waitMs })
        gate.block(waitMs)
        continue
      }
      raiseForStatus(res, what)
      if (body?.errors?.length) throw new CartwireError('ERR_UPSTREAM_REJECTED', `${what}: ${body.errors.map((e: any) => e?.message).join('; ')}`, { details: body.errors })
      if (!body || !('data' in body)) throw new CartwireError('ERR_UPSTREAM', `${what}: answer without data`)
      call.onHeaders?.(res.headers)
      return body.data as T
    }
  }

  return { query }
}

export type Graphql = ReturnType<typeof createGraphql>

/** A mutation payload's `userErrors` → a coded error; `notFound` messages become ERR_NOT_FOUND. */
export function assertNoUserErrors(payload: { userErrors?: Array<{ message: string; field?: string[] | null; code?: string | null }> } | null | undefined, what: string): void {
  const errors = payload?.userErrors ?? []
  if (!payload) throw new CartwireError('ERR_UPSTREAM', `${what}: no payload`)
  if (errors.length === 0) return
  const message = `${what}: ${errors.map((e) => `${e.field?.join('.') ?? ''} ${e.message}`.trim()).join('; ')}`
  const notFound = errors.every((e) => /not (be )?found|does not exist|doesn't exist/i.test(e.message))
  throw new CartwireError(notFound ? 'ERR_NOT_FOUND' : 'ERR_UPSTREAM_REJECTED', message, { details: errors })
}
