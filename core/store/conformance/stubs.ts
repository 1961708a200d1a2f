import type { Order } from '../../sdk/entities.js'
import type { SerializedError } from '../../sdk/errors.js'
import type { ApplyHandlers, ApplyResult, IncomingItem, NewEvent, PlanResult, ReserveInput, ResourceState, Run, Store, StoredEvent } from '../contract.js'

/**
 * Stub handlers and small builders for the conformance suite. They stand in for the change detector
 * and the planner so the suite tests the store alone: every newer snapshot becomes the next version
 * with one event, and every event gets one run per listed rule.
 */
export type OpenStore = () => Promise<Store>

export const CONNECTION = 'shop'
export const T0 = Date.parse('2026-03-01T12:00:00.000Z')
export const LEASE = 30_000
export const iso = (ms: number): string => new Date(ms).toISOString()

export function order(id: string, updatedAt: number, patch: Partial<Order> = {}): Order {
  const money = { amount: '10.00', currency: 'EUR' }
  return {
    id, number: `#${id}`, currency: 'EUR', totalPrice: money, subtotalPrice: money, status: 'open', financialStatus: 'paid',
    fulfillmentStatus: 'unfulfilled', rawStatus: 'open', email: null, tags: [], note: null, customer: null, lines: [], refunds: [],
    fulfillments: [], shippingAddress: null, checkoutId: null, createdAt: iso(T0 - 86_400_000), updatedAt: iso(updatedAt), ...patch,
  }
}

export const snap = (entity: Order): IncomingItem => ({ snapshot: { kind: 'order', entity }, origin: 'webhook' })
export const gone = (id: string, at: number): IncomingItem => ({ gone: { kind: 'order', id, deletedAt: iso(at) }, origin: 'webhook' })
export const laneOf = (orderId: string, rule: string): string => `${CONNECTION}|order|${orderId}|${rule}`
export const eventIdOf = (orderId: string, versionSeq: number): string => `ev:${orderId}:${versionSeq}`

/** Newer snapshot → next version + one event; older or equal → dropped; gone → tombstone + `order.deleted`. */
export const stubDerive: ApplyHandlers['derive'] = (previous, item, env) => {
  if ('hint' in item) return { action: 'drop', reason: 'hint-used' }
  if ('gone' in item) {
    if (!previous) return { action: 'drop', reason: 'unknown-resource' }
    const at = Date.parse(item.gone.deletedAt ?? iso(previous.updatedAt + 1))
    const state: ResourceState = { ...previous, entity: null, deletedAt: at, updatedAt: at, contentHash: 'tombstone', versionSeq: previous.versionSeq + 1 }
    return { action: 'store', state, events: [newEvent(state, 'order.deleted', previous.versionSeq, env.receivedAt)] }
  }
  const entity = item.snapshot.entity as Order
  const updatedAt = Date.parse(entity.updatedAt)
  if (previous && previous.updatedAt >= updatedAt) return { action: 'drop', reason: previous.updatedAt === updatedAt ? 'duplicate' : 'stale' }
  const state: ResourceState = {
    connection: env.connection, kind: 'order', id: entity.id, updatedAt, contentHash: `h${updatedAt}`, normalizerVersion: 1,
    createdAt: Date.parse(entity.createdAt), entity, deletedAt: null, versionSeq: (previous?.versionSeq ?? 0) + 1, milestones: {}, members: {},
  }
  const type = previous ? 'order.updated' : 'order.created'
  return { action: 'store', state, events: [newEvent(state, type, previous?.versionSeq ?? null, env.receivedAt)], counters: ['stored'] }
}

function newEvent(state: ResourceState, type: NewEvent['type'], previousSeq: number | null, receivedAt: string): NewEvent {
  return {
    id: eventIdOf(state.id, state.versionSeq), type, source: state.connection,
    resource: { kind: state.kind, id: state.id, version: `${state.updatedAt}:${state.contentHash}` },
    occurredAt: iso(state.updatedAt), receivedAt, changes: [], versionSeq: state.versionSeq, previousSeq,
  }
}

/** One run per rule for every event. */
export function planRules(...rules: string[]): ApplyHandlers['plan'] {
  return (event: StoredEvent): PlanResult => ({
    runs: rules.map((rule) => ({ eventId: event.id, ruleId: rule, ruleHash: `hash-${rule}`, lane: laneOf(event.resource.id, rule) })),
    skipped: [],
    exceptions: [],
  })
}

export function handlers(plan: ApplyHandlers['plan'] = planRules(), derive: ApplyHandlers['derive'] = stubDerive): ApplyHandlers {
  return { derive, plan }
}

/** Applies `items` in one call at `now` (planning `rules`), acking `ack`. */
export function apply(store: Store, items: IncomingItem[], opts: { rules?: string[]; now?: number; ack?: number[]; handlers?: ApplyHandlers } = {}): Promise<ApplyResult> {
  const now = opts.now ?? T0
  return store.applySnapshots(
    { connection: CONNECTION, now, receivedAt: iso(now), items, ack: opts.ack ?? [], canFetch: false },
    opts.handlers ?? handlers(planRules(...(opts.rules ?? ['rule-a']))),
  )
}

/** One version of each order (updated at T0), one run per order on `rule`; the runs in seq order. */
export async function seedRuns(store: Store, orderIds: string[], rule = 'rule-a'): Promise<Run[]> {
  await apply(store, orderIds.map((id) => snap(order(id, T0))), { rules: [rule] })
  return store.listRuns({ ruleId: rule })
}

/** Claims everything claimable; run id → token. */
export async function claimAll(store: Store, now = T0, owner = 'worker-a'): Promise<Record<string, number>> {
  const claimed = await store.claimWork(owner, now, LEASE, 100)
  return Object.fromEntries(claimed.map((c) => [c.run.id, c.token]))
}

/** Claims everything claimable and returns `run`'s token (it must have been claimable). */
export async function claim(store: Store, run: Run, now = T0, owner = 'worker-a'): Promise<number> {
  const tokens = await claimAll(store, now, owner)
  const token = tokens[run.id]
  if (token === undefined) throw new Error(`run ${run.id} was not claimable (claimed: ${Object.keys(tokens).join(', ') || 'none'})`)
  return token
}

export function reserveInput(run: Run, token: number, now: number, over: Partial<ReserveInput> = {}): ReserveInput {
  return {
    namespace: 'rule', eventId: run.eventId, ruleId: run.ruleId, stepId: 'tag', target: CONNECTION, key: `key:${run.id}:tag`,
    runId: run.id, token, now, params: { tags: ['vip'] }, idempotency: 'natural', effect: null, resource: null, ruleHash: run.ruleHash,
    ...over,
  }
}

export const failure = (message = 'upstream said no'): SerializedError => ({ code: 'ERR_UPSTREAM_REJECTED', kind: 'user', message })
