import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RULE_CODES } from '../../core/rules/codes.js'
import { ruleConnections } from '../../core/rules/connections.js'
import { loadRuleFiles, parseRule } from '../../core/rules/load.js'
import type { Diagnostic, Rule } from '../../core/rules/types.js'
import { ruleNotes, validateRules } from '../../core/rules/validate.js'
import { projectEnv, testEnv } from './env.js'
import type { ValidationEnv } from '../../core/rules/validate.js'

const BROKEN = join(import.meta.dirname, '../fixtures/rules-broken')
const EXAMPLES = join(import.meta.dirname, '../../rules')

const loaded = new Map<string, Promise<{ rules: Rule[]; all: Diagnostic[] }>>()

/** Loaded and validated once per folder for the whole file: the table reads the same result. */
function diagnosticsOf(dir: string, env: ValidationEnv = testEnv()): Promise<{ rules: Rule[]; all: Diagnostic[] }> {
  if (!loaded.has(dir)) {
    loaded.set(dir, loadRuleFiles(dir).then(({ rules, diagnostics }) => ({ rules, all: [...diagnostics, ...validateRules(rules, env)] })))
  }
  return loaded.get(dir)!
}

/** Each broken file and exactly the codes it must be reported with. */
const BROKEN_FILES: Array<[file: string, codes: string[]]> = [
  ['invalid-json.json', ['rule/invalid-json']],
  ['duplicate-key.json', ['rule/duplicate-key']],
  ['schema.json', ['rule/schema']],
  ['unknown-event.json', ['rule/unknown-event']],
  ['empty-then.json', ['rule/empty-then']],
  ['ambiguous-step.json', ['rule/ambiguous-step']],
  ['step-kind.json', ['rule/step-kind']],
  ['bad-duration.json', ['rule/bad-duration']],
  ['file-name.json', ['rule/file-name']],
  ['duplicate-id.json', ['rule/duplicate-id']],
  ['duplicate-id-copy.json', ['rule/duplicate-id', 'rule/file-name']],
  ['duplicate-step-id.json', ['rule/duplicate-step-id']],
  ['bad-cron.json', ['rule/bad-cron']],
  ['bad-timezone.json', ['rule/bad-timezone']],
  ['unknown-action.json', ['rule/unknown-action']],
  ['unknown-operator.json', ['rule/unknown-operator']],
  ['unknown-operator-gate.json', ['rule/unknown-operator']],
  ['unknown-operator-param.json', ['rule/unknown-operator']],
  ['unknown-path.json', ['rule/unknown-path']],
  ['unknown-path-template.json', ['rule/unknown-path']],
  ['unknown-path-one-trigger.json', ['rule/unknown-path']],
  ['unknown-path-vars.json', ['rule/unknown-path']],
  ['bad-template.json', ['rule/bad-template']],
  ['invalid-params.json', ['rule/invalid-params']],
  ['invalid-params-mixed.json', ['rule/invalid-params']],
  ['invalid-params-zod.json', ['rule/invalid-params']],
  ['unknown-source.json', ['rule/unknown-source']],
  ['unknown-target.json', ['rule/unknown-target']],
  ['missing-capability.json', ['rule/missing-capability']],
  ['missing-capability-target.json', ['rule/missing-capability']],
  ['no-connection.json', ['rule/no-connection']],
  ['no-connection-sources.json', ['rule/no-connection', 'rule/source-emits-none']],
  ['schedule-target.json', ['rule/schedule-target']],
  ['order-id-required.json', ['rule/order-id-required']],
  ['wait-default-ids.json', ['rule/wait-default-ids']],
  ['wait-without-fetch.json', ['rule/wait-without-fetch']],
  ['source-emits-none.json', ['rule/source-emits-none']],
]

describe('cartwire validate: rules', () => {
  it.each(BROKEN_FILES)('%s is reported with %j', async (file, codes) => {
    const { all } = await diagnosticsOf(BROKEN)
    const mine = all.filter((d) => basename(d.file) === file)
    expect([...new Set(mine.map((d) => d.code))].sort()).toEqual([...codes].sort())
    for (const d of mine) expect(d.severity).toBe(RULE_CODES[d.code as keyof typeof RULE_CODES].severity)
  })

  it('every fixture in rules-broken is in the table, and every error and warning code has a fixture', async () => {
    const { all } = await diagnosticsOf(BROKEN)
    const files = new Set(all.map((d) => basename(d.file)))
    expect([...files].sort()).toEqual(BROKEN_FILES.map(([file]) => file).sort())
    const covered = new Set(BROKEN_FILES.flatMap(([, codes]) => codes))
    const expected = Object.entries(RULE_CODES).filter(([code, spec]) => spec.severity !== 'info' && code.startsWith('rule/') && code !== 'rule/read-error')
    expect(expected.map(([code]) => code).filter((code) => !covered.has(code))).toEqual([])
  })

  it('names the place: JSON syntax errors by line:column, schema errors by JSON path', async () => {
    const { all } = await diagnosticsOf(BROKEN)
    const at = (file: string, code: string) => all.find((d) => basename(d.file) === file && d.code === code)
    expect(at('invalid-json.json', 'rule/invalid-json')).toMatchObject({ path: '5:65', message: expect.stringContaining('trailing comma') })
    expect(at('schema.json', 'rule/schema')).toMatchObject({ path: 'enabled', message: expect.stringContaining('boolean') })
    expect(at('unknown-event.json', 'rule/unknown-event')?.message).toContain('did you mean "order.paid"')
    expect(at('missing-capability.json', 'rule/missing-capability')?.message).toMatch(/rule "missing-capability", step "note": connection "woo-main"/)
    expect(at('unknown-path-template.json', 'rule/unknown-path')).toMatchObject({ path: 'then[0].params.note', message: expect.stringContaining('order.customer.email') })
  })

  it('reports a schema error inside a step at the step path', () => {
    const { diagnostics } = parseRule('rules/x.json', { id: 'x', on: ['order.paid'], then: [{ action: 'log', params: { message: 'a' } }, { action: 'log', params: 'oops' }] })
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'rule/schema', path: 'then[1].params' })])
  })

  it('the example rules validate clean', async () => {
    const { rules, all } = await diagnosticsOf(EXAMPLES, await projectEnv())
    expect(rules.map((r) => r.id).sort()).toEqual(['large-order-review', 'low-stock-alert', 'mirror-stock', 'notify-warehouse', 'vip-tag'])
    expect(all).toEqual([])
  })

  it('says which connections an omitted `sources` left out, and why', async () => {
    const { rules } = await loadRuleFiles(EXAMPLES)
    const review = rules.find((r) => r.id === 'large-order-review')!
    expect(ruleConnections(review, testEnv())).toEqual({ included: ['shopify-main'], excluded: [{ id: 'woo-main', reason: 'woocommerce lacks order.addNote', cause: 'capability' }] })
    expect(ruleNotes(rules, testEnv())).toEqual([expect.objectContaining({ code: 'rule/sources-left-out', file: review.file, message: expect.stringContaining('woo-main (woocommerce lacks order.addNote)') })])
  })
})

describe('params with {{…}} and $logic are judged by what they can become', () => {
  const check = (params: Record<string, unknown>, action = 'inventory.set', on = 'inventory.changed') => {
    const { rule, diagnostics } = parseRule('rules/p.json', { id: 'p', on: [on], then: [{ id: 's', action, params }] })
    expect(diagnostics).toEqual([])
    return validateRules([rule!], testEnv()).map((d) => `${d.path}: ${d.message}`)
  }

  it('an exact {{path}} may be a number, an array or anything the schema takes', () => {
    expect(check({ sku: '{{inventory.sku}}', available: '{{inventory.available}}' })).toEqual([])
    expect(check({ tags: '{{order.tags}}' }, 'order.addTags', 'order.paid')).toEqual([])
  })

  it('$logic may compute any type', () => {
    expect(check({ sku: 'MUG', available: { $logic: { '-': [{ var: 'inventory.available' }, 1] } } })).toEqual([])
  })

  it('a mixed string may meet a pattern or a URL format once filled', () => {
    expect(check({ method: 'POST', url: '{{vars.opsBaseUrl}}/hooks/{{order.id}}' }, 'http.request', 'order.paid')).toEqual([])
  })

  it('errors around the dynamic values are still reported', () => {
    expect(check({ sku: '{{inventory.sku}}', available: '{{inventory.available}}', bogus: 1 })).toEqual([expect.stringMatching(/^then\[0\]\.params\.bogus: inventory\.set: is not a known property/)])
    expect(check({ available: '{{inventory.available}}' })).toEqual([expect.stringMatching(/^then\[0\]\.params\.sku: inventory\.set: is required/)])
  })

  it('a mixed string where a number is expected is reported: it is always a string', () => {
    expect(check({ sku: 'MUG', available: '{{inventory.available}} units' })).toEqual(['then[0].params.available: inventory.set: mixes text and {{…}}, so it is always a string; this param takes a number'])
  })

  it('a zod-typed custom action gets the same treatment', () => {
    expect(check({ channel: '#ops', text: 'Order {{order.number}}', count: '{{order.totalPrice}}' }, 'slack.post', 'order.paid')).toEqual([])
  })
})
