import path from 'node:path'
import { closest, didYouMean } from '../rules/suggest.js'
import type { Rule } from '../rules/types.js'
import { CartwireError } from '../sdk/errors.js'
import { withAccess } from './access.js'
import { JSON_OPTION, type Command, type CommandContext } from './command.js'
import { loadCliProject, warnRuleErrors, type CliProject } from './project-rules.js'
import { displayPath, formatTable, jsonText } from './table.js'

/**
 * `cartwire rules pause|resume|list`. Pausing is run-time state kept in the store (SEMANTICS.md §9):
 * matching events are recorded as skipped and waiting runs stay waiting until resume; `"enabled":
 * false` in the file is the same, in git.
 */
const pause: Command = {
  summary: 'pause a rule at run time (kept in the store across restarts)',
  usage: 'cartwire rules pause <id>',
  args: ['<id>'],
  run: (ctx) => setPaused(ctx, true),
}

const resume: Command = {
  summary: 'resume a paused rule',
  usage: 'cartwire rules resume <id>',
  args: ['<id>'],
  run: (ctx) => setPaused(ctx, false),
}

const list: Command = {
  summary: 'list the rules: id, triggers, enabled, paused, file',
  usage: 'cartwire rules list [--json]',
  options: JSON_OPTION,
  async run(ctx) {
    const project = await loadCliProject(ctx.values.config as string)
    const paused = new Set(await withAccess(project, 'read', (access) => access.pausedRules()))
    const valid = new Set(project.rules)
    const rows = project.parsedRules.map((rule) => ({
      id: rule.id, on: triggers(rule), enabled: rule.enabled, paused: paused.has(rule.id), valid: valid.has(rule), file: displayPath(rule.file),
    }))
    // a paused id whose file is gone matches nothing, but it is state an operator should see
    for (const id of [...paused].filter((id) => !project.parsedRules.some((rule) => rule.id === id)).sort()) {
      rows.push({ id, on: [], enabled: false, paused: true, valid: false, file: '(no rule file)' })
    }
    if (ctx.values.json) ctx.out(jsonText({ rules: rows }))
    else if (rows.length === 0) ctx.out(`no rules in ${displayPath(project.loaded.rulesDir)}`)
    else {
      const table = formatTable(['ID', 'ON', 'ENABLED', 'PAUSED', 'FILE'], rows.map((r) => [r.id, r.on.join(', ') || '-', yes(r.enabled), yes(r.paused), r.valid || r.file.startsWith('(') ? r.file : `${r.file} (has errors)`]))
      table.forEach((line) => ctx.out(line))
    }
    return warnRuleErrors(project, ctx.err, false) ? 1 : 0
  },
}

export const ruleCommands: Record<string, Command> = { 'rules pause': pause, 'rules resume': resume, 'rules list': list }

async function setPaused(ctx: CommandContext, paused: boolean): Promise<number> {
  const project = await loadCliProject(ctx.values.config as string)
  const id = ctx.positionals[0]
  const verb = paused ? 'paused' : 'resumed'
  const state = await withAccess(project, 'write', async (access) => {
    const current = (await access.pausedRules()).includes(id)
    // resuming an id whose file is gone is allowed: it clears state that would otherwise linger
    if (paused || !current) assertKnown(project, id)
    if (current === paused) return 'unchanged'
    await (paused ? access.pauseRule(id) : access.resumeRule(id))
    return 'changed'
  })
  ctx.out(state === 'changed' ? `rule ${id}: ${verb}` : `rule ${id}: already ${paused ? 'paused' : 'running'}`)
  return 0
}

function assertKnown(project: CliProject, id: string): void {
  if (project.parsedRules.some((rule) => rule.id === id)) return
  const unreadable = project.ruleErrors.some((d) => path.basename(d.file, '.json') === id)
  const why = unreadable ? ` (rules/${id}.json has errors: cartwire validate)` : didYouMean(closest(id, project.parsedRules.map((rule) => rule.id)))
  throw new CartwireError('ERR_RULE', `no rule "${id}" in ${displayPath(project.loaded.rulesDir)}${why}`)
}

function triggers(rule: Rule): string[] {
  return [...rule.on, ...rule.schedules.map((s) => `schedule ${s.schedule}`)]
}

function yes(flag: boolean): string {
  return flag ? 'yes' : 'no'
}
