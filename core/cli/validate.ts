import { loadRuleFiles } from '../rules/load.js'
import { formatNote, ruleNotes, validateRules, type ValidationEnv } from '../rules/validate.js'
import { formatDiagnostic, type Diagnostic } from '../rules/types.js'

/**
 * `cartwire validate` for the rules folder: every problem as `file: path: message [code]`, notes on
 * connections an omitted `sources` left out, then a summary. Exit code 1 when there is an error;
 * warnings do not fail. The dispatcher (core/cli/main.ts) loads the config and builds `env`.
 */
export interface RulesCommandOptions {
  rulesDir: string
  env: ValidationEnv
  out: (line: string) => void
}

export async function validateCommand(opts: RulesCommandOptions): Promise<number> {
  const { rules, diagnostics } = await loadRuleFiles(opts.rulesDir)
  const all = [...diagnostics, ...validateRules(rules, opts.env)].sort(byFile)
  for (const d of all) opts.out(formatDiagnostic(d))
  for (const note of ruleNotes(rules, opts.env)) opts.out(formatNote(note))
  const errors = all.filter((d) => d.severity === 'error').length
  const warnings = all.length - errors
  const files = new Set([...rules.map((r) => r.file), ...diagnostics.map((d) => d.file)]).size
  opts.out(`${files} rule file${files === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`)
  return errors > 0 ? 1 : 0
}

/** Stable order: by file, then as produced (which follows the file top to bottom). */
function byFile(a: Diagnostic, b: Diagnostic): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0
}
