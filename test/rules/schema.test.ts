import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { actionNames } from '../../core/model/schemas.js'
import { STANDARD_OPERATORS } from '../../core/rules/logic.js'
import { EVENT_TYPES } from '../../core/sdk/events.js'

const ROOT = join(import.meta.dirname, '../..')
const ruleSchema = JSON.parse(readFileSync(join(ROOT, 'schemas/rule.schema.json'), 'utf8'))

describe('schemas/rule.schema.json', () => {
  it('lists exactly the canonical event types', () => {
    expect(ruleSchema.$defs.eventType.enum).toEqual([...EVENT_TYPES])
  })

  it('offers editors only actions that exist, and every JSON Logic operator', () => {
    const examples: string[] = ruleSchema.$defs.actionStep.properties.action.examples
    expect(examples.filter((name) => !actionNames().includes(name))).toEqual([])
    expect(Object.keys(ruleSchema.$defs.logic.properties).sort()).toEqual([...STANDARD_OPERATORS].sort())
  })

  it('every rule and rule-test file points its $schema at the schema it follows', () => {
    for (const dir of ['rules', 'test/fixtures/rules-broken', 'test/fixtures/rules-test-failures']) {
      for (const name of readdirSync(join(ROOT, dir)).filter((n) => n.endsWith('.json') && n !== 'invalid-json.json' && n !== 'broken-json.test.json')) {
        const ref = (JSON.parse(readFileSync(join(ROOT, dir, name), 'utf8')) as { $schema?: string }).$schema
        if (ref === undefined) continue
        const target = resolve(dirname(join(ROOT, dir, name)), ref)
        expect(existsSync(target), `${dir}/${name}: ${ref}`).toBe(true)
        expect(target.endsWith(name.endsWith('.test.json') ? 'rule-test.schema.json' : 'rule.schema.json'), `${dir}/${name}`).toBe(true)
      }
    }
  })
})
