import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SCHEMA_BASE, validateAgainst } from '../model/schemas.js'
import { isDuration, parseDuration } from '../sdk/duration.js'
import { EVENT_TYPES, isEventType } from '../sdk/events.js'
import { diagnostic } from './codes.js'
import { isAtOrBelow, parseJsonText } from './json-text.js'
import { buildRule } from './rule-build.js'
import { closest, didYouMean } from './suggest.js'
import type { Diagnostic, Rule } from './types.js'

/**
 * Reading rule files: rules/*.json except *.test.json. This layer judges each file on its own (JSON,
 * schemas/rule.schema.json, step shapes); judging rules against the config and each other is
 * validate.ts. A file with any error here yields no Rule.
 */

export const RULE_SCHEMA_ID = `${SCHEMA_BASE}rule.schema.json`

export async function loadRuleFiles(dir: string): Promise<{ rules: Rule[]; diagnostics: Diagnostic[] }> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json') && !name.endsWith('.test.json')).sort()
  } catch (e) {
    return { rules: [], diagnostics: [diagnostic('rule/read-error', dir, '', `cannot read the rules folder: ${(e as Error).message}`)] }
  }
  const rules: Rule[] = []
  const diagnostics: Diagnostic[] = []
  for (const name of names) {
    const file = join(dir, name)
    const result = await readRuleFile(file)
    if (result.rule) rules.push(result.rule)
    diagnostics.push(...result.diagnostics)
  }
  return { rules, diagnostics }
}

export async function readRuleFile(file: string): Promise<{ rule?: Rule; diagnostics: Diagnostic[] }> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    return { diagnostics: [diagnostic('rule/read-error', file, '', (e as Error).message)] }
  }
  return parseRuleText(file, text)
}

/** JSON text → Rule, with line:column for syntax errors (in the diagnostic's path slot). */
export function parseRuleText(file: string, text: string): { rule?: Rule; diagnostics: Diagnostic[] } {
  const parsed = parseJsonText(text)
  if (!parsed.ok) {
    const { line, column, message } = parsed.error
    return { diagnostics: [diagnostic('rule/invalid-json', file, `${line}:${column}`, `invalid JSON: ${message}`)] }
  }
  const duplicates = parsed.duplicates.map((d) =>
    diagnostic('rule/duplicate-key', file, d.path, `this key appears more than once in its object (again at line ${d.line}:${d.column}); JSON keeps only the last`),
  )
  const result = parseRule(file, parsed.value)
  return duplicates.length ? { diagnostics: [...duplicates, ...result.diagnostics] } : result
}

/**
 * A parsed rule file (or an in-memory rule for tests and `simulate`) → a frozen Rule with defaults
 * filled in, or the reasons it is not one.
 */
export function parseRule(file: string, json: unknown): { rule?: Rule; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  /** JSON paths whose schema issues are replaced by a more precise diagnostic */
  const covered: string[] = []
  const cover = (d: Diagnostic) => {
    diagnostics.push(d)
    covered.push(d.path)
  }
  const doc = isObject(json) ? json : undefined
  if (Array.isArray(doc?.on)) {
    doc.on.forEach((trigger, i) => {
      if (typeof trigger === 'string' && !isEventType(trigger)) {
        cover(diagnostic('rule/unknown-event', file, `on[${i}]`, `"${trigger}" is not an event type${didYouMean(closest(trigger, EVENT_TYPES))}`))
      }
    })
  }
  const steps = Array.isArray(doc?.then) ? doc.then : undefined
  if (steps?.length === 0) cover(diagnostic('rule/empty-then', file, 'then', 'a rule needs at least one step'))
  steps?.forEach((step, i) => {
    if (!isObject(step)) return
    const at = `then[${i}]`
    const kinds = (['action', 'wait', 'if'] as const).filter((key) => key in step)
    if (kinds.length > 1) {
      cover(diagnostic('rule/ambiguous-step', file, at, `a step is an action, a wait or a gate; this one is ${kinds.map(kindName).join(' and ')} — split it into ${kinds.length} steps`))
      return
    }
    if (kinds.length === 0) {
      cover(diagnostic('rule/step-kind', file, at, 'a step needs "action", "wait" or "if"'))
      return
    }
    covered.push(at)
    const wait = step.wait
    if (kinds[0] === 'wait' && (!isDuration(wait) || !(parseDuration(wait) > 0) || !Number.isSafeInteger(parseDuration(wait)))) {
      cover(diagnostic('rule/bad-duration', file, `${at}.wait`, `${JSON.stringify(wait)} is not a positive duration like 30s, 10m, 2h or 1d`))
    }
    for (const issue of validateAgainst(`${RULE_SCHEMA_ID}#/$defs/${kinds[0] === 'if' ? 'gate' : kinds[0]}Step`, step)) {
      const path = issue.path ? `${at}${issue.path.startsWith('[') ? '' : '.'}${issue.path}` : at
      if (!diagnostics.some((d) => d.path === path && d.code === 'rule/bad-duration')) diagnostics.push(diagnostic('rule/schema', file, path, issue.message))
    }
  })
  for (const issue of validateAgainst(RULE_SCHEMA_ID, json)) {
    if (!covered.some((path) => isAtOrBelow(issue.path, path))) diagnostics.push(diagnostic('rule/schema', file, issue.path, issue.message))
  }
  if (diagnostics.length > 0) return { diagnostics }
  return { rule: buildRule(file, json as Record<string, unknown>), diagnostics }
}

function kindName(key: 'action' | 'wait' | 'if'): string {
  return key === 'action' ? 'an action' : key === 'wait' ? 'a wait' : 'a gate (if)'
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
