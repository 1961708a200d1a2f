import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { SCHEMA_BASE, validateAgainst } from '../model/schemas.js'
import { diagnostic } from './codes.js'
import type { ValidationEnv } from './connections.js'
import { parseJsonText } from './json-text.js'
import { planRun, type PlannedRun, type PlannedStep } from './plan-run.js'
import { FixtureError, planInput, unreachedBecause, type ExpectedStep, type RuleTestCase } from './rule-test-context.js'
import type { Diagnostic, Rule } from './types.js'
import { show, valueDiff } from './value-diff.js'

/**
 * Rule tests (`cartwire test`): rules/<id>.test.json beside rules/<id>.json, format in
 * schemas/rule-test.schema.json. A case passes when the event reaches the rule and its `if` holds
 * exactly when `expect.matched` says so, and — where given — the actions and waits that would run
 * (params resolved) and the step the run stopped at are as expected. Disabled rules are tested too:
 * a test checks what the rule would do, not whether it is switched on.
 */
export type { RuleTestCase, ExpectedStep } from './rule-test-context.js'

export const RULE_TEST_SCHEMA_ID = `${SCHEMA_BASE}rule-test.schema.json`

export interface RuleTestFile {
  file: string
  /** the rule under test: the file name without .test.json */
  rule: string
  cases: RuleTestCase[]
}

export interface RuleTestResult {
  file: string
  rule: string
  name: string
  passed: boolean
  /** what differs from the expectation, one line each */
  problems: string[]
  run?: PlannedRun
}

export async function loadRuleTestFiles(dir: string): Promise<{ files: RuleTestFile[]; diagnostics: Diagnostic[] }> {
  const files: RuleTestFile[] = []
  const diagnostics: Diagnostic[] = []
  let names: string[]
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.test.json')).sort()
  } catch (e) {
    return { files, diagnostics: [diagnostic('rule/read-error', dir, '', `cannot read the rules folder: ${(e as Error).message}`)] }
  }
  for (const name of names) {
    const file = join(dir, name)
    const text = await readFile(file, 'utf8').catch((e: Error) => e)
    if (text instanceof Error) {
      diagnostics.push(diagnostic('rule/read-error', file, '', text.message))
      continue
    }
    const parsed = parseJsonText(text)
    if (!parsed.ok) {
      diagnostics.push(diagnostic('test/invalid-json', file, `${parsed.error.line}:${parsed.error.column}`, `invalid JSON: ${parsed.error.message}`))
      continue
    }
    const issues = validateAgainst(RULE_TEST_SCHEMA_ID, parsed.value).map((i) => diagnostic('test/schema', file, i.path, i.message))
    const cases = issues.length ? [] : (parsed.value as { cases: RuleTestCase[] }).cases
    cases.forEach((c, i) => {
      if (!c.event === !c.schedule) issues.push(diagnostic('test/schema', file, `cases[${i}]`, 'a case gives either "event" or "schedule"'))
    })
    if (issues.length) diagnostics.push(...issues)
    else files.push({ file, rule: basename(name, '.test.json'), cases })
  }
  return { files, diagnostics }
}

export function runRuleTests(rules: Rule[], files: RuleTestFile[], env: ValidationEnv): RuleTestResult[] {
  const results: RuleTestResult[] = []
  for (const testFile of files) {
    const rule = rules.find((r) => r.id === testFile.rule)
    for (const c of testFile.cases) {
      const result = { file: testFile.file, rule: testFile.rule, name: c.name }
      if (!rule) {
        results.push({ ...result, passed: false, problems: [`no valid rule "${testFile.rule}" beside this test file [test/unknown-rule]`] })
        continue
      }
      try {
        const { problems, run } = runCase(rule, c, env)
        results.push({ ...result, passed: problems.length === 0, problems, ...(run && { run }) })
      } catch (e) {
        if (!(e instanceof FixtureError)) throw e
        results.push({ ...result, passed: false, problems: e.problems })
      }
    }
  }
  return results
}

function runCase(rule: Rule, c: RuleTestCase, env: ValidationEnv): { problems: string[]; run?: PlannedRun } {
  const unreached = unreachedBecause(rule, c, env)
  const run = unreached === null ? planRun(rule, planInput(rule, c, env)) : undefined
  const problems: string[] = []
  const matched = run?.matched ?? false
  if (run?.end.kind === 'error' && run.end.step === 'if') problems.push(`the rule's "if" failed: ${run.end.message}`)
  else if (matched !== c.expect.matched) {
    const why = unreached ?? (matched ? 'its "if" held' : 'its "if" was false')
    problems.push(`expected the rule ${c.expect.matched ? 'to match' : 'not to match'}, but ${why}`)
  }
  if (c.expect.steps) {
    const actual = (run?.steps ?? []).filter((step) => step.kind !== 'if')
    problems.push(...compareSteps(c.expect.steps, actual))
  }
  if (c.expect.stoppedAt !== undefined) {
    const stoppedAt = !run || run.end.kind === 'completed' ? null : run.end.step
    if (stoppedAt !== c.expect.stoppedAt) problems.push(`stoppedAt: expected ${show(c.expect.stoppedAt)}, got ${show(stoppedAt)}${run?.end.kind === 'error' ? ` (${run.end.message})` : ''}`)
  }
  return { problems, ...(run && { run }) }
}

function compareSteps(expected: ExpectedStep[], actual: PlannedStep[]): string[] {
  const problems: string[] = []
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const want = expected[i]
    const got = actual[i]
    if (!got) problems.push(`steps[${i}]: expected ${show(want)}, but the run has ${actual.length} step${actual.length === 1 ? '' : 's'}`)
    else if (!want) problems.push(`steps[${i}]: not expected, got ${describe(got)}`)
    else problems.push(...compareStep(want, got, i))
  }
  return problems
}

function compareStep(want: ExpectedStep, got: PlannedStep, i: number): string[] {
  const at = `steps[${i}]`
  if ((want.wait !== undefined) !== (got.kind === 'wait')) return [`${at}: expected ${show(want)}, got ${describe(got)}`]
  const problems: string[] = []
  const field = (name: string, expected: unknown, actual: unknown) => {
    if (expected !== undefined && expected !== actual) problems.push(`${at}.${name}: expected ${show(expected)}, got ${show(actual)}`)
  }
  field('id', want.id, got.id)
  if (got.kind === 'wait') field('wait', want.wait, got.wait)
  if (got.kind !== 'action') return problems
  field('action', want.action, got.action)
  field('target', want.target, got.target)
  const error = 'error' in got ? got.error : undefined
  field('error', want.error, error?.code)
  if (error && want.error === undefined) problems.push(`${at}: params failed: ${error.message} [${error.code}]`)
  if (want.params !== undefined && !error) problems.push(...valueDiff(want.params, 'params' in got ? got.params : undefined, ['steps', i, 'params']))
  return problems
}

function describe(step: PlannedStep): string {
  if (step.kind === 'wait') return `wait "${step.id}" (${step.wait})`
  if (step.kind === 'if') return `gate "${step.id}"`
  return `action "${step.id}" (${step.action})`
}
