import type { ParseArgsConfig } from 'node:util'
import type { ProgressFactory } from './progress.js'

/** One line of output; the dispatcher passes stdout and stderr as such (tests capture them). */
export type Out = (line: string) => void

export interface CommandContext {
  values: Record<string, unknown>
  positionals: string[]
  /** results: tables, JSON, summaries */
  out: Out
  /** warnings and notes that must not mix into piped output */
  err: Out
  /** a progress bar on stderr (nothing under --quiet) */
  progress: ProgressFactory
}

/**
 * An entry of the COMMANDS table (core/cli/commands.ts). `run` returns the exit code: 0 success, 1 the
 * command found problems; usage, config and refused operations throw (UsageError, CartwireError) and
 * the dispatcher prints one line and exits 2.
 */
export interface Command {
  summary: string
  usage: string
  options?: ParseArgsConfig['options']
  /** names of the required positionals, in order (`['<id>']`); the dispatcher checks the count */
  args?: string[]
  run(ctx: CommandContext): Promise<number>
}

/** Wrong arguments: the dispatcher prints the message and the usage line, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** `--json` on every command that prints a list or a record. */
export const JSON_OPTION = { json: { type: 'boolean' } } as const
