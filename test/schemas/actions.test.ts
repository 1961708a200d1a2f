import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { actionNames, actionSchema, schemaDocuments, SCHEMA_BASE, unifiedActionNames, validateActionParams } from '../../core/model/schemas.js'

const schemasDir = new URL('../../schemas/', import.meta.url)

describe('schema files', () => {
  it('every file I own declares draft 2020-12 and an $id that is its path under SCHEMA_BASE', () => {
    const owned = ['event.schema.json', 'context.schema.json', ...readdirSync(new URL('entities/', schemasDir)).map((f) => `entities/${f}`), ...readdirSync(new URL('actions/', schemasDir)).map((f) => `actions/${f}`)]
    for (const file of owned) {
      const doc = JSON.parse(readFileSync(new URL(file, schemasDir), 'utf8'))
      expect(doc.$schema, file).toBe('https://json-schema.org/draft/2020-12/schema')
      expect(doc.$id, file).toBe(SCHEMA_BASE + file)
    }
  })

  it('every loaded document is registered under its $id', () => {
    for (const [id, doc] of schemaDocuments()) if (typeof doc.$id === 'string') expect(doc.$id).toBe(id)
  })
})

describe('action params schemas', () => {
  it('lists the unified actions and the built-ins', () => {
    expect(unifiedActionNames()).toEqual([
      'fulfillment.create', 'inventory.set', 'order.addNote', 'order.addTags', 'order.removeTags', 'order.setStatus', 'product.setPrice', 'product.setStatus',
    ])
    expect(actionNames()).toEqual(expect.arrayContaining(['http.request', 'log']))
  })

  it.each(actionNames())('the documented examples of %s are valid (templates left to run time)', (name) => {
    const examples = actionSchema(name)!.examples as unknown[]
    expect(examples.length).toBeGreaterThan(0)
    for (const example of examples) expect(validateActionParams(name, example, { templates: true })).toEqual([])
  })

  it('an action without a schema answers null, so the caller uses the plugin’s own params schema', () => {
    expect(validateActionParams('email.send', { to: 'x' })).toBeNull()
    expect(actionSchema('email.send')).toBeUndefined()
  })

  it('order.addTags needs at least one tag, without commas, and names the known params on a typo', () => {
    expect(validateActionParams('order.addTags', { tags: [] })).toEqual([{ path: 'tags', message: 'must have at least 1 item' }])
    expect(validateActionParams('order.addTags', { tags: ['a,b'] })).toEqual([
      { path: 'tags[0]', message: expect.stringMatching(/^must match .* \(got "a,b"\)$/) },
    ])
    expect(validateActionParams('order.addTags', { tag: 'vip' })).toEqual([
      { path: 'tags', message: 'is required' },
      { path: 'tag', message: 'is not a known property (known: tags, orderId)' },
    ])
  })

  it('order.setStatus takes canonical statuses only', () => {
    expect(validateActionParams('order.setStatus', { status: 'on_hold' })).toEqual([])
    expect(validateActionParams('order.setStatus', { status: 'shipped' })).toEqual([
      { path: 'status', message: 'must be one of "draft", "open", "on_hold", "completed", "cancelled", "closed" (got "shipped")' },
    ])
  })

  it('product.setPrice takes a decimal string or a non-negative number', () => {
    expect(validateActionParams('product.setPrice', { sku: 'A', price: '19.90' })).toEqual([])
    expect(validateActionParams('product.setPrice', { sku: 'A', price: 19.9, compareAtPrice: null })).toEqual([])
    expect(validateActionParams('product.setPrice', { sku: 'A', price: '19,90' })).toEqual([
      { path: 'price', message: 'must be a number ≥ 0 or a string matching ^\\d+(\\.\\d+)?$ (got "19,90")' },
    ])
  })

  it('inventory.set wants a whole number available', () => {
    expect(validateActionParams('inventory.set', { sku: 'A', available: 2.5 })).toEqual([{ path: 'available', message: 'must be integer (got 2.5)' }])
  })

  it('http.request wants an http(s) URL and a duration timeout', () => {
    expect(validateActionParams('http.request', { method: 'POST', url: 'https://x.example/h', timeout: '10s', idempotent: true })).toEqual([])
    expect(validateActionParams('http.request', { url: 'ftp://x.example', timeout: '10 seconds' })?.map((i) => i.path)).toEqual(['url', 'timeout'])
  })

  it('with templates, a {{path}} or $logic value is left to run time but structure is still checked', () => {
    const params = { tags: '{{vars.tags}}', orderId: { $logic: { var: 'order.id' } } }
    expect(validateActionParams('order.addTags', params)).not.toEqual([])
    expect(validateActionParams('order.addTags', params, { templates: true })).toEqual([])
    expect(validateActionParams('order.addTags', { orderId: '{{order.id}}' }, { templates: true })).toEqual([{ path: 'tags', message: 'is required' }])
  })
})
