import type { ExceptionDetail } from '../daemon/admin-api.js'
import type { ExceptionRecord, LedgerEntry, StoredEvent } from '../store/contract.js'
import { formatAge, formatTable, truncate } from './table.js'

/** Human renderings of exceptions for `cartwire exceptions list|show` (`--json` prints the records as they are). */

const MESSAGE_WIDTH = 80

export function exceptionTable(exceptions: ExceptionRecord[], now: number): string[] {
  return formatTable(
    ['ID', 'KIND', 'CODE', 'RULE/STEP', 'RESOURCE', 'AGE', 'MESSAGE'],
    exceptions.map((e) => [e.id, e.kind, e.code, ruleStep(e), resourceOf(e), formatAge(now - e.createdAt), truncate(e.error.message, MESSAGE_WIDTH)]),
  )
}

/** Everything about one exception: the record, its params and error, the event, the ledger row, later events. */
export function exceptionDetailLines(detail: ExceptionDetail, now: number): string[] {
  const { exception: e, ledger, event } = detail
  const lines = fields([
    ['exception', e.id],
    ['state', e.state],
    ['kind', e.kind],
    ['code', `${e.code} (${e.error.kind})`],
    ['message', e.error.message],
    ['rule', e.ruleId],
    ['step', e.stepId],
    ['resource', resourceOf(e)],
    ['run', e.runId],
    ['delivery', e.deliverySeq === undefined ? undefined : String(e.deliverySeq)],
    ['created', `${iso(e.createdAt)} (${formatAge(now - e.createdAt)} ago)`],
    ['updated', e.updatedAt === e.createdAt ? undefined : iso(e.updatedAt)],
    ['note', e.note ?? undefined],
  ])
  if (e.params !== undefined) lines.push('params', ...indentJson(e.params))
  const { code, kind, message, ...rest } = e.error
  if (Object.values(rest).some((v) => v !== undefined && !(typeof v === 'object' && v !== null && Object.keys(v).length === 0))) {
    lines.push('error', ...indentJson(rest))
  }
  lines.push('event', ...(event ? eventLines(event) : [e.eventId ? `  ${e.eventId} (no longer in the store)` : '  none']))
  if (ledger) lines.push('ledger', ...ledgerLines(ledger))
  lines.push('later events', ...(e.laterEvents.length ? e.laterEvents.map((id) => `  ${id}`) : ['  none']))
  return lines
}

function eventLines(event: StoredEvent): string[] {
  return fields(
    [
      ['id', event.id],
      ['type', `${event.type} from ${event.source}`],
      ['resource', `${event.resource.kind} ${event.resource.id} (version ${event.resource.version})`],
      ['occurred', event.occurredAt],
      ['received', event.receivedAt],
      ['changes', event.changes.length ? event.changes.join(', ') : undefined],
      ['caused by', event.causedBy],
      ['matched', event.trace.matched.join(', ') || undefined],
    ],
    '  ',
  )
}

function ledgerLines(row: LedgerEntry): string[] {
  return fields(
    [
      ['key', row.key + (row.editCount > 0 ? ` (sent as ${row.key}/edit-${row.editCount})` : '')],
      ['state', row.state],
      ['target', row.target],
      ['idempotency', row.idempotency],
      ['attempt', String(row.attempt)],
      ['edits', String(row.editCount)],
      ['next attempt', row.nextAttemptAt === null ? undefined : iso(row.nextAttemptAt)],
      ['updated', iso(row.updatedAt)],
    ],
    '  ',
  )
}

function fields(pairs: Array<[string, string | undefined]>, indent = ''): string[] {
  const present = pairs.filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '')
  const width = Math.max(...present.map(([label]) => label.length))
  return present.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`)
}

function ruleStep(e: ExceptionRecord): string {
  return e.ruleId ? `${e.ruleId}${e.stepId ? `/${e.stepId}` : ''}` : '-'
}

function resourceOf(e: ExceptionRecord): string {
  if (e.resource) return `${e.connection ?? '?'} ${e.resource.kind} ${e.resource.id}`
  return e.connection ?? '-'
}

function indentJson(value: unknown): string[] {
  return JSON.stringify(value, null, 2).split('\n').map((line) => `  ${line}`)
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
