import { CartwireError } from '../sdk/errors.js'
import { evaluateLogic } from './logic.js'
import { parseTemplate, walkParams, type Template } from './params-walk.js'

/**
 * Resolves a step's params against a rule context (SEMANTICS.md §9):
 * - `"{{path}}"` alone keeps the value's type (a number stays a number, an array an array);
 * - a string mixing text and `{{path}}` takes scalars only: strings, numbers and booleans are
 *   written as `String(value)`, `null` as an empty string; an object or array is ERR_INTERPOLATION;
 * - a path that is not in the context (or crosses a null) is ERR_INTERPOLATION naming the path —
 *   never `undefined` sent to a platform; a `{{…}}` is a lookup of own properties only, and
 *   `__proto__`, `constructor` and `prototype` are refused;
 * - `{"$logic": …}` (an object with that single key) is the value of the JSON Logic expression;
 * - under a URL key (`url`, see `urlKeys`) interpolated values are percent-encoded
 *   (encodeURIComponent), except a `{{path}}` at the very start of the string: it supplies the
 *   base (`"{{vars.opsBaseUrl}}/hooks/orders"`) and is inserted as is; a URL that is exactly one
 *   `{{path}}` is used as is too;
 * - under an HTML key (`html`, see `htmlKeys`) interpolated strings are HTML-escaped, a value that
 *   is exactly one `{{path}}` included (it is still a string).
 * Keys apply at any depth to every string below them. Object keys are never interpolated.
 */
export interface InterpolateOptions {
  /** @default ['url'] */
  urlKeys?: readonly string[]
  /** @default ['html'] */
  htmlKeys?: readonly string[]
}

type Encoding = 'url' | 'html' | undefined

export function resolveParams(params: unknown, context: unknown, opts: InterpolateOptions = {}): unknown {
  const urlKeys = opts.urlKeys ?? ['url']
  const htmlKeys = opts.htmlKeys ?? ['html']
  const resolve = (value: unknown, encoding: Encoding): unknown => {
    if (typeof value === 'string') return resolveString(value, context, encoding)
    if (Array.isArray(value)) return value.map((item) => resolve(item, encoding))
    if (value === null || typeof value !== 'object') return value
    const entries = Object.entries(value)
    if (entries.length === 1 && entries[0][0] === '$logic') return resolveLogic(entries[0][1], context)
    const out: Record<string, unknown> = {}
    for (const [key, child] of entries) {
      const next = urlKeys.includes(key) ? 'url' : htmlKeys.includes(key) ? 'html' : encoding
      Object.defineProperty(out, key, { value: resolve(child, next), enumerable: true, writable: true, configurable: true })
    }
    return out
  }
  return resolve(params, undefined)
}

/** Every `{{path}}` in the params (not inside `$logic`), unique, in order. For validation. */
export function templatePaths(params: unknown): string[] {
  const paths = new Set<string>()
  walkParams(params, (node) => {
    if (node.kind === 'template') node.template.parts.forEach((part) => typeof part !== 'string' && paths.add(part.path))
  })
  return [...paths]
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype'])

/** Own-property lookup of a dotted path; `found: false` when any step is missing or not an object. */
export function lookupPath(context: unknown, path: string): { found: boolean; value?: unknown } {
  let current = context
  for (const segment of path.split('.')) {
    if (FORBIDDEN.has(segment)) throw new CartwireError('ERR_INTERPOLATION', `{{${path}}}: "${segment}" cannot be looked up`, { details: { path } })
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return { found: false }
    current = (current as Record<string, unknown>)[segment]
  }
  return current === undefined ? { found: false } : { found: true, value: current }
}

function valueAt(context: unknown, path: string): unknown {
  const { found, value } = lookupPath(context, path)
  if (!found) throw new CartwireError('ERR_INTERPOLATION', `{{${path}}}: no such value in the context`, { details: { path } })
  return value
}

function resolveString(text: string, context: unknown, encoding: Encoding): unknown {
  const template = parseTemplate(text)
  if (!template) return text
  if (template.error) throw new CartwireError('ERR_INTERPOLATION', `"${text}": ${template.error}`, { details: { text } })
  if (template.exact) {
    const value = valueAt(context, template.exact)
    return encoding === 'html' && typeof value === 'string' ? escapeHtml(value) : value
  }
  return joinParts(template, context, encoding)
}

function joinParts(template: Template, context: unknown, encoding: Encoding): string {
  let out = ''
  template.parts.forEach((part, index) => {
    if (typeof part === 'string') return void (out += part)
    const value = valueAt(context, part.path)
    if (value !== null && typeof value === 'object') {
      throw new CartwireError('ERR_INTERPOLATION', `{{${part.path}}} is ${Array.isArray(value) ? 'an array' : 'an object'}; a string with other text takes strings, numbers and booleans only (use "{{${part.path}}}" alone or $logic)`, { details: { path: part.path } })
    }
    const text = value === null ? '' : String(value)
    out += encoding === 'url' ? (index === 0 ? text : encodeURIComponent(text)) : encoding === 'html' ? escapeHtml(text) : text
  })
  return out
}

function resolveLogic(logic: unknown, context: unknown): unknown {
  try {
    return evaluateLogic(logic, context)
  } catch (e) {
    throw new CartwireError('ERR_INTERPOLATION', `$logic: ${(e as Error).message}`, { cause: e })
  }
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c])
}
