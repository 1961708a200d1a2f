import { readFileSync } from 'node:fs'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { isCartwireError } from '../sdk/errors.js'
import { loadProject } from './project.js'
import { testCommand } from './test.js'
import { validateCommand } from './validate.js'

/**
 * The `cartwire` command line. Every command takes `--config <file>` (default ./automation.config.ts).
 * Exit codes: 0 success, 1 the command found problems (invalid rules, failed tests), 2 usage or config
 * errors.
 */
interface Command {
  summary: string
  usage: string
  options?: ParseArgsConfig['options']
  run(args: { values: Record<string, unknown>; positionals: string[]; out: (line: string) => void }): Promise<number>
}

const COMMON = { config: { type: 'string', short: 'c', default: './automation.config.ts' }, help: { type: 'boolean', short: 'h' } } as const

const COMMANDS: Record<string, Command> = {
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
}

function help(out: (line: string) => void): void {
  const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
  out(`cartwire ${version} — ecommerce automation runtime`)
  out('')
  out('Usage: cartwire <command> [options]')
  out('')
  for (const [name, command] of Object.entries(COMMANDS)) out(`  ${name.padEnd(12)} ${command.summary}`)
  out('')
  out('Every command takes --config <file> (default ./automation.config.ts). `cartwire <command> --help` for more.')
}

export async function main(argv: string[], out: (line: string) => void = (l) => console.log(l), err: (line: string) => void = (l) => console.error(l)): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(out)
    return 0
  }
  if (name === '--version' || name === '-v') {
    out((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version)
    return 0
  }
  const command = COMMANDS[name]
  if (!command) {
    err(`cartwire: unknown command "${name}"`)
    help(err)
    return 2
  }
  let parsed
  try {
    parsed = parseArgs({ args: rest, options: { ...COMMON, ...command.options }, allowPositionals: true, strict: true })
  } catch (e) {
    err(`cartwire ${name}: ${(e as Error).message}`)
    err(`usage: ${command.usage}`)
    return 2
  }
  if (parsed.values.help) {
    out(`usage: ${command.usage}`)
    out(command.summary)
    return 0
  }
  try {
    return await command.run({ values: parsed.values, positionals: parsed.positionals, out })
  } catch (e) {
    if (isCartwireError(e) && e.kind === 'user') {
      err(e.message)
      return 2
    }
    throw e
  }
}

// `tsx core/cli/main.ts …` (npm start, npm run cartwire) runs it directly; bin/cartwire.js calls main()
if (process.argv[1] && /core[\\/]cli[\\/]main\.ts$/.test(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2))
}
