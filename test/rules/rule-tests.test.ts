import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateEntity } from '../../core/model/schemas.js'
import { loadRuleFiles, parseRule } from '../../core/rules/load.js'
import { loadRuleTestFiles, runRuleTests, type RuleTestCase } from '../../core/rules/rule-tests.js'
import { testEntity } from '../../core/rules/test-entities.js'
import type { Rule } from '../../core/rules/types.js'
import { RESOURCE_KINDS } from '../../core/sdk/entities.js'
import { projectEnv, testEnv } from './env.js'

const EXAMPLES = join(import.meta.dirname, '../../rules')

function rule(json: Record<string, unknown>): Rule {
  const { rule, diagnostics } = parseRule('rules/r.json', { id: 'r', ...json })
  expect(diagnostics).toEqual([])
  return rule!
}

function run(r: Rule, ...cases: RuleTestCase[]) {
  return runRuleTests([r], [{ file: 'rules/r.test.json', rule: r.id, cases }], testEnv())
}

describe('rule tests', () => {
  it('the example rules pass their tests', async () => {
    const { rules } = await loadRuleFiles(EXAMPLES)
    const { files, diagnostics } = await loadRuleTestFiles(EXAMPLES)
    expect(diagnostics).toEqual([])
    expect(files.map((f) => f.rule)).toEqual(['large-order-review', 'low-stock-alert', 'mirror-stock', 'notify-warehouse', 'vip-tag'])
    const results = runRuleTests(rules, files, await projectEnv())
    expect(results.filter((r) => !r.passed)).toEqual([])
    expect(results.length).toBeGreaterThanOrEqual(10)
  })

  it('the default entities are valid canonical entities', () => {
    for (const kind of RESOURCE_KINDS) expect(validateEntity(kind, testEntity(kind))).toEqual([])
  })

  it('a failure names each difference', () => {
    const r = rule({ on: ['order.paid'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['n-{{order.number}}'], orderId: '{{order.id}}' } }] })
    const [result] = run(r, {
      name: 'wrong expectations',
      event: { type: 'order.paid', source: 'shopify-main', data: { number: '7' } },
      expect: { matched: true, steps: [{ id: 'tagz', action: 'order.addTags', params: { tags: ['n-8'], orderId: 'order-1001', extra: 1 } }, { id: 'more', wait: '1h' }] },
    })
    expect(result.passed).toBe(false)
    expect(result.problems).toEqual([
      'steps[0].id: expected "tagz", got "tag"',
      'steps[0].params.tags[0]: expected "n-8", got "n-7"',
      'steps[0].params.extra: expected 1, missing',
      'steps[1]: expected {"id":"more","wait":"1h"}, but the run has 1 step',
    ])
  })

  it('says why a case did not match', () => {
    const r = rule({ on: ['order.paid'], sources: ['shopify-main'], if: { '>': [{ var: 'order.totalPrice' }, 1000] }, then: [{ action: 'log', params: { message: 'x' } }] })
    const results = run(
      r,
      { name: 'if false', event: { type: 'order.paid', source: 'shopify-main' }, expect: { matched: true } },
      { name: 'other source', event: { type: 'order.paid', source: 'woo-main', data: { totalPrice: { amount: '2000.00' } } }, expect: { matched: true } },
      { name: 'own change', event: { type: 'order.paid', source: 'shopify-main', causedBy: 'k', data: { totalPrice: { amount: '2000.00' } } }, expect: { matched: true } },
    )
    expect(results.map((r) => r.problems[0])).toEqual([
      'expected the rule to match, but its "if" was false',
      'expected the rule to match, but the rule does not apply to woo-main: not in sources',
      'expected the rule to match, but the event is an own change (causedBy) and the rule does not set onOwnChanges',
    ])
  })

  it('after a wait the entity is the re-read one, previous the trigger-time one, and now has moved on', () => {
    const r = rule({
      on: ['order.paid'],
      then: [
        { id: 'w', wait: '2h' },
        { id: 'log', action: 'log', params: { message: '{{order.fulfillmentStatus}} was {{previous.fulfillmentStatus}} changed {{changes.0}} at {{now}}' } },
      ],
    })
    const [result] = run(r, {
      name: 'wait',
      event: { type: 'order.paid', source: 'shopify-main' },
      now: '2024-06-01T08:00:00.000Z',
      afterWait: { w: { fulfillmentStatus: 'fulfilled' } },
      expect: { matched: true, steps: [{ wait: '2h' }, { params: { message: 'fulfilled was unfulfilled changed fulfillmentStatus at 2024-06-01T10:00:00.000Z' } }] },
    })
    expect(result.problems).toEqual([])
  })

  it('reports a params failure as the step error and where the run stopped', () => {
    const r = rule({ on: ['order.paid'], then: [{ id: 'mail', action: 'log', params: { message: 'to {{order.customer.email}}' } }] })
    const [result] = run(r, {
      name: 'guest',
      event: { type: 'order.paid', source: 'shopify-main', data: { customer: null } },
      expect: { matched: true, steps: [{ id: 'mail', error: 'ERR_INTERPOLATION' }], stoppedAt: 'mail' },
    })
    expect(result.problems).toEqual([])
  })

  it('runs scheduled rules from a tick', () => {
    const r = rule({ on: [{ schedule: '0 9 * * 1' }], then: [{ id: 'log', action: 'log', target: 'shopify-main', params: { message: '{{schedule.id}} {{schedule.firedAt}}' } }] })
    const [result] = run(r, { name: 'monday', schedule: { firedAt: '2024-05-06T09:00:00.000Z' }, expect: { matched: true, steps: [{ target: 'shopify-main', params: { message: 'r 2024-05-06T09:00:00.000Z' } }] } })
    expect(result.problems).toEqual([])
  })

  it('gives member events their refund or fulfillment', () => {
    const r = rule({ on: ['shipment.delivered'], then: [{ id: 'log', action: 'log', params: { message: '{{shipment.trackingNumber}}' } }] })
    const shipment = { id: 'f-1', orderId: 'order-1001', status: 'delivered', trackingNumber: 'T-9', createdAt: '2024-05-01T10:00:00.000Z', updatedAt: '2024-05-01T10:00:00.000Z' }
    const [ok, missing] = run(
      r,
      { name: 'delivered', event: { type: 'shipment.delivered', source: 'shopify-main', data: { fulfillments: [shipment] } }, expect: { matched: true, steps: [{ params: { message: 'T-9' } }] } },
      { name: 'no fulfillment', event: { type: 'shipment.delivered', source: 'shopify-main' }, expect: { matched: true } },
    )
    expect(ok.problems).toEqual([])
    expect(missing.problems).toEqual([expect.stringContaining('event.data.fulfillments: a shipment.delivered event needs at least one')])
  })

  it('an invalid fixture fails the case with the path of the problem', () => {
    const r = rule({ on: ['order.paid'], then: [{ action: 'log', params: { message: 'x' } }] })
    const [result] = run(r, { name: 'bad', event: { type: 'order.paid', source: 'shopify-main', data: { totalPrice: 512 } }, expect: { matched: true } })
    expect(result.problems).toEqual([expect.stringMatching(/^event\.data\.totalPrice: /)])
  })

  it('a test file without its rule fails', () => {
    const results = runRuleTests([], [{ file: 'rules/gone.test.json', rule: 'gone', cases: [{ name: 'c', event: { type: 'order.paid', source: 's' }, expect: { matched: false } }] }], testEnv())
    expect(results).toEqual([expect.objectContaining({ passed: false, problems: [expect.stringContaining('no valid rule "gone"')] })])
  })
})
