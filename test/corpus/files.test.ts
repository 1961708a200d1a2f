import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { startDaemon } from '../../core/daemon/daemon.js'
import { RULE_CODES, type RuleCode } from '../../core/rules/codes.js'
import { loadRuleFiles, parseRuleText } from '../../core/rules/load.js'
import { validateRules } from '../../core/rules/validate.js'
import { isCartwireError } from '../../core/sdk/errors.js'
import { testEnv } from '../rules/env.js'
import { HOSTILE_RULE_TEXTS, MISSING_SECRET_CONFIGS } from './cases/files.js'
import { prototypeFingerprint } from './check.js'

const BROKEN = path.resolve('test/fixtures/rules-broken')

/** A fixture is named after its code, with a suffix for variants: `unknown-path-template.json` → rule/unknown-path. */
function codeOfFixture(file: string): RuleCode {
  const parts = path.basename(file, '.json').split('-')
  for (let n = parts.length; n > 0; n--) {
    const code = `rule/${parts.slice(0, n).join('-')}`
    if (code in RULE_CODES) return code as RuleCode
  }
  throw new Error(`${file} is named after no rule code`)
}

describe('rule files with every kind of mistake', () => {
  const before = prototypeFingerprint()

  it('every file of test/fixtures/rules-broken gives the code it is named after', async () => {
    const { rules, diagnostics } = await loadRuleFiles(BROKEN)
    const all = [...diagnostics, ...validateRules(rules, testEnv())]
    const files = [...new Set(all.map((d) => path.basename(d.file)))].sort()
    expect(files.length).toBeGreaterThanOrEqual(37)
    const missing = files.filter((file) => !all.some((d) => path.basename(d.file) === file && d.code === codeOfFixture(file)))
    expect(missing).toEqual([])
  })

  it.each(HOSTILE_RULE_TEXTS)('a rule file that is $name gives $code and no rule', ({ text, code }) => {
    const { rule, diagnostics } = parseRuleText('rules/x.json', text)
    expect(rule).toBeUndefined()
    expect(diagnostics.map((d) => d.code)).toContain(code)
  })

  afterAll(() => expect(prototypeFingerprint()).toBe(before))
})

const root = path.resolve('.')
const imports = [
  `import { env } from ${JSON.stringify(path.join(root, 'core/sdk/index.ts'))}`,
  `import testcart from ${JSON.stringify(path.join(root, 'test/support/testcart-connector.ts'))}`,
  `import shopify from ${JSON.stringify(path.join(root, 'plugins/shopify/index.ts'))}`,
  `import woo from ${JSON.stringify(path.join(root, 'plugins/woocommerce/index.ts'))}`,
]

function writeConfig(dir: string, c: (typeof MISSING_SECRET_CONFIGS)[number]): string {
  mkdirSync(path.join(dir, 'rules'), { recursive: true })
  const admin = c.adminToken ? `, token: env(${JSON.stringify(c.adminToken)})` : ''
  const file = path.join(dir, 'automation.config.ts')
  writeFileSync(file, [...imports, `export default { store: { driver: 'sqlite', path: './data/cartwire.db' }, server: { port: 0, host: '127.0.0.1', admin: { port: 0, host: '127.0.0.1'${admin} } }, connections: [${c.connection}] }`].join('\n'))
  return file
}

describe('configs with missing secrets', () => {
  const dirs: string[] = []
  const scratch = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cartwire-corpus-config-'))
    dirs.push(dir)
    return dir
  }
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

  it.each(MISSING_SECRET_CONFIGS)('start refuses $name with $code naming the variable', async (c) => {
    const dir = scratch()
    process.env.CORPUS_EMPTY_SECRET = ''
    try {
      const error = await startDaemon({ configPath: writeConfig(dir, c) }).then(
        async (d) => {
          await d.stop()
          return undefined
        },
        (e: unknown) => e,
      )
      expect(isCartwireError(error) && error.code).toBe(c.code)
      for (const name of c.vars) expect((error as Error).message).toContain(`env("${name}") is not set`)
    } finally {
      delete process.env.CORPUS_EMPTY_SECRET
    }
  })

  it('`cartwire validate --require-secrets` fails with one line naming the variable; without the flag the structure validates', async () => {
    const file = writeConfig(scratch(), MISSING_SECRET_CONFIGS[0])
    const cli = (args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'core/cli/main.ts'), 'validate', '--config', file, ...args]).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    )
    const strict = await cli(['--require-secrets'])
    expect(strict.code).toBe(1)
    expect(strict.out).toMatch(/automation\.config\.ts: connections\.0\.options: secret env\("CORPUS_MISSING_TESTCART"\) is not set/)
    expect(await cli([])).toMatchObject({ code: 0 })
  })
})
