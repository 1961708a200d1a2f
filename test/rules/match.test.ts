import { describe, expect, it } from 'vitest'
import { parseRule } from '../../core/rules/load.js'
import { RuleIndex, skipReason } from '../../core/rules/match.js'
import type { Rule } from '../../core/rules/types.js'
import { testEnv } from './env.js'

function rule(id: string, json: Record<string, unknown>): Rule {
  const { rule, diagnostics } = parseRule(`rules/${id}.json`, { id, then: [{ id: 'log', action: 'log', params: { message: 'x' } }], ...json })
  expect(diagnostics).toEqual([])
  return rule!
}

const rules = [
  rule('paid-everywhere', { on: ['order.paid'] }),
  rule('paid-shopify', { on: ['order.paid', 'order.created'], sources: ['shopify-main'] }),
  rule('paid-note', { on: ['order.paid'], then: [{ id: 'n', action: 'order.addNote', params: { note: 'x' } }] }),
  rule('paused', { on: ['order.paid'], enabled: false }),
  rule('stock', { on: ['inventory.changed'], onOwnChanges: true }),
  rule('weekly', { on: [{ schedule: '0 9 * * 1' }], then: [{ id: 'log', action: 'log', target: 'shopify-main', params: { message: 'x' } }] }),
]
const index = new RuleIndex(rules, testEnv())
const ids = (list: Rule[]) => list.map((r) => r.id)

describe('RuleIndex', () => {
  it('matches by event type and source, with the connections ruleConnections gives', () => {
    expect(ids(index.match({ type: 'order.paid', source: 'shopify-main' }))).toEqual(['paid-everywhere', 'paid-note', 'paid-shopify', 'paused'])
    // woo-main lacks order.addNote and is not in paid-shopify's sources
    expect(ids(index.match({ type: 'order.paid', source: 'woo-main' }))).toEqual(['paid-everywhere', 'paused'])
    expect(ids(index.match({ type: 'order.created', source: 'shopify-main' }))).toEqual(['paid-shopify'])
  })

  it('returns nothing for other types and unknown sources', () => {
    expect(index.match({ type: 'customer.created', source: 'shopify-main' })).toEqual([])
    expect(index.match({ type: 'order.paid', source: 'nobody' })).toEqual([])
  })

  it('returns disabled rules so the engine can record them as skipped matches', () => {
    const paused = index.match({ type: 'order.paid', source: 'shopify-main' }).find((r) => r.id === 'paused')!
    expect(paused.enabled).toBe(false)
    expect(skipReason(paused, {})).toBe('disabled')
  })

  it('skips own changes unless the rule opts in with onOwnChanges', () => {
    expect(skipReason(index.get('paid-everywhere')!, { causedBy: 'key' })).toBe('own-change')
    expect(skipReason(index.get('stock')!, { causedBy: 'key' })).toBeNull()
    expect(skipReason(index.get('paid-everywhere')!, {})).toBeNull()
  })

  it('lists all rules, scheduled ones, and finds by id', () => {
    expect(ids(index.all())).toEqual(['paid-everywhere', 'paid-note', 'paid-shopify', 'paused', 'stock', 'weekly'])
    expect(ids(index.scheduled())).toEqual(['weekly'])
    expect(index.get('weekly')?.schedules).toEqual([{ schedule: '0 9 * * 1' }])
    expect(index.get('nope')).toBeUndefined()
  })

  it('hands out frozen lists: a caller cannot change the index', () => {
    const list = index.match({ type: 'order.paid', source: 'shopify-main' })
    expect(() => list.pop()).toThrow(TypeError)
    expect(index.match({ type: 'order.paid', source: 'shopify-main' })).toHaveLength(4)
  })
})
