import type { FieldEffect } from '../sdk/action.js'
import type { Entity, ResourceKind } from '../sdk/entities.js'
import type { ErrorCode, SerializedError } from '../sdk/errors.js'
import type { CommerceEvent, EventType } from '../sdk/events.js'
import type { Decoded, Delivery, IdempotencyClass, JsonValue, Snapshot, GoneRef } from '../sdk/connector.js'
import type { ResourceRef } from '../sdk/events.js'

/**
 * The Store contract (SEMANTICS.md §4): domain operations, each atomic in every driver, with no network
 * I/O inside. Change detection and run planning are pure functions the core passes in (`ApplyHandlers`);
 * a driver calls them inside its transaction, so every driver derives exactly the same events.
 * All times are epoch ms from the injected clock.
 */
export interface Store {
  readonly driver: 'sqlite' | 'lowdb' | 'postgres'

  // ── connections and intake ────────────────────────────────────────────────────────────────────
  /** Creates the connection's row at first start (recording `baselineAt = now`); returns it. */
  ensureConnection(id: string, now: number): Promise<ConnectionState>
  getConnection(id: string): Promise<ConnectionState | undefined>
  /** Appends raw deliveries in one transaction (group commit). A delivery whose dedupe key was seen is dropped. */
  appendDeliveries(items: NewDelivery[]): Promise<AppendResult[]>
  /** One poll page into the inbox; `cursor` is given on the last page of a walk and stored with it. */
  applyPollPage(input: { connection: string; receivedAt: string; items: Decoded[]; cursor?: JsonValue }): Promise<AppendResult>
  /** Leases pending deliveries for decoding. */
  claimDeliveries(owner: string, now: number, leaseMs: number, limit: number): Promise<Delivery[]>

  // ── change detection ──────────────────────────────────────────────────────────────────────────
  /** Snapshots + derived events + runs to create + inbox ack, atomically (see ApplyHandlers). */
  applySnapshots(input: ApplyInput, handlers: ApplyHandlers): Promise<ApplyResult>

  // ── execution ─────────────────────────────────────────────────────────────────────────────────
  /** Leases runnable runs, respecting lanes (§6): at most one active run per lane, in event order. */
  claimWork(owner: string, now: number, leaseMs: number, limit: number): Promise<ClaimedRun[]>
  /** Heartbeat: extends the run's lease; false when it was taken over. */
  renewLease(runId: string, token: number, until: number): Promise<boolean>
  /** Reserve → run → commit, step one. Records the expected effect (own writes, §12). */
  reserveStep(input: ReserveInput): Promise<ReserveResult>
  /** Fenced: refused (`{ ok: false }`) when the run's lease was taken over. */
  commitStep(input: CommitInput): Promise<{ ok: boolean }>
  /** Moves a run without a step commit (gate false, wait, end, continue). Fenced like commitStep. */
  updateRun(runId: string, token: number, change: RunChange): Promise<{ ok: boolean }>
  /**
   * Runs that no event created (a scheduled rule's tick): inserted queued, once per id (`${eventId}:${ruleId}`,
   * where eventId names the tick), so two schedulers racing on one tick start it once. Returns how many were new.
   */
  createRuns(runs: NewRun[], now: number): Promise<number>
  scheduleTimer(timer: NewTimer): Promise<void>
  /** Leases due timers; a timer is deleted only when `completeTimer` runs, so a crash re-delivers it. */
  claimDueTimers(owner: string, now: number, leaseMs: number, limit: number): Promise<Timer[]>
  /** Deletes the timer and applies its run change (a wait resumes: waiting → queued) atomically. */
  completeTimer(timerId: string, token: number, runChange?: { runId: string; change: RunChange }): Promise<{ ok: boolean }>

  // ── exceptions ────────────────────────────────────────────────────────────────────────────────
  recordException(input: NewException): Promise<ExceptionRecord>
  /** The store side of retry / edit-and-retry / skip / resolve (§7): exception, ledger row and run change together. */
  updateException(id: string, op: ExceptionOp, now: number): Promise<ExceptionRecord>

  // ── settings ──────────────────────────────────────────────────────────────────────────────────
  /** Small durable values the daemon keeps (paused rules, last schedule ticks). */
  getSetting(key: string): Promise<JsonValue | undefined>
  /** `null` deletes it */
  setSetting(key: string, value: JsonValue | null): Promise<void>

  // ── retention ─────────────────────────────────────────────────────────────────────────────────
  prune(input: { now: number; eventsBefore: number; ledgerBefore: number }): Promise<PruneResult>

  // ── reads ─────────────────────────────────────────────────────────────────────────────────────
  getResource(connection: string, kind: ResourceKind, id: string): Promise<ResourceState | undefined>
  getVersion(connection: string, kind: ResourceKind, id: string, seq: number): Promise<Entity | undefined>
  getEvent(id: string): Promise<StoredEvent | undefined>
  listEvents(filter?: { connection?: string; type?: EventType; resourceId?: string; afterSeq?: number; limit?: number }): Promise<StoredEvent[]>
  getRun(id: string): Promise<Run | undefined>
  listRuns(filter?: { state?: RunState; eventId?: string; ruleId?: string; limit?: number }): Promise<Run[]>
  getLedgerEntry(key: string): Promise<LedgerEntry | undefined>
  listLedger(filter?: { eventId?: string; state?: StepState; limit?: number }): Promise<LedgerEntry[]>
  getException(id: string): Promise<ExceptionRecord | undefined>
  listExceptions(filter?: { state?: ExceptionState; kind?: ExceptionKind; limit?: number }): Promise<ExceptionRecord[]>
  listTimers(): Promise<Timer[]>
  getDelivery(seq: number): Promise<(Delivery & { state: DeliveryState }) | undefined>
  counts(): Promise<StoreCounts>

  schemaVersion(): Promise<number>
  close(): Promise<void>
}

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
