import { describe, expect, it } from 'vitest'
import { main } from '../../core/cli/main.js'

async function run(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, (line) => out.push(line), (line) => err.push(line))
  return { code, out, err }
}

describe('cartwire usage errors', () => {
  it.each([
    [['exceptions', 'show'], 'cartwire exceptions show: missing <id>', 'usage: cartwire exceptions show <id> [--json]'],
    [['rules', 'pause', 'a', 'b'], 'cartwire rules pause: unexpected argument "b"', 'usage: cartwire rules pause <id>'],
    [['exceptions', 'list', '--state', 'bogus'], 'cartwire exceptions list: --state must be one of open, retried, skipped, resolved, all, not "bogus"', expect.stringMatching(/^usage: cartwire exceptions list /)],
    [['exceptions', 'resolve', 'ex_1'], 'cartwire exceptions resolve: --note is required: say what was done', expect.stringMatching(/^usage: cartwire exceptions resolve <id> --note/)],
    [['simulate', '--nope', 'event.json'], expect.stringMatching(/^cartwire simulate: Unknown option '--nope'/), expect.stringMatching(/^usage: cartwire simulate <event\.json>/)],
  ])('%j exits 2 with the message and the usage line', async (argv, message, usage) => {
    const { code, out, err } = await run(...argv)
    expect(code).toBe(2)
    expect(out).toEqual([])
    expect(err).toEqual([message, usage])
  })

  it('a command group without its subcommand lists the subcommands', async () => {
    const { code, err } = await run('exceptions')
    expect(code).toBe(2)
    expect(err[0]).toBe('cartwire exceptions: missing subcommand')
    expect(err.slice(1).map((line) => line.split(' ')[3])).toEqual(['list', 'show', 'retry', 'skip', 'resolve'])
    expect((await run('rules', 'frobnicate')).err[0]).toBe('cartwire rules: unknown subcommand "frobnicate"')
  })

  it('an unknown command exits 2 with the help; --help exits 0', async () => {
    const unknown = await run('frobnicate')
    expect(unknown.code).toBe(2)
    expect(unknown.err[0]).toBe('cartwire: unknown command "frobnicate"')
    expect(unknown.err).toContain('Usage: cartwire <command> [options]')
    const help = await run('migrate', '--help')
    expect(help).toEqual({ code: 0, out: ['usage: cartwire migrate [--config <file>] [--quiet]', 'run pending store migrations; prints the schema version before and after'], err: [] })
    expect((await run('rules', '--help')).out).toEqual(['usage: cartwire rules pause <id>', 'usage: cartwire rules resume <id>', 'usage: cartwire rules list [--json]'])
  })

  it('a missing config file is one coded line, exit 2', async () => {
    const { code, err } = await run('rules', 'list', '--config', './no-such.config.ts')
    expect(code).toBe(2)
    expect(err).toEqual(['cartwire rules list: ./no-such.config.ts: no such config file [ERR_CONFIG]'])
  })
})
