import { createHash } from 'node:crypto'
import type { LedgerTuple } from '../store/contract.js'

/**
 * The ledger key and downstream idempotency key: base64url(sha256(tuple)) (SEMANTICS.md §5). The tuple
 * excludes the rule's version, so editing a rule never re-runs done steps.
 */
export function ledgerKey(tuple: LedgerTuple): string {
  return createHash('sha256').update(JSON.stringify([tuple.namespace, tuple.eventId, tuple.ruleId, tuple.stepId, tuple.target])).digest('base64url')
}

/** After edit-and-retry the downstream key changes (`/edit-<n>`); the ledger row stays the same. */
export function downstreamKey(key: string, editCount: number): string {
  return editCount > 0 ? `${key}/edit-${editCount}` : key
}
