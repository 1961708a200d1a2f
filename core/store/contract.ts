import type { Entity, ResourceKind } from '../sdk/entities.js'
import type { Decoded, Delivery, JsonValue } from '../sdk/connector.js'
import type { EventType } from '../sdk/events.js'
import type {
  AppendResult, ApplyHandlers, ApplyInput, ApplyResult, ClaimedRun, CommitInput, ConnectionState, DeliveryState, ExceptionKind,
  ExceptionOp, ExceptionRecord, ExceptionState, LedgerEntry, NewDelivery, NewException, NewRun, NewTimer, PruneResult, ReserveInput,
  ReserveResult, ResourceState, Run, RunChange, RunState, StepState, StoreCounts, StoredEvent, Timer,
} from './records.js'

export type * from './records.js'

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

