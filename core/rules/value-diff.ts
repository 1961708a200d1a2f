import { isDeepStrictEqual } from 'node:util'
import { jsonPath } from './json-text.js'

/**
 * Where two JSON values differ, one line per difference, for rule-test failures:
 * `steps[3].params.body.total: expected 512, got "512"`. Objects are compared key by key and arrays
 * index by index, so a failure points at the field, not at the whole params object.
 */
export function valueDiff(expected: unknown, actual: unknown, at: Array<string | number> = []): string[] {
  const where = jsonPath(at) || '(value)'
  if (isPlain(expected) && isPlain(actual)) {
    const lines: string[] = []
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const path = jsonPath([...at, key])
      if (!Object.hasOwn(actual, key)) lines.push(`${path}: expected ${show(expected[key])}, missing`)
      else if (!Object.hasOwn(expected, key)) lines.push(`${path}: not expected, got ${show(actual[key])}`)
      else lines.push(...valueDiff(expected[key], actual[key], [...at, key]))
    }
    return lines
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const lines = expected.length === actual.length ? [] : [`${where}: expected ${expected.length} items, got ${actual.length}: ${show(actual)}`]
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) lines.push(...valueDiff(expected[i], actual[i], [...at, i]))
    return lines
  }
  return isDeepStrictEqual(expected, actual) ? [] : [`${where}: expected ${show(expected)}, got ${show(actual)}`]
}

/** JSON text, shortened for one line. */
export function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value)
  return text.length > 120 ? `${text.slice(0, 117)}…` : text
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
