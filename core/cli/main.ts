import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { isCartwireError } from '../sdk/errors.js'
import { UsageError, type Command, type Out } from './command.js'
import { COMMANDS } from './commands.js'
import { createProgress, type ProgressFactory } from './progress.js'

/**
 * The `cartwire` command line: a dispatcher over the COMMANDS table (core/cli/commands.ts). Every
 * command takes `--config <file>` (default ./automation.config.ts) and `--help`. Exit codes: 0 success,
 * 1 the command found problems (invalid rules, failed tests, a rejected reload), 2 usage, config or a
 * refused operation — printed as one line `cartwire <cmd>: <message> [CODE]`.
 */
const COMMON = { config: { type: 'string', short: 'c', default: './automation.config.ts' }, help: { type: 'boolean', short: 'h' } } as const

const stdout: Out = (line) => console.log(line)
const stderr: Out = (line) => console.error(line)

function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
}

function help(out: Out): void {
  out(`cartwire ${version()} — ecommerce automation runtime`)
  out('')
  out('Usage: cartwire <command> [options]')
  out('')
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length))
  for (const [name, command] of Object.entries(COMMANDS)) out(`  ${name.padEnd(width)}  ${command.summary}`)
  out('')
  out('Every command takes --config <file> (default ./automation.config.ts). `cartwire <command> --help` for more.')
}

/** `exceptions list …` → the `exceptions list` entry and the rest; `validate …` → `validate`. */
function lookup(argv: string[]): { name: string; command?: Command; args: string[] } {
  const [first, second, ...rest] = argv
  const pair = `${first} ${second}`
  if (second !== undefined && COMMANDS[pair]) return { name: pair, command: COMMANDS[pair], args: rest }
  return { name: first, command: COMMANDS[first], args: argv.slice(1) }
}

export async function main(argv: string[], out: Out = stdout, err: Out = stderr): Promise<number> {
  const first = argv[0]
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    help(out)
    return 0
  }
  if (first === '--version' || first === '-v') {
    out(version())
    return 0
  }
  const { name, command, args } = lookup(argv)
  if (!command) {
    const group = Object.entries(COMMANDS).filter(([key]) => key.startsWith(`${first} `))
    const wantsHelp = argv[1] === '--help' || argv[1] === '-h'
    if (group.length === 0) err(`cartwire: unknown command "${first}"`)
    else if (!wantsHelp) err(`cartwire ${first}: ${argv[1] === undefined ? 'missing subcommand' : `unknown subcommand "${argv[1]}"`}`)
    if (group.length === 0) help(err)
    else for (const [, sub] of group) (wantsHelp ? out : err)(`usage: ${sub.usage}`)
    return wantsHelp ? 0 : 2
  }
  const usage = (message: string): number => {
    err(`cartwire ${name}: ${message}`)
    err(`usage: ${command.usage}`)
    return 2
  }
  let parsed
  try {
    parsed = parseArgs({ args, options: { ...COMMON, ...command.options }, allowPositionals: true, strict: true })
  } catch (e) {
    return usage((e as Error).message)
  }
  if (parsed.values.help) {
    out(`usage: ${command.usage}`)
    out(command.summary)
    return 0
  }
  const expected = command.args ?? []
  if (parsed.positionals.length < expected.length) return usage(`missing ${expected[parsed.positionals.length]}`)
  if (parsed.positionals.length > expected.length) return usage(`unexpected argument "${parsed.positionals[expected.length]}"`)
  try {
    return await command.run({ values: parsed.values, positionals: parsed.positionals, out, err, progress: progressFor(err, (parsed.values as Record<string, unknown>).quiet === true) })
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message)
    if (isCartwireError(e) && e.kind !== 'bug') {
      for (const line of e.message.split('\n')) err(`cartwire ${name}: ${line} [${e.code}]`)
      return 2
    }
    throw e
  }
}

/** A bar redrawn on stderr when it is the process's own TTY; plain lines through `err` otherwise (tests, pipes). */
function progressFor(err: Out, quiet: boolean): ProgressFactory {
  const tty = err === stderr && process.stderr.isTTY
  return (label, total) =>
    createProgress(
      quiet ? { kind: 'quiet' } : tty ? { kind: 'tty', write: (chunk) => process.stderr.write(chunk), columns: process.stderr.columns } : { kind: 'lines', line: err },
      label,
      total,
    )
}

// `tsx core/cli/main.ts …` (npm start, npm run cartwire) runs it directly; bin/cartwire.js calls main()
if (process.argv[1] && /core[\\/]cli[\\/]main\.ts$/.test(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2))
}
