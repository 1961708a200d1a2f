import { describe, expect, it } from 'vitest'
import { jsonPath, parseJsonText } from '../../core/rules/json-text.js'

describe('reading JSON text', () => {
  it.each([
    ['{\n  "a": 1,\n  "b": }', 3, 8, 'expected a value, found "}"'],
    ['{"a": 1', 1, 8, 'expected "," or "}" after a property value, found end of file'],
    ['{"a": 1,}', 1, 9, 'trailing comma before "}"'],
    ['[1 2]', 1, 4, 'expected "," or "]" after an array element, found "2"'],
    ['{"a": tru}', 1, 7, 'expected a value, found "t"'],
    ['{"a": "x\ny"}', 1, 7, 'unterminated string'],
    ['{a: 1}', 1, 2, 'expected a double-quoted property name, found "a"'],
    ['{"a": 01}', 1, 8, 'expected "," or "}" after a property value, found "1"'],
    ['{} {}', 1, 4, 'unexpected "{" after the JSON value'],
    ['', 1, 1, 'expected a value, found end of file'],
  ])('%j is refused at %i:%i', (text, line, column, message) => {
    expect(parseJsonText(text)).toEqual({ ok: false, error: { line, column, message } })
  })

  it('parses what JSON.parse parses, a byte-order mark included', () => {
    const text = '\ufeff{ "n": [-1.5e3, 0, true, null], "s": "\\u00e9\\n", "o": {} }'
    expect(parseJsonText(text)).toEqual({ ok: true, value: JSON.parse(text.slice(1)), duplicates: [] })
  })

  it('finds duplicate keys, which JSON.parse would silently resolve to the last', () => {
    const result = parseJsonText('{"if": 1,\n "then": [{"a": 1, "a": 2}],\n "if": 2}')
    expect(result).toMatchObject({ ok: true, value: { if: 2 }, duplicates: [{ path: 'then[0].a', line: 2, column: 20 }, { path: 'if', line: 3, column: 2 }] })
  })

  it('writes JSON paths the way diagnostics show them', () => {
    expect(jsonPath(['then', 1, 'params', 'body', 'x-id', '$logic'])).toBe('then[1].params.body["x-id"].$logic')
  })
})
