import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadRuleFiles, parseRule, parseRuleText } from '../../core/rules/load.js'
import type { Rule } from '../../core/rules/types.js'

function rule(json: Record<string, unknown>): Rule {
  const { rule, diagnostics } = parseRule('rules/r.json', { id: 'r', on: ['order.paid'], ...json })
  expect(diagnostics).toEqual([])
  return rule!
}

describe('loading rule files', () => {
  it('fills in the defaults: enabled, onOwnChanges false, backfill false, params {}', () => {
    const r = rule({ then: [{ action: 'log' }] })
    expect(r).toMatchObject({ enabled: true, onOwnChanges: false, backfill: false, schedules: [], file: 'rules/r.json' })
    expect(r.then[0]).toEqual({ kind: 'action', id: 'log', action: 'log', params: {} })
    expect(r.sources).toBeUndefined()
  })

  it('gives default step ids: the action name, wait or if, with #2 and #3 for repeats', () => {
    const r = rule({
      then: [{ action: 'order.addTags' }, { wait: '1h' }, { if: true }, { id: 'mine', action: 'order.addTags' }, { action: 'order.addTags' }, { wait: '1d' }, { action: 'order.addTags' }],
    })
    expect(r.then.map((s) => s.id)).toEqual(['order.addTags', 'wait', 'if', 'mine', 'order.addTags#2', 'wait#2', 'order.addTags#3'])
    expect(r.defaultedStepIds).toBe(true)
    expect(rule({ then: [{ id: 'a', action: 'log' }] }).defaultedStepIds).toBe(false)
  })

  it('computes waitMs (1d is 24 hours elapsed)', () => {
    expect(rule({ then: [{ id: 'w', wait: '1d' }] }).then[0]).toEqual({ kind: 'wait', id: 'w', wait: '1d', waitMs: 86_400_000 })
  })

  it('splits `on` into event types and schedules', () => {
    const r = rule({ on: ['order.paid', { schedule: '0 9 * * 1', timezone: 'Europe/Berlin' }], then: [{ action: 'log', target: 'x' }] })
    expect(r.on).toEqual(['order.paid'])
    expect(r.schedules).toEqual([{ schedule: '0 9 * * 1', timezone: 'Europe/Berlin' }])
  })

  it('hashes canonical content: key order, whitespace and $schema do not change it, content does', () => {
    const a = parseRuleText('rules/r.json', '{"id":"r","on":["order.paid"],"then":[{"action":"log","params":{"a":1,"b":2}}]}').rule!
    const b = parseRuleText('rules/r.json', '{\n "$schema": "../schemas/rule.schema.json",\n "then": [ { "params": { "b": 2, "a": 1 }, "action": "log" } ],\n "on": ["order.paid"], "id": "r"\n}').rule!
    const c = parseRuleText('rules/r.json', '{"id":"r","on":["order.paid"],"then":[{"action":"log","params":{"a":1,"b":3}}]}').rule!
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(b.hash).toBe(a.hash)
    expect(c.hash).not.toBe(a.hash)
  })

  it('freezes the rule, so the compiled logic cached per expression cannot go stale', () => {
    const r = rule({ if: { '==': [1, 1] }, then: [{ action: 'log', params: { message: 'x' } }] })
    expect(Object.isFrozen(r)).toBe(true)
    expect(Object.isFrozen(r.if)).toBe(true)
    expect(Object.isFrozen((r.then[0] as { params: object }).params)).toBe(true)
  })

  it('reads rules/*.json but not *.test.json, in file order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cartwire-rules-'))
    await writeFile(join(dir, 'b-rule.json'), JSON.stringify({ id: 'b-rule', on: ['order.paid'], then: [{ action: 'log' }] }))
    await writeFile(join(dir, 'a-rule.json'), JSON.stringify({ id: 'a-rule', on: ['order.paid'], then: [{ action: 'log' }] }))
    await writeFile(join(dir, 'a-rule.test.json'), JSON.stringify({ cases: [] }))
    await writeFile(join(dir, 'notes.md'), 'not a rule')
    const { rules, diagnostics } = await loadRuleFiles(dir)
    expect(diagnostics).toEqual([])
    expect(rules.map((r) => [r.id, r.file])).toEqual([
      ['a-rule', join(dir, 'a-rule.json')],
      ['b-rule', join(dir, 'b-rule.json')],
    ])
  })

  it('reports a missing rules folder instead of throwing', async () => {
    const { rules, diagnostics } = await loadRuleFiles('/nonexistent/rules')
    expect(rules).toEqual([])
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'rule/read-error', file: '/nonexistent/rules' })])
  })

  it('gives no rule for a file with errors, and every error at once', () => {
    const { rule: r, diagnostics } = parseRule('rules/r.json', { id: 'R', on: ['order.payd'], then: [{ wait: '0s' }], extra: true })
    expect(r).toBeUndefined()
    expect(diagnostics.map((d) => `${d.code} ${d.path}`).sort()).toEqual(['rule/bad-duration then[0].wait', 'rule/schema extra', 'rule/schema id', 'rule/unknown-event on[0]'])
  })
})
