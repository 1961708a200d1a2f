import type { Diagnostic, Severity } from './types.js'

/**
 * The stable codes of rule diagnostics, one table (like core/sdk/errors.ts for runtime errors). Tools
 * and CI filters may match on them; a code is never reused for another meaning.
 * test/fixtures/rules-broken/ holds one file per error and warning code (except file-level read errors).
 */
export const RULE_CODES = {
  // load.ts: the file itself
  'rule/read-error': { severity: 'error', summary: 'the rules folder or a rule file cannot be read' },
  'rule/invalid-json': { severity: 'error', summary: 'the file is not JSON (line:column given)' },
  'rule/duplicate-key': { severity: 'error', summary: 'a key appears twice in one object; JSON.parse would keep only the last' },
  'rule/schema': { severity: 'error', summary: 'the file does not match schemas/rule.schema.json' },
  'rule/unknown-event': { severity: 'error', summary: '`on` names an event type that does not exist' },
  'rule/empty-then': { severity: 'error', summary: '`then` has no steps' },
  'rule/ambiguous-step': { severity: 'error', summary: 'a step is more than one of action, wait and gate' },
  'rule/step-kind': { severity: 'error', summary: 'a step is none of action, wait and gate' },
  'rule/bad-duration': { severity: 'error', summary: 'a wait is not a positive duration like 30m' },
  // validate.ts: the rule set against the config
  'rule/file-name': { severity: 'error', summary: 'the file name differs from the rule id' },
  'rule/duplicate-id': { severity: 'error', summary: 'two rule files have the same id' },
  'rule/duplicate-step-id': { severity: 'error', summary: 'two steps of a rule have the same id' },
  'rule/bad-cron': { severity: 'error', summary: 'a schedule is not a valid cron expression' },
  'rule/bad-timezone': { severity: 'error', summary: 'a schedule names an unknown IANA time zone' },
  'rule/unknown-action': { severity: 'error', summary: 'an action is neither unified, standalone nor a connector capability' },
  'rule/unknown-operator': { severity: 'error', summary: 'JSON Logic uses an operator json-logic-js does not have' },
  'rule/unknown-path': { severity: 'error', summary: 'a `var` or `{{path}}` path is not in the context of one of the `on` types' },
  'rule/bad-template': { severity: 'error', summary: 'a `{{…}}` is not a path, or a `{{` is not closed' },
  'rule/invalid-params': { severity: 'error', summary: "params do not match the action's schema" },
  'rule/unknown-source': { severity: 'error', summary: '`sources` names no configured connection' },
  'rule/unknown-target': { severity: 'error', summary: "a step's `target` names no configured connection" },
  'rule/missing-capability': { severity: 'error', summary: "a step's connection lacks the capability" },
  'rule/no-connection': { severity: 'error', summary: 'no connection emits the `on` types with the capabilities the rule needs' },
  'rule/schedule-target': { severity: 'error', summary: "a scheduled rule's action step names no `target`" },
  'rule/order-id-required': { severity: 'error', summary: 'an order action aimed at another connection (or from a schedule) has no `orderId`' },
  'rule/wait-default-ids': { severity: 'warning', summary: 'a rule with a wait relies on default step ids' },
  'rule/wait-without-fetch': { severity: 'warning', summary: 'after a wait, a connection without fetch gives the stored snapshot, not current state' },
  'rule/source-emits-none': { severity: 'warning', summary: 'a listed source emits none of the `on` types' },
  // notes (not diagnostics: the Diagnostic type has no info severity)
  'rule/sources-left-out': { severity: 'info', summary: 'connections an omitted `sources` left out, and why' },
  // rule-test files
  'test/invalid-json': { severity: 'error', summary: 'a rule test file is not JSON' },
  'test/schema': { severity: 'error', summary: 'a rule test file does not match schemas/rule-test.schema.json' },
  'test/unknown-rule': { severity: 'error', summary: 'a rule test file has no valid rule beside it' },
} as const satisfies Record<string, { severity: Severity | 'info'; summary: string }>

export type RuleCode = keyof typeof RULE_CODES

type DiagnosticCode = { [C in RuleCode]: (typeof RULE_CODES)[C]['severity'] extends Severity ? C : never }[RuleCode]

/** A diagnostic whose severity comes from the table, so a code always has the same severity. */
export function diagnostic(code: DiagnosticCode, file: string, path: string, message: string): Diagnostic {
  return { severity: RULE_CODES[code].severity as Severity, code, file, path, message }
}
