import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseRule } from '../../core/rules/load.js'
import { validateRules, type ValidationEnv } from '../../core/rules/validate.js'
import woo from '../../plugins/woocommerce/index.js'
import { ruleFromDisk } from '../support/woocommerce-harness.js'

/** `cartwire validate` judges rules against the connector's static data: WooCommerce cannot tag orders. */
const env: ValidationEnv = {
  connections: [{ id: 'woo-main', connector: { name: woo.name, emits: woo.emits, capabilities: woo.capabilities, canFetch: true } }],
  actions: new Map([['http.request', { idempotency: 'unsafe' as const }]]),
  vars: { opsBaseUrl: 'https://ops.example.com' },
}

const rule = (json: object) => {
  const parsed = parseRule(`rules/${(json as { id: string }).id}.json`, json)
  if (!parsed.rule) throw new Error(JSON.stringify(parsed.diagnostics))
  return parsed.rule
}

describe('rules aimed at WooCommerce', () => {
  it('rules/large-order-review.json validates against a WooCommerce connection', async () => {
    const diagnostics = validateRules([await ruleFromDisk(join(import.meta.dirname, '../../rules/large-order-review.json'))], env)
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  })

  it('a rule that adds order tags on WooCommerce is refused, naming the rule, the step and the capability', () => {
    const tagging = rule({ id: 'tag-vip-orders', on: ['order.paid'], sources: ['woo-main'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['vip-review'] } }] })
    const [diagnostic] = validateRules([tagging], env)
    expect(diagnostic).toMatchObject({ code: 'rule/missing-capability', severity: 'error', file: 'rules/tag-vip-orders.json' })
    expect(diagnostic.message).toContain('rule "tag-vip-orders", step "tag"')
    expect(diagnostic.message).toContain('(woocommerce) lacks the capability order.addTags')
  })

  it('without sources, such a rule has no connection to run on, and validate says why', () => {
    const tagging = rule({ id: 'tag-everything', on: ['order.paid'], then: [{ action: 'order.addTags', params: { tags: ['seen'] } }] })
    const [diagnostic] = validateRules([tagging], env)
    expect(diagnostic).toMatchObject({ code: 'rule/no-connection', severity: 'error' })
    expect(diagnostic.message).toContain('woocommerce lacks order.addTags')
  })
})
