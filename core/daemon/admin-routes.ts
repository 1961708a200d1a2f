import { readFileSync } from 'node:fs'
import type { Engine } from '../engine/engine.js'
import { exceptionDetail } from '../execution/operator.js'
import type { JsonValue } from '../sdk/connector.js'
import { CartwireError } from '../sdk/errors.js'
import type { ExceptionKind, ExceptionRecord, ExceptionState } from '../store/contract.js'
import type { ExceptionDetail, ExceptionListQuery, StatusResponse } from './admin-api.js'

/** What the admin operations act on; the daemon provides it. */
export interface AdminContext {
  engine: Pick<Engine, 'rt' | 'retryException' | 'skipException' | 'resolveException' | 'pause' | 'resume'>
  startedAt: number
  /** new work may be runnable (a retried exception, a resumed rule) */
  wake(): void
  /** validates and swaps the rule set; throws ERR_RULE (old set kept) */
  reload(): Promise<{ ok: true; rules: number }>
}

const EXCEPTION_STATES: readonly ExceptionState[] = ['open', 'retried', 'skipped', 'resolved']
const EXCEPTION_KINDS: readonly ExceptionKind[] = ['step', 'intake', 'connection', 'policy']
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

/**
 * The operations behind `/api/*` (core/daemon/admin-api.ts is the contract; admin.ts does transport,
 * auth and routing). Each returns the response body or throws a CartwireError whose code decides the
 * status; ids that name nothing are ERR_NOT_FOUND (404), as the engine's own operator functions say.
 */
export const adminOps = {
  async status(ctx: AdminContext): Promise<StatusResponse> {
    const { store, connections, rules, paused } = ctx.engine.rt
    return {
      version: VERSION,
      pid: process.pid,
      startedAt: new Date(ctx.startedAt).toISOString(),
      store: { driver: store.driver, schemaVersion: await store.schemaVersion() },
      connections: [...connections.values()].map((c) => ({ id: c.id, connector: c.definition.name })),
      rules: { total: rules.all().length, paused: [...paused].sort() },
      counts: await store.counts(),
    }
  },

  async listExceptions(ctx: AdminContext, query: Record<string, string>): Promise<{ exceptions: ExceptionRecord[] }> {
    const filter: ExceptionListQuery = { limit: 100 }
    if (query.state !== undefined) filter.state = oneOf(query.state, EXCEPTION_STATES, 'state')
    if (query.kind !== undefined) filter.kind = oneOf(query.kind, EXCEPTION_KINDS, 'kind')
    if (query.limit !== undefined) {
      const limit = Number(query.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CartwireError('ERR_BAD_REQUEST', 'limit: expected an integer from 1 to 1000')
      filter.limit = limit
    }
    return { exceptions: await ctx.engine.rt.store.listExceptions(filter) }
  },

  async exception(ctx: AdminContext, id: string): Promise<ExceptionDetail> {
    return exceptionDetail(ctx.engine.rt.store, await existing(ctx, id))
  },

  async exceptionOp(ctx: AdminContext, id: string, op: 'retry' | 'skip' | 'resolve', body: Record<string, unknown>): Promise<{ exception: ExceptionRecord }> {
    await existing(ctx, id)
    let exception: ExceptionRecord
    if (op === 'retry') exception = await ctx.engine.retryException(id, body.params as JsonValue | undefined)
    else if (op === 'skip') exception = await ctx.engine.skipException(id)
    else {
      if (typeof body.note !== 'string') throw new CartwireError('ERR_BAD_REQUEST', 'resolve needs a body { "note": "what was done" }')
      exception = await ctx.engine.resolveException(id, body.note)
    }
    ctx.wake()
    return { exception }
  },

  async ruleOp(ctx: AdminContext, ruleId: string, op: 'pause' | 'resume'): Promise<{ rule: string; paused: boolean }> {
    if (!ctx.engine.rt.rules.get(ruleId)) throw new CartwireError('ERR_NOT_FOUND', `no rule "${ruleId}" in the loaded rule set`)
    if (op === 'pause') await ctx.engine.pause(ruleId)
    else await ctx.engine.resume(ruleId)
    ctx.wake()
    return { rule: ruleId, paused: op === 'pause' }
  },
}

async function existing(ctx: AdminContext, id: string): Promise<ExceptionRecord> {
  const exception = await ctx.engine.rt.store.getException(id)
  if (!exception) throw new CartwireError('ERR_NOT_FOUND', `no exception ${id}`)
  return exception
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new CartwireError('ERR_BAD_REQUEST', `${name}: expected one of ${allowed.join(', ')}`)
}
