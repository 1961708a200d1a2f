import type { ErrorObject } from 'ajv'

/**
 * One thing wrong with a value, for people: `path` is dotted with bracketed indices relative to the
 * validated value (`lines[0].price.amount`, '' for the value itself), so a caller can prefix its own
 * location (`then[1].params.` + path); `message` says what is expected and, for scalars, what was got.
 */
export interface SchemaIssue {
  path: string
  message: string
}

/**
 * Turns Ajv's errors (allErrors + verbose) into issues: `if` noise dropped, an `anyOf` reduced to the
 * errors of the branch the value was meant for (the one with errors deeper inside it) or else to one
 * "must be A, B or C" line, duplicates removed.
 */
export function toSchemaIssues(errors: readonly ErrorObject[], root: unknown, opts: { templates?: boolean } = {}): SchemaIssue[] {
  // a timestamp failing its format also fails its pattern: the format says it better
  const badFormat = new Set(errors.filter((e) => e.keyword === 'format').map((e) => e.instancePath))
  let kept = errors.filter((e) => e.keyword !== 'if' && !(e.keyword === 'pattern' && badFormat.has(e.instancePath)))
  if (opts.templates) kept = kept.filter((e) => !underTemplate(root, e.instancePath))
  const issues: SchemaIssue[] = []
  const seen = new Set<string>()
  for (const error of collapseAlternatives(kept)) {
    const issue = describe(error)
    const key = `${issue.path}\u0000${issue.message}`
    if (!seen.has(key)) {
      seen.add(key)
      issues.push(issue)
    }
  }
  return issues
}

function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>()
  errors.forEach((error, index) => {
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') return
    // Ajv reports a branch's errors just before the anyOf error itself, all at or below its instance path
    const branch: ErrorObject[] = []
    for (let i = index - 1; i >= 0 && isAtOrBelow(errors[i].instancePath, error.instancePath); i--) branch.push(errors[i])
    const deeper = branch.filter((e) => e.instancePath !== error.instancePath && !dropped.has(e))
    const drop = deeper.length > 0 ? [error, ...branch.filter((e) => e.instancePath === error.instancePath)] : branch
    drop.forEach((e) => dropped.add(e))
  })
  return errors.filter((e) => !dropped.has(e))
}

function isAtOrBelow(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`)
}

function describe(error: ErrorObject): SchemaIssue {
  const at = toDottedPath(error.instancePath)
  const params = error.params as Record<string, unknown>
  const got = gotSuffix(error.data)
  switch (error.keyword) {
    case 'required':
      return { path: join(at, String(params.missingProperty)), message: 'is required' }
    case 'additionalProperties': {
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {})
      return { path: join(at, String(params.additionalProperty)), message: `is not a known property${known.length ? ` (known: ${known.join(', ')})` : ''}` }
    }
    case 'unevaluatedProperties':
      // the known names are spread over $ref'd schemas here: do not list a misleading subset
      return { path: join(at, String(params.unevaluatedProperty)), message: 'is not a known property' }
    case 'enum':
      return { path: at, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${got}` }
    case 'const':
      return { path: at, message: `must be ${JSON.stringify(params.allowedValue)}${got}` }
    case 'type':
      return { path: at, message: `must be ${orList(String(params.type).split(','))}${got || gotKind(error.data)}` }
    case 'format':
      return { path: at, message: `must be a ${String(params.format)}${got}` }
    case 'pattern': {
      const example = (error.parentSchema?.examples as unknown[] | undefined)?.[0]
      return { path: at, message: `must match ${String(params.pattern)}${example === undefined ? '' : `, e.g. ${JSON.stringify(example)}`}${got}` }
    }
    case 'minItems':
      return { path: at, message: `must have at least ${plural(Number(params.limit), 'item')}` }
    case 'maxItems':
      return { path: at, message: `must have at most ${plural(Number(params.limit), 'item')}` }
    case 'minLength':
      return { path: at, message: Number(params.limit) === 1 ? 'must not be empty' : `must be at least ${plural(Number(params.limit), 'character')}${got}` }
    case 'maxLength':
      return { path: at, message: `must be at most ${plural(Number(params.limit), 'character')}` }
    case 'anyOf':
    case 'oneOf':
      return { path: at, message: `must be ${orList((error.schema as unknown[]).map(alternativeName))}${got || gotKind(error.data)}` }
    default:
      return { path: at, message: `${error.message ?? 'is invalid'}${got}` }
  }
}

function alternativeName(schema: unknown): string {
  const s = (schema ?? {}) as Record<string, unknown>
  if (typeof s.title === 'string') return s.title
  if (typeof s.$ref === 'string') return s.$ref.replace(/^.*[/#]/, '').replace(/\.schema\.json$|\.json$/, '')
  const type = Array.isArray(s.type) ? s.type.join(' or ') : String(s.type ?? 'a value')
  if (typeof s.pattern === 'string') return `a ${type} matching ${s.pattern}`
  if (typeof s.minimum === 'number') return `a ${type} ≥ ${s.minimum}`
  return type === 'null' ? 'null' : `a ${type}`
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`
}

function gotSuffix(value: unknown): string {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    const text = JSON.stringify(value)
    return ` (got ${text.length > 60 ? `${text.slice(0, 57)}…` : text})`
  }
  return ''
}

function gotKind(value: unknown): string {
  return Array.isArray(value) ? ' (got an array)' : value !== null && typeof value === 'object' ? ' (got an object)' : ''
}

function pointerTokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** `/lines/0/price` → `lines[0].price`; keys that are not identifiers are quoted: `headers["x-id"]`. */
export function toDottedPath(pointer: string): string {
  return pointerTokens(pointer).reduce(join, '')
}

function join(path: string, token: string): string {
  if (/^\d+$/.test(token)) return `${path}[${token}]`
  if (!/^[A-Za-z_$][\w$]*$/.test(token)) return `${path}[${JSON.stringify(token)}]`
  return path ? `${path}.${token}` : token
}

/** A `{{path}}` string or a `{"$logic": …}` object at or above `pointer`: its value is known only at run time. */
function underTemplate(root: unknown, pointer: string): boolean {
  let value = root
  for (const token of ['', ...pointerTokens(pointer)]) {
    if (token !== '') value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[token] : undefined
    if (typeof value === 'string' && value.includes('{{')) return true
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && '$logic' in value) return true
  }
  return false
}
