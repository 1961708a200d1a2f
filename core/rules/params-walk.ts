/**
 * The static shape of step params: which strings hold `{{path}}` templates and which values are
 * `{"$logic": …}`. Shared by interpolation (run time) and validation (load time) so both read params
 * the same way.
 */

export interface Template {
  /** literal text and `{{path}}` lookups in order; empty literals are left out */
  parts: Array<string | { path: string }>
  /** set when the whole string is one `{{path}}`: the value keeps its type */
  exact?: string
  /** set when a `{{…}}` is not a path (`{{ order..id }}`, `{{ 1 + 1 }}`) or a `{{` is not closed */
  error?: string
}

export type ParamNode =
  | { kind: 'template'; segments: Array<string | number>; text: string; template: Template }
  | { kind: 'logic'; segments: Array<string | number>; logic: unknown }

const PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/
const cache = new Map<string, Template | null>()
const CACHE_LIMIT = 10_000

/** null when the string has no `{{`: it is a literal. Parsed once per distinct string. */
export function parseTemplate(text: string): Template | null {
  if (!text.includes('{{')) return null
  let template = cache.get(text)
  if (template === undefined) {
    template = parse(text)
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(text, template)
  }
  return template
}

function parse(text: string): Template {
  const parts: Template['parts'] = []
  const pattern = /\{\{([^{}]*)\}\}/g
  let last = 0
  let error: string | undefined
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) parts.push(text.slice(last, match.index))
    const path = match[1].trim()
    if (!PATH.test(path)) error ??= `{{${match[1]}}} is not a path like {{order.number}}`
    parts.push({ path })
    last = match.index + match[0].length
  }
  const rest = text.slice(last)
  if (rest.includes('{{')) error ??= 'a "{{" is not closed by "}}"'
  if (rest) parts.push(rest)
  const exact = parts.length === 1 && typeof parts[0] !== 'string' ? parts[0].path : undefined
  return { parts, ...(exact !== undefined && { exact }), ...(error !== undefined && { error }) }
}

/** Visits every template string and `$logic` value, with its path inside the params. */
export function walkParams(params: unknown, visit: (node: ParamNode) => void, at: Array<string | number> = []): void {
  if (typeof params === 'string') {
    const template = parseTemplate(params)
    if (template) visit({ kind: 'template', segments: at, text: params, template })
  } else if (Array.isArray(params)) {
    params.forEach((item, index) => walkParams(item, visit, [...at, index]))
  } else if (params !== null && typeof params === 'object') {
    const entries = Object.entries(params)
    if (entries.length === 1 && entries[0][0] === '$logic') visit({ kind: 'logic', segments: at, logic: entries[0][1] })
    else for (const [key, child] of entries) walkParams(child, visit, [...at, key])
  }
}
