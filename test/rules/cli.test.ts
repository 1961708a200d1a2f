import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { testCommand } from '../../core/cli/test.js'
import { validateCommand } from '../../core/cli/validate.js'
import { projectEnv, testEnv } from './env.js'

const EXAMPLES = join(import.meta.dirname, '../../rules')
const BROKEN = join(import.meta.dirname, '../fixtures/rules-broken')
const TEST_FAILURES = join(import.meta.dirname, '../fixtures/rules-test-failures')
const WARNINGS_ONLY = join(import.meta.dirname, '../fixtures/rules-warnings-only')

async function cli(command: typeof validateCommand, rulesDir: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = []
  // the examples run on the repository's quick-start config; the fixtures on the suites' test config
  const env = rulesDir === EXAMPLES ? await projectEnv() : testEnv()
  const code = await command({ rulesDir, env, out: (line) => lines.push(line) })
  return { code, lines }
}

describe('cartwire validate (rules)', () => {
  it('exits 0 on the examples under the quick-start config, printing a summary', async () => {
    const { code, lines } = await cli(validateCommand, EXAMPLES)
    expect(code).toBe(0)
    expect(lines).toEqual(['5 rule files: 0 errors, 0 warnings'])
  })

  it('exits 1 on errors, one `file: path: message [code]` line each', async () => {
    const { code, lines } = await cli(validateCommand, BROKEN)
    expect(code).toBe(1)
    expect(lines).toContain(`${join(BROKEN, 'unknown-target.json')}: then[0].target: no connection "woo-mian" in the config (did you mean "woo-main"?) [rule/unknown-target]`)
    expect(lines).toContain(`${join(BROKEN, 'wait-default-ids.json')}: then[0]: warning: the rule waits, and a waiting run resumes at the step after the wait's id: give every step an explicit "id", so inserting or removing a step cannot shift them [rule/wait-default-ids]`)
    expect(lines.at(-1)).toMatch(/^37 rule files: \d+ errors, 4 warnings$/)
  })

  it('warnings alone do not fail', async () => {
    const { code, lines } = await cli(validateCommand, WARNINGS_ONLY)
    expect(code).toBe(0)
    expect(lines.at(-1)).toBe('1 rule file: 0 errors, 1 warning')
  })
})

describe('cartwire test', () => {
  it('exits 0 when every case passes', async () => {
    const { code, lines } = await cli(testCommand, EXAMPLES)
    expect(code).toBe(0)
    expect(lines).toContain('✓ vip-tag › a paid EU order of a VIP customer gets the vip-review tag')
    expect(lines.at(-1)).toBe('16 passed, 0 failed')
  })

  it('exits 1 with the differences, invalid test files and orphan tests reported', async () => {
    const { code, lines } = await cli(testCommand, TEST_FAILURES)
    expect(code).toBe(1)
    expect(lines).toEqual([
      `${join(TEST_FAILURES, 'bad-shape.test.json')}: cases[0].expect: is required [test/schema]`,
      `${join(TEST_FAILURES, 'broken-json.test.json')}: 1:35: invalid JSON: expected "," or "}" after a property value, found "]" [test/invalid-json]`,
      '✗ orphan › tests a rule that does not exist',
      '    no valid rule "orphan" beside this test file [test/unknown-rule]',
      '✓ tag-paid › order 1001 is tagged paid-1001',
      '✗ tag-paid › a wrong expectation fails with the difference',
      '    steps[0].params.tags[0]: expected "paid-1001", got "paid-2002"',
      '1 passed, 2 failed, 2 errors in rule or test files',
    ])
  })
})
