import type { JsonValue } from '../sdk/connector.js'
import type { ExceptionKind, ExceptionRecord, ExceptionState } from '../store/contract.js'
import { withAccess, type Access } from './access.js'
import { JSON_OPTION, UsageError, type Command, type CommandContext } from './command.js'
import { exceptionDetailLines, exceptionTable } from './exception-view.js'
import { readJsonFile } from './json-file.js'
import { loadCliProject } from './project-rules.js'
import { jsonText } from './table.js'

/**
 * `cartwire exceptions list|show|retry|resolve|skip` (SEMANTICS.md §7). Each works through a running
 * daemon or, without one, on the store directly (core/cli/access.ts); the output is the same.
 */
const STATES: readonly ExceptionState[] = ['open', 'retried', 'skipped', 'resolved']
const KINDS: readonly ExceptionKind[] = ['step', 'intake', 'connection', 'policy']

const list: Command = {
  summary: 'list exceptions: id, kind, code, rule/step, resource, age, message',
  usage: `cartwire exceptions list [--state ${STATES.join('|')}|all] [--kind ${KINDS.join('|')}] [--limit <n>] [--json]`,
  options: { state: { type: 'string', default: 'open' }, kind: { type: 'string' }, limit: { type: 'string', default: '100' }, ...JSON_OPTION },
  async run(ctx) {
    const state = ctx.values.state === 'all' ? undefined : oneOf('--state', ctx.values.state, STATES)
    const kind = ctx.values.kind === undefined ? undefined : oneOf('--kind', ctx.values.kind, KINDS)
    const limit = Number(ctx.values.limit)
    // the admin API's bound, so both ways accept the same
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit must be a whole number from 1 to 1000, not "${ctx.values.limit}"`)
    const project = await loadCliProject(ctx.values.config as string)
    const exceptions = await withAccess(project, 'read', (access) => access.listExceptions({ state, kind, limit }))
    if (ctx.values.json) ctx.out(jsonText({ exceptions }))
    else if (exceptions.length === 0) ctx.out(`no ${state ?? ''}${state ? ' ' : ''}exceptions`)
    else exceptionTable(exceptions, Date.now()).forEach((line) => ctx.out(line))
    return 0
  },
}

const show: Command = {
  summary: 'show one exception: error, params, event, ledger row, later events',
  usage: 'cartwire exceptions show <id> [--json]',
  options: JSON_OPTION,
  args: ['<id>'],
  async run(ctx) {
    const project = await loadCliProject(ctx.values.config as string)
    const detail = await withAccess(project, 'read', (access) => access.exceptionDetail(ctx.positionals[0]))
    if (ctx.values.json) ctx.out(jsonText(detail))
    else exceptionDetailLines(detail, Date.now()).forEach((line) => ctx.out(line))
    return 0
  },
}

const retry: Command = {
  summary: 'retry the step with the same key, or with edited params (--params)',
  usage: 'cartwire exceptions retry <id> [--params <file.json>] [--json]',
  options: { params: { type: 'string' }, ...JSON_OPTION },
  args: ['<id>'],
  async run(ctx) {
    const params = ctx.values.params === undefined ? undefined : ((await readJsonFile(ctx.values.params as string, 'ERR_PARAMS')) as JsonValue)
    return operate(ctx, (access, id) => access.retryException(id, params), params === undefined ? 'retried' : 'retried with edited params')
  },
}

const skip: Command = {
  summary: 'mark the step skipped; the run continues',
  usage: 'cartwire exceptions skip <id> [--json]',
  options: JSON_OPTION,
  args: ['<id>'],
  run: (ctx) => operate(ctx, (access, id) => access.skipException(id), 'skipped'),
}

const resolve: Command = {
  summary: 'end the run, with a note saying what was done',
  usage: 'cartwire exceptions resolve <id> --note "<what was done>" [--json]',
  options: { note: { type: 'string' }, ...JSON_OPTION },
  args: ['<id>'],
  async run(ctx) {
    const note = ctx.values.note
    if (typeof note !== 'string' || !note.trim()) throw new UsageError('--note is required: say what was done')
    return operate(ctx, (access, id) => access.resolveException(id, note), 'resolved')
  },
}

export const exceptionCommands: Record<string, Command> = {
  'exceptions list': list,
  'exceptions show': show,
  'exceptions retry': retry,
  'exceptions skip': skip,
  'exceptions resolve': resolve,
}

type Operation = (access: Access, id: string) => Promise<ExceptionRecord>

async function operate(ctx: CommandContext, operation: Operation, done: string): Promise<number> {
  const project = await loadCliProject(ctx.values.config as string)
  const id = ctx.positionals[0]
  const { record, via } = await withAccess(project, 'write', async (access) => ({ record: await operation(access, id), via: access.via }))
  if (ctx.values.json) ctx.out(jsonText({ exception: record }))
  else ctx.out(`exception ${record.id}: ${done}`)
  if (via === 'store' && record.state !== 'resolved') ctx.err('note: no daemon is running; the run continues when one starts')
  return 0
}

function oneOf<T extends string>(flag: string, value: unknown, allowed: readonly T[]): T {
  if (allowed.includes(value as T)) return value as T
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}${flag === '--state' ? ', all' : ''}, not "${String(value)}"`)
}
