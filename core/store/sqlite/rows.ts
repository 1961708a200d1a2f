import type { ResourceKind } from '../../sdk/entities.js'
import type { ExceptionRecord, LedgerEntry, ResourceState, Run, StoredEvent, Timer } from '../contract.js'
import type { DeliveryRow } from '../shared/tx.js'

/** Column rows as better-sqlite3 returns them, and their mapping to and from the contract's records. */

export function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value)
}

export function parse<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T)
}

export interface DeliveryCols {
  seq: number
  connection: string
  source: 'webhook' | 'poll'
  received_at: string
  headers: string
  body: string
  dedupe_key: string | null
  state: DeliveryRow['state']
  lease_owner: string | null
  lease_until: number | null
}

export function toDeliveryRow(c: DeliveryCols): DeliveryRow {
  return {
    seq: c.seq, connection: c.connection, source: c.source, receivedAt: c.received_at, headers: JSON.parse(c.headers),
    body: c.body, dedupeKey: c.dedupe_key, state: c.state, leaseOwner: c.lease_owner, leaseUntil: c.lease_until,
  }
}

export interface ResourceCols {
  connection: string
  kind: ResourceKind
  id: string
  updated_at: number
  content_hash: string
  normalizer_version: number
  created_at: number
  deleted_at: number | null
  version_seq: number
  milestones: string
  members: string
  /** joined from versions */
  entity: string | null
}

export function toResource(c: ResourceCols): ResourceState {
  return {
    connection: c.connection, kind: c.kind, id: c.id, updatedAt: c.updated_at, contentHash: c.content_hash,
    normalizerVersion: c.normalizer_version, createdAt: c.created_at, entity: parse(c.entity), deletedAt: c.deleted_at,
    versionSeq: c.version_seq, milestones: JSON.parse(c.milestones), members: JSON.parse(c.members),
  }
}

export interface EventCols {
  seq: number
  id: string
  type: StoredEvent['type']
  connection: string
  kind: ResourceKind
  resource_id: string
  version: string
  version_seq: number
  previous_seq: number | null
  occurred_at: string
  received_at: string
  caused_by: string | null
  member: string | null
  changes: string
  trace: string
  /** the last live entity at or before version_seq (joined) */
  data: string | null
}

export function toEvent(c: EventCols): StoredEvent {
  const event: StoredEvent = {
    id: c.id, type: c.type, source: c.connection, resource: { kind: c.kind, id: c.resource_id, version: c.version },
    occurredAt: c.occurred_at, receivedAt: c.received_at, changes: JSON.parse(c.changes), data: parse(c.data) as StoredEvent['data'],
    seq: c.seq, versionSeq: c.version_seq, previousSeq: c.previous_seq, trace: JSON.parse(c.trace),
  }
  if (c.caused_by !== null) event.causedBy = c.caused_by
  if (c.member !== null) event.member = JSON.parse(c.member)
  return event
}

export interface RunCols {
  seq: number
  id: string
  event_id: string
  rule_id: string
  rule_hash: string
  lane: string
  state: Run['state']
  cursor: string | null
  due_at: number | null
  lease_owner: string | null
  lease_token: number
  lease_until: number | null
  outcome: string | null
  trigger_seq: number | null
  created_at: number
  updated_at: number
}

export function toRun(c: RunCols): Run {
  return {
    id: c.id, seq: c.seq, eventId: c.event_id, ruleId: c.rule_id, ruleHash: c.rule_hash, lane: c.lane, state: c.state,
    cursor: c.cursor, dueAt: c.due_at, leaseOwner: c.lease_owner, leaseToken: c.lease_token, leaseUntil: c.lease_until,
    outcome: c.outcome, triggerSeq: c.trigger_seq, createdAt: c.created_at, updatedAt: c.updated_at,
  }
}

/** Named parameters for INSERT/UPDATE of a run (seq excluded). */
export function runParams(run: Omit<Run, 'seq'>): Record<string, unknown> {
  return {
    id: run.id, event_id: run.eventId, rule_id: run.ruleId, rule_hash: run.ruleHash, lane: run.lane, state: run.state,
    cursor: run.cursor, due_at: run.dueAt, lease_owner: run.leaseOwner, lease_token: run.leaseToken,
    lease_until: run.leaseUntil, outcome: run.outcome, trigger_seq: run.triggerSeq, created_at: run.createdAt, updated_at: run.updatedAt,
  }
}

export interface LedgerCols {
  key: string
  namespace: string
  event_id: string
  rule_id: string
  step_id: string
  target: string
  run_id: string | null
  state: LedgerEntry['state']
  attempt: number
  token: number
  params: string
  idempotency: LedgerEntry['idempotency']
  effect: string | null
  res_connection: string | null
  res_kind: ResourceKind | null
  res_id: string | null
  result: string | null
  error: string | null
  edit_count: number
  next_attempt_at: number | null
  rule_hash: string
  created_at: number
  updated_at: number
}

export function toLedger(c: LedgerCols): LedgerEntry {
  return {
    key: c.key, namespace: c.namespace, eventId: c.event_id, ruleId: c.rule_id, stepId: c.step_id, target: c.target,
    runId: c.run_id, state: c.state, attempt: c.attempt, token: c.token, params: JSON.parse(c.params),
    idempotency: c.idempotency, effect: parse(c.effect),
    resource: c.res_connection === null ? null : { connection: c.res_connection, kind: c.res_kind as ResourceKind, id: c.res_id ?? '' },
    result: parse(c.result), error: parse(c.error), editCount: c.edit_count, nextAttemptAt: c.next_attempt_at,
    ruleHash: c.rule_hash, createdAt: c.created_at, updatedAt: c.updated_at,
  }
}

export function ledgerParams(e: LedgerEntry): Record<string, unknown> {
  return {
    key: e.key, namespace: e.namespace, event_id: e.eventId, rule_id: e.ruleId, step_id: e.stepId, target: e.target,
    run_id: e.runId, state: e.state, attempt: e.attempt, token: e.token, params: JSON.stringify(e.params),
    idempotency: e.idempotency, effect: json(e.effect), res_connection: e.resource?.connection ?? null,
    res_kind: e.resource?.kind ?? null, res_id: e.resource?.id ?? null, result: json(e.result), error: json(e.error),
    edit_count: e.editCount, next_attempt_at: e.nextAttemptAt, rule_hash: e.ruleHash, created_at: e.createdAt, updated_at: e.updatedAt,
  }
}

export interface TimerCols {
  id: string
  kind: Timer['kind']
  run_id: string | null
  due_at: number
  payload: string | null
  token: number
  lease_until: number | null
}

export function toTimer(c: TimerCols): Timer {
  const timer: Timer = { id: c.id, kind: c.kind, dueAt: c.due_at, token: c.token, leaseUntil: c.lease_until }
  if (c.run_id !== null) timer.runId = c.run_id
  if (c.payload !== null) timer.payload = JSON.parse(c.payload)
  return timer
}

export function toException(c: { record: string }): ExceptionRecord {
  return JSON.parse(c.record) as ExceptionRecord
}
