import type { EventType } from '../sdk/events.js'

/** A JSON Logic expression (json-logic-js semantics). */
export type Logic = unknown

export interface ScheduleTrigger {
  schedule: string
  /** IANA zone; default: the config timezone */
  timezone?: string
}

export interface ActionStep {
  kind: 'action'
  /** unique in the rule; default: the action name, `#2`, `#3` for repeats */
  id: string
  action: string
  /** raw params as written: `{{path}}` strings and `{"$logic": …}` resolved at run time */
  params: Record<string, unknown>
  /** connection id; default: the event's source */
  target?: string
  /** `{{path}}`: an extra mutex on top of the step's lane (SEMANTICS.md §6) */
  concurrencyKey?: string
  /** http.request only: the target honours the Idempotency-Key header (class `keyed` instead of `unsafe`) */
  idempotent?: boolean
}

export interface WaitStep {
  kind: 'wait'
  id: string
  wait: string
  waitMs: number
}

export interface GateStep {
  kind: 'if'
  id: string
  if: Logic
}

export type Step = ActionStep | WaitStep | GateStep

/** A loaded, validated rule (rules/<id>.json). */
export interface Rule {
  id: string
  description?: string
  /** event types; empty for scheduled rules */
  on: EventType[]
  schedules: ScheduleTrigger[]
  sources?: string[]
  if?: Logic
  then: Step[]
  enabled: boolean
  /** match `<kind>.updated` events fully explained by cartwire's own write (SEMANTICS.md §12) @default false */
  onOwnChanges: boolean
  exceptions?: { autoResolve?: 'sameResource' }
  /** allow `cartwire backfill` to run this rule's customer-facing actions @default false */
  backfill: boolean
  /** true when a step id was defaulted (validate warns for rules with waits) */
  defaultedStepIds: boolean
  /** path of the file it came from */
  file: string
  /** sha256 of the file's canonical content; recorded in the ledger for plan and replay */
  hash: string
}

export type Severity = 'error' | 'warning'

export interface Diagnostic {
  severity: Severity
  /** a stable code, e.g. `rule/unknown-action` */
  code: string
  file: string
  /** JSON path inside the file, e.g. `then[1].params.url` */
  path: string
  message: string
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}: ${d.path || '(root)'}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message} [${d.code}]`
}
