import { loadRuleFiles } from '../rules/load.js'
import { validateRules } from '../rules/validate.js'
import type { Diagnostic, Rule } from '../rules/types.js'
import type { Out } from './command.js'
import { loadProject, type Project } from './project.js'

/**
 * The project plus its rule set, as the operator commands see it: the rules free of errors (the set a
 * daemon would run; `cartwire start` refuses any error, these commands still work around a broken
 * file and say so), and the error diagnostics of the others.
 */
export interface CliProject extends Project {
  /** the rules free of errors */
  rules: Rule[]
  /** every rule file that parses, errors against the config or each other included (`rules list`) */
  parsedRules: Rule[]
  ruleErrors: Diagnostic[]
}

export async function loadCliProject(config: string): Promise<CliProject> {
  const project = await loadProject({ config })
  const loaded = await loadRuleFiles(project.loaded.rulesDir)
  const ruleErrors = [...loaded.diagnostics, ...validateRules(loaded.rules, project.env)].filter((d) => d.severity === 'error')
  const broken = new Set(ruleErrors.map((d) => d.file))
  return { ...project, rules: loaded.rules.filter((rule) => !broken.has(rule.file)), parsedRules: loaded.rules, ruleErrors }
}

/**
 * One warning line when rule files have errors; true when there were some (the command exits 1).
 * `leftOut`: the command judged without those rules.
 */
export function warnRuleErrors(project: CliProject, err: Out, leftOut: boolean): boolean {
  const files = new Set(project.ruleErrors.map((d) => d.file)).size
  if (files === 0) return false
  err(`warning: ${files} rule file${files === 1 ? '' : 's'} with errors${leftOut ? ' left out' : ''} (cartwire validate shows them)`)
  return true
}
