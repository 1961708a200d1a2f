import type { Command } from './command.js'
import { exceptionCommands } from './exceptions.js'
import { migrateCommand } from './migrate.js'
import { loadProject } from './project.js'
import { reloadCommand } from './reload.js'
import { connectorsSyncCommand } from './connectors.js'
import { ruleCommands } from './rules.js'
import { simulateCommand } from './simulate.js'
import { startCommand } from './start.js'
import { testCommand } from './test.js'
import { validateCommand } from './validate.js'

/**
 * The COMMANDS table of `cartwire`. A key with a space is a subcommand (`exceptions list`): the
 * dispatcher tries `<word> <word>` before `<word>`. Help lists them in this order.
 */
export const COMMANDS: Record<string, Command> = {
  start: startCommand,
  validate: {
    summary: 'check the config, plugins, rules and capabilities',
    usage: 'cartwire validate [--config <file>] [--require-secrets]',
    options: { 'require-secrets': { type: 'boolean' } },
    async run({ values, out }) {
      const project = await loadProject({ config: values.config as string, requireSecrets: values['require-secrets'] as boolean })
      for (const problem of project.prepared.problems) out(problem)
      const code = await validateCommand({ rulesDir: project.loaded.rulesDir, env: project.env, out })
      return project.prepared.problems.length ? 1 : code
    },
  },
  test: {
    summary: 'run the rule tests (rules/*.test.json)',
    usage: 'cartwire test [--config <file>] [--filter <rule id part>]',
    options: { filter: { type: 'string' } },
    async run({ values, out }) {
      const project = await loadProject({ config: values.config as string })
      return testCommand({ rulesDir: project.loaded.rulesDir, env: project.env, out, filter: values.filter as string | undefined })
    },
  },
  simulate: simulateCommand,
  ...exceptionCommands,
  ...ruleCommands,
  reload: reloadCommand,
  migrate: migrateCommand,
  'connectors sync': connectorsSyncCommand,
}
