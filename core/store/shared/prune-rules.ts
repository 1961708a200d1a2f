import type { ExceptionRecord, LedgerEntry, Run, StepState } from '../contract.js'
import { isTerminal, TERMINAL_RUN_STATES } from './lanes.js'
import type { DeliveryRow, EventRow, PruneInput } from './tx.js'

/**
 * Retention (SEMANTICS.md §14). The store is the erasure mechanism for customer data, so these rules
 * decide what goes; they always keep each resource's latest version (snapshot or tombstone) and
 * anything an open exception or an unfinished run references.
 *
 * - an event received before `eventsBefore` goes with its runs when every run of it is done or ended
 *   and no open exception names the event or one of its runs;
 * - a history version goes when no remaining event references it (`versionSeq`/`previousSeq`) and it is
 *   not its resource's latest;
 * - a ledger row in done/skipped, updated before `ledgerBefore`, goes unless an open exception names it
 *   or its run is unfinished;
 * - a done delivery received before `eventsBefore` goes.
 *
 * The sqlite driver states the same rules as set-based SQL from these constants; lowdb applies the
 * predicates below. The conformance suite holds them together.
 */
export const PRUNABLE_LEDGER_STATES = ['done', 'skipped'] as const satisfies readonly StepState[]
export { TERMINAL_RUN_STATES }

export interface OpenRefs {
  eventIds: Set<string>
  runIds: Set<string>
  ledgerKeys: Set<string>
}

export function openRefs(open: readonly ExceptionRecord[]): OpenRefs {
  const refs: OpenRefs = { eventIds: new Set(), runIds: new Set(), ledgerKeys: new Set() }
  for (const exception of open) {
    if (exception.eventId !== undefined) refs.eventIds.add(exception.eventId)
    if (exception.runId !== undefined) refs.runIds.add(exception.runId)
    if (exception.ledgerKey !== undefined) refs.ledgerKeys.add(exception.ledgerKey)
  }
  return refs
}

export function eventPrunable(event: EventRow, runs: readonly Run[], refs: OpenRefs, input: PruneInput): boolean {
  return (
    Date.parse(event.receivedAt) < input.eventsBefore &&
    !refs.eventIds.has(event.id) &&
    runs.every((run) => isTerminal(run.state) && !refs.runIds.has(run.id))
  )
}

export function ledgerPrunable(entry: LedgerEntry, run: Run | undefined, refs: OpenRefs, input: PruneInput): boolean {
  return (
    (PRUNABLE_LEDGER_STATES as readonly StepState[]).includes(entry.state) &&
    entry.updatedAt < input.ledgerBefore &&
    !refs.ledgerKeys.has(entry.key) &&
    (run === undefined || isTerminal(run.state))
  )
}

export function deliveryPrunable(delivery: DeliveryRow, input: PruneInput): boolean {
  return delivery.state === 'done' && Date.parse(delivery.receivedAt) < input.eventsBefore
}
