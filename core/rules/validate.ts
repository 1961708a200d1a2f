import { basename } from 'node:path'
import { validateDetailed } from 'node-cron'
import { diagnostic } from './codes.js'
import { ruleConnections, type ValidationEnv } from './connections.js'
import type { Diagnostic, Rule } from './types.js'
import { checkReads } from './validate-paths.js'
import { checkSteps } from './validate-steps.js'

/**
 * `cartwire validate` for rules, and the gate of `start` and `reload`: a rule set with any error is
 * refused as a whole. load.ts has judged each file on its own; this judges the loaded rules against
 * each other and the config. Codes: codes.ts. Diagnostics come per rule in file order.
 */
export type { ValidationEnv } from './connections.js'

export function validateRules(rules: Rule[], env: ValidationEnv): Diagnostic[] {
  const out: Diagnostic[] = []
  const filesById = new Map<string, string[]>()
  for (const rule of rules) filesById.set(rule.id, [...(filesById.get(rule.id) ?? []), rule.file])
  for (const rule of [...rules].sort((a, b) => a.file.localeCompare(b.file))) {
    if (rule.file.endsWith('.json') && basename(rule.file, '.json') !== rule.id) {
      out.push(diagnostic('rule/file-name', rule.file, 'id', `the rule id "${rule.id}" differs from the file name: name the file ${rule.id}.json`))
    }
    // reported in every file that has the id: which one is "the copy" is not for us to say
    const others = filesById.get(rule.id)!.filter((file) => file !== rule.file)
    if (others.length) out.push(diagnostic('rule/duplicate-id', rule.file, 'id', `rule id "${rule.id}" is also used by ${others.join(', ')}`))
    out.push(...checkTriggers(rule, env), ...checkReads(rule, env), ...checkSteps(rule, env))
  }
  return out
}

function checkTriggers(rule: Rule, env: ValidationEnv): Diagnostic[] {
  const out: Diagnostic[] = []
  rule.schedules.forEach((trigger, k) => {
    // `on` mixes strings and schedules; the index is exact when the rule has schedules only
    const at = rule.on.length === 0 ? `on[${k}]` : 'on'
    const cron = validateDetailed(trigger.schedule)
    if (!cron.valid) {
      const why = cron.errors.map((e) => e.message).join('; ') || 'not a cron expression'
      out.push(diagnostic('rule/bad-cron', rule.file, `${at}.schedule`, `"${trigger.schedule}": ${why}`))
    }
    if (trigger.timezone !== undefined && !isTimeZone(trigger.timezone)) {
      out.push(diagnostic('rule/bad-timezone', rule.file, `${at}.timezone`, `"${trigger.timezone}" is not an IANA time zone like Europe/Berlin`))
    }
  })
  if (rule.on.length === 0) return out
  const { included, excluded } = ruleConnections(rule, env)
  for (const { id, reason, cause } of excluded) {
    if (!rule.sources) continue
    const at = `sources[${rule.sources.indexOf(id)}]`
    if (cause === 'unknown') out.push(diagnostic('rule/unknown-source', rule.file, at, `"${id}": ${reason}`))
    else if (cause === 'emits') out.push(diagnostic('rule/source-emits-none', rule.file, at, `"${id}": ${reason}; the rule never runs for it`))
    // a source lacking a capability is reported on the step (rule/missing-capability)
  }
  // with `sources`, unknown ids and missing capabilities have their own errors above and on the steps
  if (included.length === 0 && excluded.every((e) => !rule.sources || e.cause === 'emits')) {
    const why = excluded.length ? excluded.map((e) => `${e.id}: ${e.reason}`).join('; ') : 'the config has no connections'
    out.push(diagnostic('rule/no-connection', rule.file, 'on', `no connection can run this rule (${why})`))
  }
  return out
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** An informational line of `cartwire validate`; not a Diagnostic, whose severities are error and warning. */
export interface RuleNote {
  code: 'rule/sources-left-out'
  file: string
  path: string
  message: string
}

/** Rules without `sources`: which connections they were left out of, and why (SEMANTICS.md §9). */
export function ruleNotes(rules: Rule[], env: ValidationEnv): RuleNote[] {
  const notes: RuleNote[] = []
  for (const rule of rules) {
    if (rule.sources || rule.on.length === 0) continue
    const { included, excluded } = ruleConnections(rule, env)
    if (excluded.length === 0 || included.length === 0) continue
    const message = `runs on ${included.join(', ')}; left out ${excluded.map((e) => `${e.id} (${e.reason})`).join(', ')}`
    notes.push({ code: 'rule/sources-left-out', file: rule.file, path: 'sources', message })
  }
  return notes
}

export function formatNote(note: RuleNote): string {
  return `${note.file}: ${note.path}: info: ${note.message} [${note.code}]`
}
