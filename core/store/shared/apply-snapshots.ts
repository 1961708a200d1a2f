import { CartwireError } from '../../sdk/errors.js'
import type { Entity } from '../../sdk/entities.js'
import type { ResourceRef } from '../../sdk/events.js'
import type {
  ApplyHandlers, ApplyInput, ApplyResult, IncomingItem, NewEvent, OwnWrite, ResourceState, StepState, StoredEvent,
} from '../contract.js'
import { requireConnection } from './intake-ops.js'
import { omitUndefined } from './plain-records.js'
import { recordException } from './record-exception.js'
import type { EventRow, ResourceKey, StoreTx } from './tx.js'

/** How long a reserved or done step's expected effect explains an echo (SEMANTICS.md §12). */
export const OWN_WRITE_WINDOW_MS = 10 * 60_000
const OWN_WRITE_STATES: readonly StepState[] = ['reserved', 'done']

/**
 * Snapshots + derived events + runs + inbox ack in one operation (SEMANTICS.md §4). Items are derived in
 * order, each against the resource as the earlier items of this call left it; every new event is then
 * planned, in order, and its runs created. The ack is written only when no item needs a fetch first.
 */
export function applySnapshots(tx: StoreTx, input: ApplyInput, handlers: ApplyHandlers): ApplyResult {
  const connection = requireConnection(tx, input.connection)
  const result: ApplyResult = { events: [], runs: 0, needsFetch: [], dropped: [], counters: {} }
  const count = (name: string): void => {
    result.counters[name] = (result.counters[name] ?? 0) + 1
  }
  const inserted: EventRow[] = []
  const insertedIds = new Set<string>()
  const insertEvents = (events: readonly NewEvent[]): void => {
    for (const event of events) {
      if (insertedIds.has(event.id) || tx.eventExists(event.id)) {
        count('event_exists')
        continue
      }
      const row = eventRow(event)
      inserted.push({ ...row, seq: tx.insertEvent(row) })
      insertedIds.add(event.id)
    }
  }

  for (const item of input.items) {
    const ref = itemRef(item)
    const key: ResourceKey = { connection: input.connection, kind: ref.kind, id: ref.id }
    const stored = tx.getResource(key)
    // a tombstone carries the last live entity, so a fetch-confirmed restore diffs against it
    const previous = stored && stored.entity === null ? { ...stored, lastEntity: tx.eventData(key, stored.versionSeq) ?? null } : stored
    const derivation = handlers.derive(previous, item, {
      connection: input.connection,
      baselineAt: connection.baselineAt,
      now: input.now,
      receivedAt: input.receivedAt,
      canFetch: input.canFetch,
      ownWrites: ownWrites(tx, key, input.now),
      eventExists: (id) => insertedIds.has(id) || tx.eventExists(id),
    })
    switch (derivation.action) {
      case 'drop':
        result.dropped.push({ ref, reason: derivation.reason })
        break
      case 'fetch':
        result.needsFetch.push({ reason: derivation.reason, ref: derivation.ref })
        break
      case 'store':
        tx.putResource(derivation.state)
        tx.insertVersion(keyOf(derivation.state), derivation.state.versionSeq, derivation.state.entity)
        for (const counter of derivation.counters ?? []) count(counter)
        insertEvents(derivation.events)
        break
      case 'events':
        if (derivation.state) {
          if (derivation.state.versionSeq !== previous?.versionSeq) {
            throw new CartwireError('ERR_INTERNAL', `an 'events' derivation must keep the stored version of ${ref.kind} ${ref.id}`)
          }
          tx.putResource(derivation.state)
        }
        insertEvents(derivation.events)
        break
    }
  }

  const recentRuns = (lane: string, since: number): number => tx.countRunsSince(lane, since)
  for (const row of inserted) {
    const event: StoredEvent = { ...row, data: eventData(tx, row) }
    const plan = handlers.plan(event, { now: input.now, recentRuns })
    for (const run of plan.runs) {
      const id = `${run.eventId}:${run.ruleId}`
      if (tx.getRun(id)) continue
      tx.insertRun({
        id, eventId: run.eventId, ruleId: run.ruleId, ruleHash: run.ruleHash, lane: run.lane, state: 'queued', cursor: null,
        dueAt: null, leaseOwner: null, leaseToken: 0, leaseUntil: null, outcome: null, triggerSeq: row.versionSeq,
        createdAt: input.now, updatedAt: input.now,
      })
      result.runs++
    }
    for (const exception of plan.exceptions) recordException(tx, exception)
    const trace = { matched: plan.runs.map((run) => run.ruleId), skipped: plan.skipped }
    tx.setEventTrace(row.id, trace)
    result.events.push({ ...event, trace })
  }

  if (result.needsFetch.length === 0) {
    for (const seq of input.ack) {
      // a delivery an exception marked failed in this operation stays failed
      if (tx.getDelivery(seq)?.state === 'pending') tx.updateDelivery(seq, { state: 'done', leaseOwner: null, leaseUntil: null })
    }
  }
  return result
}

/** The entity an event shows; `null` only for a tombstone of a resource never seen alive. */
export function eventData(tx: StoreTx, row: EventRow): Entity {
  const key = { connection: row.source, kind: row.resource.kind, id: row.resource.id }
  return (tx.eventData(key, row.versionSeq) ?? null) as Entity
}

function ownWrites(tx: StoreTx, key: ResourceKey, now: number): OwnWrite[] {
  return tx
    .ledgerWithEffect(key, now - OWN_WRITE_WINDOW_MS)
    .filter((entry) => entry.effect !== null && OWN_WRITE_STATES.includes(entry.state))
    .map((entry) => ({ key: entry.key, effect: entry.effect ?? [], at: entry.updatedAt }))
}

/** Only the event's own fields: an entity passed along by mistake is never copied into the event. */
function eventRow(event: NewEvent): Omit<EventRow, 'seq'> {
  return omitUndefined({
    id: event.id, type: event.type, source: event.source, resource: event.resource, occurredAt: event.occurredAt,
    receivedAt: event.receivedAt, causedBy: event.causedBy, member: event.member, changes: event.changes,
    versionSeq: event.versionSeq, previousSeq: event.previousSeq, trace: { matched: [], skipped: [] },
  })
}

function keyOf(state: ResourceState): ResourceKey {
  return { connection: state.connection, kind: state.kind, id: state.id }
}

function itemRef(item: IncomingItem): ResourceRef {
  if ('snapshot' in item) return { kind: item.snapshot.kind, id: item.snapshot.entity.id }
  if ('gone' in item) return { kind: item.gone.kind, id: item.gone.id }
  return { kind: item.hint.ref.kind, id: item.hint.ref.id }
}
