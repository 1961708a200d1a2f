import { loadRuleFiles } from '../rules/load.js'
import { formatDiagnostic, type Rule } from '../rules/types.js'
import { validateRules, type ValidationEnv } from '../rules/validate.js'
import { CartwireError } from '../sdk/errors.js'

/**
 * The gate of `start` and of every reload (SEMANTICS.md §9): the rule files of `rulesDir`, each judged
 * alone (load) and against the config and each other (validate). A set with any error is refused as a
 * whole — ERR_RULE whose message is one `file: path: message [code]` line per error — so `start`
 * refuses to start and a reload keeps the old set. Warnings come back for the log.
 */
export async function loadRuleSet(rulesDir: string, env: ValidationEnv): Promise<{ rules: Rule[]; warnings: string[] }> {
  const { rules, diagnostics } = await loadRuleFiles(rulesDir)
  const all = [...diagnostics, ...validateRules(rules, env)]
  const errors = all.filter((d) => d.severity === 'error').map(formatDiagnostic)
  if (errors.length) throw new CartwireError('ERR_RULE', errors.join('\n'), { details: errors })
  return { rules, warnings: all.filter((d) => d.severity === 'warning').map(formatDiagnostic) }
}
