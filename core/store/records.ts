import type { FieldEffect } from '../sdk/action.js'
import type { Entity, ResourceKind } from '../sdk/entities.js'
import type { ErrorCode, SerializedError } from '../sdk/errors.js'
import type { CommerceEvent, EventType, ResourceRef } from '../sdk/events.js'
import type { IdempotencyClass, JsonValue, Snapshot, GoneRef } from '../sdk/connector.js'

/** The records the Store contract (contract.ts) reads and writes. */

// ── connections and intake ──────────────────────────────────────────────────────────────────────
export interface ConnectionState {
  id: string
  /** resources created before this are pre-existing: their first snapshot is stored silently (§2) */
  baselineAt: number
  cursor: JsonValue | null
  cursorAt: number | null
}

export interface NewDelivery {
  connection: string
  source: 'webhook' | 'poll'
  receivedAt: string
  headers: Record<string, string>
  body: string
  /** e.g. `shopify:webhook:<X-Shopify-Webhook-Id>`; deliveries with a seen key are dropped */
  dedupeKey?: string
}

export interface AppendResult {
  seq: number
  duplicate: boolean
}

export type DeliveryState = 'pending' | 'done' | 'failed'

// ── change detection ────────────────────────────────────────────────────────────────────────────
/** The core's memory of one resource: the last snapshot or tombstone plus milestone bookkeeping. */
export interface ResourceState {
  connection: string
  kind: ResourceKind
  id: string
  /** epoch ms of the stored version's updatedAt (for a tombstone: its delete time) */
  updatedAt: number
  contentHash: string
  normalizerVersion: number
  createdAt: number
  /** null for a tombstone */
  entity: Entity | null
  /** for a tombstone: the last live entity (a fetch-confirmed restore reports its changes against it) */
  lastEntity?: Entity | null
  deletedAt: number | null
  /** sequence of the stored version (1, 2, …); events point at it */
  versionSeq: number
  /** per milestone type: how many times the entity entered its class, and whether it is in it now */
  milestones: Record<string, { count: number; inClass: boolean }>
  /** member events already derived: `order.refunded:<refundId>` → 1, `shipment.updated:<id>` → member hash */
  members: Record<string, string>
}

export type IncomingItem =
  | { snapshot: Snapshot; origin: 'webhook' | 'poll' | 'fetch' | 'wait' }
  | { gone: GoneRef; origin: 'webhook' | 'poll' | 'fetch' | 'wait' }
  | { hint: { type: EventType; ref: ResourceRef }; origin: 'webhook' }

export interface ApplyInput {
  connection: string
  now: number
  receivedAt: string
  items: IncomingItem[]
  /** inbox seqs acked by this operation, unless an item needs a fetch first */
  ack: number[]
  /** the connector has `fetch` (ties and post-tombstone payloads are resolved through it) */
  canFetch: boolean
}

export interface OwnWrite {
  key: string
  effect: FieldEffect[]
  at: number
}

export interface DeriveEnv {
  connection: string
  baselineAt: number
  now: number
  receivedAt: string
  canFetch: boolean
  /** recent expected effects of cartwire's own writes on this resource */
  ownWrites: OwnWrite[]
  eventExists(id: string): boolean
}

/** A version to store in history; events reference it by `versionSeq`. */
export type Derivation =
  | { action: 'drop'; reason: 'duplicate' | 'stale' | 'after-tombstone' | 'unknown-resource' | 'hint-not-in-class' | 'hint-used' }
  | { action: 'fetch'; reason: 'tie' | 'after-tombstone'; ref: ResourceRef }
  | { action: 'store'; state: ResourceState; events: NewEvent[]; counters?: string[] }
  /** hints: events only, the state keeps its version but may record milestone bookkeeping */
  | { action: 'events'; state?: ResourceState; events: NewEvent[] }

export interface NewEvent extends Omit<CommerceEvent, 'data'> {
  /** history seq of the version the event is about, and of the one before it */
  versionSeq: number
  previousSeq: number | null
}

export interface PlanEnv {
  now: number
  /** the entity at `event.previousSeq` (what rules call `previous`), when the driver has it at hand */
  previous?: Entity | null
  /** runs created in `lane` since `since` (the loop breaker) */
  recentRuns(lane: string, since: number): number
}

export interface PlanResult {
  runs: NewRun[]
  /** matches that write no ledger row: paused rules, own changes (§5) */
  skipped: Array<{ rule: string; reason: 'paused' | 'own-change' | 'loop-breaker' }>
  exceptions: NewException[]
}

export interface ApplyHandlers {
  derive(previous: ResourceState | undefined, item: IncomingItem, env: DeriveEnv): Derivation
  plan(event: StoredEvent, env: PlanEnv): PlanResult
}

export interface ApplyResult {
  events: StoredEvent[]
  runs: number
  /** items whose fate needs `fetch(ref)` first; when non-empty, nothing in `ack` was acked */
  needsFetch: Array<{ reason: 'tie' | 'after-tombstone'; ref: ResourceRef }>
  dropped: Array<{ ref: ResourceRef; reason: string }>
  counters: Record<string, number>
}

export interface EventTrace {
  matched: string[]
  skipped: PlanResult['skipped']
}

export interface StoredEvent extends CommerceEvent {
  seq: number
  versionSeq: number
  previousSeq: number | null
  trace: EventTrace
}

// ── execution ───────────────────────────────────────────────────────────────────────────────────
export type RunState = 'queued' | 'running' | 'retry_wait' | 'mutex_wait' | 'waiting' | 'suspended' | 'done' | 'ended'

export interface NewRun {
  eventId: string
  ruleId: string
  ruleHash: string
  /** `(resource, rule)`: `${connection}|${kind}|${resourceId}|${ruleId}` */
  lane: string
}

export interface Run extends NewRun {
  /** `${eventId}:${ruleId}` */
  id: string
  /** store order; lanes start runs in this order */
  seq: number
  state: RunState
  /** id of the step to run next; null: the first */
  cursor: string | null
  dueAt: number | null
  leaseOwner: string | null
  leaseToken: number
  leaseUntil: number | null
  /** why it ended: 'completed' | 'condition-false' | 'resolved: <note>' | 'gone' | 'cancelled: rule changed' | … */
  outcome: string | null
  /** history seq of the entity the run's context calls `previous` after a wait (trigger time) */
  triggerSeq: number | null
  createdAt: number
  updatedAt: number
}

export interface ClaimedRun {
  run: Run
  token: number
}

export interface RunChange {
  state: RunState
  cursor?: string | null
  dueAt?: number | null
  outcome?: string | null
  /** with state 'waiting': the timer that resumes the run */
  timer?: NewTimer
  exception?: NewException
}

export type StepState = 'pending' | 'reserved' | 'done' | 'retry_wait' | 'failed' | 'skipped' | 'in_doubt'

export interface LedgerTuple {
  namespace: string
  eventId: string
  ruleId: string
  stepId: string
  target: string
}

export interface LedgerEntry extends LedgerTuple {
  /** base64url(sha256(tuple)); the downstream idempotency key (suffixed `/edit-<n>` after edits) */
  key: string
  runId: string | null
  state: StepState
  attempt: number
  token: number
  params: JsonValue
  idempotency: IdempotencyClass
  effect: FieldEffect[] | null
  resource: { connection: string; kind: ResourceKind; id: string } | null
  result: JsonValue | null
  error: SerializedError | null
  editCount: number
  nextAttemptAt: number | null
  ruleHash: string
  createdAt: number
  updatedAt: number
}

export interface ReserveInput extends LedgerTuple {
  key: string
  runId: string
  token: number
  now: number
  params: JsonValue
  idempotency: IdempotencyClass
  effect: FieldEffect[] | null
  resource: LedgerEntry['resource']
  ruleHash: string
  /** concurrencyKey: an extra mutex granted in store order */
  mutex?: string
}

export type ReserveResult =
  /** go: run the action. `recovered`: a crashed worker had reserved it (apply the idempotency class) */
  | { status: 'reserved'; entry: LedgerEntry; recovered: boolean }
  | { status: 'done' | 'skipped'; entry: LedgerEntry }
  /** failed or in doubt, waiting for an operator */
  | { status: 'exception'; entry: LedgerEntry }
  /** in backoff until `entry.nextAttemptAt` */
  | { status: 'retry_wait'; entry: LedgerEntry }
  /** the mutex is held by an earlier request; the run moved to `mutex_wait` */
  | { status: 'blocked' }
  | { status: 'fenced' }

export type StepOutcome =
  | { state: 'done'; result: JsonValue | null }
  | { state: 'retry_wait'; error: SerializedError; nextAttemptAt: number }
  | { state: 'failed' | 'in_doubt'; error: SerializedError; exception: NewException }

export interface CommitInput {
  key: string
  runId: string
  token: number
  now: number
  outcome: StepOutcome
  /** the run's next state; a done step usually keeps the run `running` with the cursor moved on */
  run: RunChange
}

// ── timers ──────────────────────────────────────────────────────────────────────────────────────
export interface NewTimer {
  id: string
  kind: 'wait' | 'schedule'
  runId?: string
  dueAt: number
  payload?: JsonValue
}

export interface Timer extends NewTimer {
  token: number
  leaseUntil: number | null
}

// ── exceptions ──────────────────────────────────────────────────────────────────────────────────
export type ExceptionKind = 'step' | 'intake' | 'connection' | 'policy'
export type ExceptionState = 'open' | 'retried' | 'skipped' | 'resolved'

export interface NewException {
  kind: ExceptionKind
  code: ErrorCode
  error: SerializedError
  connection?: string
  runId?: string
  ledgerKey?: string
  eventId?: string
  ruleId?: string
  stepId?: string
  resource?: ResourceRef
  params?: JsonValue
  /** intake exceptions: the inbox delivery kept with its raw body (marked failed in the same op) */
  deliverySeq?: number
  now: number
}

export interface ExceptionRecord extends Omit<NewException, 'now'> {
  id: string
  state: ExceptionState
  note: string | null
  /** later events of the same lane that proceeded while this was open */
  laterEvents: string[]
  createdAt: number
  updatedAt: number
}

export type ExceptionOp =
  | { op: 'retry'; params?: JsonValue }
  | { op: 'skip' }
  | { op: 'resolve'; note: string }

export interface PruneResult {
  events: number
  versions: number
  ledger: number
  deliveries: number
}

export interface StoreCounts {
  deliveries: Record<DeliveryState, number>
  events: number
  runs: Partial<Record<RunState, number>>
  ledger: Partial<Record<StepState, number>>
  exceptions: Partial<Record<ExceptionState, number>>
  timers: number
}
