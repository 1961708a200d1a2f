import type { Entity, ResourceKind } from '../../sdk/entities.js'
import type { Delivery, JsonValue } from '../../sdk/connector.js'
import type {
  ConnectionState, DeliveryState, EventTrace, ExceptionKind, ExceptionRecord, ExceptionState, LedgerEntry, PruneResult,
  ResourceState, Run, RunState, StepState, StoreCounts, StoredEvent, Timer,
} from '../contract.js'
import type { EventType } from '../../sdk/events.js'

/**
 * The seam between the store's logic and its drivers.
 *
 * Every Store operation is written once, in core/store/shared/, as a synchronous function over a
 * `StoreTx`: the records it reads and the rows it writes. A driver supplies two things: an implementation
 * of these primitives (sqlite: prepared statements; lowdb: plain objects with an undo journal) and a way
 * to run one operation atomically (`StoreDriver.write`). The primitives hold no decisions: which run may
 * start, what a reserve answers, what an operator's retry changes all live in shared/ as pure functions.
 *
 * Rows handed out by a reader are the caller's to keep: a driver never lets a later write change an
 * object it returned, and never keeps a reference to an object it was given.
 */
export interface ResourceKey {
  connection: string
  kind: ResourceKind
  id: string
}

export interface DeliveryRow extends Delivery {
  dedupeKey: string | null
  state: DeliveryState
  leaseOwner: string | null
  leaseUntil: number | null
}

/** An event as stored: it references versions in history instead of copying the entity. */
export type EventRow = Omit<StoredEvent, 'data'>

/** One request for a `concurrencyKey` mutex; the lowest id per mutex holds it (store order). */
export interface MutexRequest {
  id: number
  mutex: string
  ledgerKey: string
  runId: string
}

export interface EventFilter {
  connection?: string
  type?: EventType
  resourceId?: string
  afterSeq?: number
  limit?: number
}

export interface RunFilter {
  state?: RunState
  eventId?: string
  ruleId?: string
  limit?: number
}

export interface LedgerFilter {
  eventId?: string
  state?: StepState
  limit?: number
}

export interface ExceptionFilter {
  state?: ExceptionState
  kind?: ExceptionKind
  limit?: number
}

export interface PruneInput {
  now: number
  eventsBefore: number
  ledgerBefore: number
}

export interface StoreReader {
  getConnection(id: string): ConnectionState | undefined

  getDelivery(seq: number): DeliveryRow | undefined
  findDeliverySeq(dedupeKey: string): number | undefined
  /** pending deliveries whose lease is free or expired (`leaseUntil < now`), in seq order */
  claimableDeliveries(now: number, limit: number): DeliveryRow[]

  getResource(key: ResourceKey): ResourceState | undefined
  /** the history row: an entity, `null` for a tombstone, `undefined` when absent */
  getVersion(key: ResourceKey, seq: number): Entity | null | undefined
  /** the entity an event at `seq` shows: the last live version at or before it (tombstones show the last live entity) */
  eventData(key: ResourceKey, seq: number): Entity | undefined
  eventExists(id: string): boolean
  getEvent(id: string): StoredEvent | undefined
  listEvents(filter: EventFilter): StoredEvent[]

  getRun(id: string): Run | undefined
  listRuns(filter: RunFilter): Run[]
  /** runs of `lane` created at or after `since` */
  countRunsSince(lane: string, since: number): number
  /**
   * Runs that may be claimed now, in seq order, at most `limit`: lane heads of free lanes, due
   * `retry_wait` runs, and `running` runs whose lease expired. The driver applies lanes.ts's rules (it may
   * use an index to do so); the caller still picks at most one per lane.
   */
  claimCandidates(now: number, limit: number): Run[]

  getLedger(key: string): LedgerEntry | undefined
  listLedger(filter: LedgerFilter): LedgerEntry[]
  /** ledger rows about `resource` with a recorded effect, updated at or after `since` */
  ledgerWithEffect(resource: ResourceKey, since: number): LedgerEntry[]

  /** the request holding `mutex` (lowest id), if any */
  mutexHolder(mutex: string): MutexRequest | undefined
  findMutexRequest(mutex: string, ledgerKey: string): MutexRequest | undefined

  getTimer(id: string): Timer | undefined
  /** timers with `dueAt <= now` whose lease is free or expired, by dueAt */
  dueTimers(now: number, limit: number): Timer[]
  listTimers(): Timer[]

  getException(id: string): ExceptionRecord | undefined
  listExceptions(filter: ExceptionFilter): ExceptionRecord[]
  /** open step exceptions whose run is in `lane` */
  openStepExceptionsInLane(lane: string): ExceptionRecord[]

  counts(): StoreCounts

  getSetting(key: string): JsonValue | undefined
}

export interface StoreTx extends StoreReader {
  putConnection(connection: ConnectionState): void

  /** returns the new seq */
  insertDelivery(row: Omit<DeliveryRow, 'seq'>): number
  updateDelivery(seq: number, patch: Pick<DeliveryRow, 'state' | 'leaseOwner' | 'leaseUntil'>): void

  /** upserts the resource's row; its entity lives in history at `state.versionSeq` */
  putResource(state: ResourceState): void
  /** throws when the version already exists: history is append-only */
  insertVersion(key: ResourceKey, seq: number, entity: Entity | null): void
  /** returns the new seq */
  insertEvent(row: Omit<EventRow, 'seq'>): number
  setEventTrace(id: string, trace: EventTrace): void

  /** returns the new seq (monotonic, never reused) */
  insertRun(run: Omit<Run, 'seq'>): number
  /** replaces an existing run */
  putRun(run: Run): void

  putLedger(entry: LedgerEntry): void

  insertMutexRequest(mutex: string, ledgerKey: string, runId: string): MutexRequest
  /** deletes the requests of a ledger row (or of a run) and returns them */
  deleteMutexRequests(by: { ledgerKey: string } | { runId: string }): MutexRequest[]

  putTimer(timer: Timer): void
  deleteTimer(id: string): void
  deleteTimersOfRun(runId: string): void

  /** `lane`: the lane of the exception's run, kept so later runs of that lane can be noted */
  insertException(record: ExceptionRecord, lane: string | null): void
  putException(record: ExceptionRecord): void

  /** `null` deletes the setting */
  putSetting(key: string, value: JsonValue | null): void

  /** deletes what retention allows; the rules are in prune-rules.ts */
  prune(input: PruneInput): PruneResult
}

/** What a driver hands to `createStore`. */
export interface StoreDriver {
  readonly driver: 'sqlite' | 'lowdb' | 'postgres'
  /**
   * runs `fn` atomically: when it throws, nothing it wrote remains. `durable`: the promise settles only
   * once the commit would survive power loss (when the store is configured for it)
   */
  write<T>(fn: (tx: StoreTx) => T, opts?: { durable?: boolean }): Promise<T>
  read<T>(fn: (reader: StoreReader) => T): Promise<T>
  schemaVersion(): Promise<number>
  close(): Promise<void>
}
