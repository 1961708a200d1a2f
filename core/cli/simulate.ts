import type { PlannedRun, PlannedStep } from '../rules/plan-run.js'
import { withAccess } from './access.js'
import { JSON_OPTION, type Command } from './command.js'
import { readJsonFile } from './json-file.js'
import { loadCliProject, warnRuleErrors } from './project-rules.js'
import { simulate, simulationCase, type Simulation } from './simulation.js'
import { displayPath, jsonText } from './table.js'

/**
 * `cartwire simulate <event.json>`: which rules the event matches, which were skipped and why, and for
 * each match the steps with resolved params (waits shown, gates evaluated on the given data). The only
 * thing read from the store (or the daemon) is the set of paused rules; nothing is written and no
 * connector is called. Exit 1 when a matched run would stop on an error (unresolvable params, a
 * failing condition) or a rule file has errors.
 */
export const simulateCommand: Command = {
  summary: 'show which rules an event matches and the steps they would run; no side effects',
  usage: 'cartwire simulate <event.json> [--json]   (event.json: { type, source, data, previous?, changes?, now?, afterWait? })',
  options: JSON_OPTION,
  args: ['<event.json>'],
  async run(ctx) {
    const file = ctx.positionals[0]
    const json = await readJsonFile(file, 'ERR_SCHEMA')
    const project = await loadCliProject(ctx.values.config as string)
    const testCase = simulationCase(file, json, Date.now())
    const source = testCase.event!.source
    if (!project.env.connections.some((conn) => conn.id === source)) {
      ctx.err(`warning: the config has no connection "${source}"; only a rule's "sources" can rule it out here, while the daemon would never see such an event`)
    }
    const paused = new Set(await withAccess(project, 'read', (access) => access.pausedRules()))
    const result = simulate(project.rules, testCase, project.env, paused)
    if (ctx.values.json) ctx.out(jsonText(result))
    else simulationLines(result).forEach((line) => ctx.out(line))
    const broken = warnRuleErrors(project, ctx.err, true)
    return broken || result.matched.some((m) => m.run.end.kind === 'error') ? 1 : 0
  },
}

export function simulationLines(result: Simulation): string[] {
  const { event } = result
  const lines = [`event ${event.type} from ${event.source} (${event.resource.kind} ${event.resource.id})`]
  for (const match of result.matched) {
    lines.push(`matched  ${match.rule}  (${displayPath(match.file)})`)
    lines.push(...stepLines(match.run))
  }
  for (const skip of result.skipped) lines.push(`skipped  ${skip.rule}: ${skip.reason}: ${skip.detail}`)
  const notOn = result.notOn.length ? `, ${result.notOn.length} not on ${event.type}` : ''
  lines.push(`${result.matched.length} matched, ${result.skipped.length} skipped${notOn}`)
  return lines
}

function stepLines(run: PlannedRun): string[] {
  const width = Math.max(0, ...run.steps.map((step) => step.id.length))
  const lines = run.steps.map((step, i) => `  ${i + 1}. ${step.id.padEnd(width)}  ${describe(step)}`)
  const end = run.end
  if (end.kind === 'completed') lines.push('  → completes')
  else if (end.kind === 'gate') lines.push(`  → ends at gate ${end.step} (false)`)
  else if (end.kind === 'gone') lines.push(`  → ends after ${end.step}: the resource is gone`)
  else lines.push(`  → stops at ${end.step} with an exception: ${end.message} [${end.code}]`)
  return lines
}

function describe(step: PlannedStep): string {
  if (step.kind === 'wait') return `wait ${step.wait}`
  if (step.kind === 'if') return `if → ${step.passed ? 'true' : 'false'}`
  const head = `${step.action}${step.target ? ` → ${step.target}` : ''}`
  return 'error' in step ? `${head}  cannot resolve params: ${step.error.message} [${step.error.code}]` : `${head}  ${JSON.stringify(step.params)}`
}
