import { loadRuleFiles } from '../rules/load.js'
import { loadRuleTestFiles, runRuleTests } from '../rules/rule-tests.js'
import { formatDiagnostic } from '../rules/types.js'
import { validateRules } from '../rules/validate.js'
import type { RulesCommandOptions } from './validate.js'

/**
 * `cartwire test`: runs rules/*.test.json against the rules beside them. Prints `✓`/`✗` per case with
 * the differences under a failed one, then a summary. Exit code 1 when a case fails, a test file is
 * invalid, or the rules themselves have errors (a test of an invalid rule proves nothing).
 */
export async function testCommand(opts: RulesCommandOptions & { filter?: string }): Promise<number> {
  const loaded = await loadRuleFiles(opts.rulesDir)
  const ruleErrors = [...loaded.diagnostics, ...validateRules(loaded.rules, opts.env)].filter((d) => d.severity === 'error')
  const tests = await loadRuleTestFiles(opts.rulesDir)
  for (const d of [...ruleErrors, ...tests.diagnostics]) opts.out(formatDiagnostic(d))
  const files = opts.filter ? tests.files.filter((f) => f.rule.includes(opts.filter!)) : tests.files
  const results = runRuleTests(loaded.rules, files, opts.env)
  for (const result of results) {
    opts.out(`${result.passed ? '✓' : '✗'} ${result.rule} › ${result.name}`)
    for (const problem of result.problems) opts.out(`    ${problem}`)
  }
  const failed = results.filter((r) => !r.passed).length
  const broken = ruleErrors.length + tests.diagnostics.length
  opts.out(`${results.length - failed} passed, ${failed} failed${broken ? `, ${broken} error${broken === 1 ? '' : 's'} in rule or test files` : ''}`)
  return failed > 0 || broken > 0 ? 1 : 0
}
