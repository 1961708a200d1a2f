import type { EventType } from '../sdk/events.js'
import { contextSchemaRef, resolveSchemaRef } from './schemas.js'

/**
 * Which `var` / `{{path}}` paths a rule may read, derived from schemas/context.schema.json (never a
 * second list). Paths are dotted as json-logic reads them: `order.lines.0.sku`; a numeric segment
 * indexes an array; a path to an object or an array itself is valid; under an open object (`vars`,
 * `http` bodies) anything is valid. Each context's schema is compiled once into a tree, so a lookup
 * costs one map step per segment.
 *
 * Reading the schema for paths: properties of `$ref` / `allOf` / siblings are merged (all hold);
 * `anyOf` / `oneOf` branches are united (one holds: `previous` is a view or null); a `properties`
 * list without `additionalProperties` counts as closed; `{}` / `true` / `additionalProperties: true`
 * or an object without `properties` are open. `if`/`then` are ignored (they only narrow values).
 */

interface PathNode {
  /** anything below is valid */
  free: boolean
  props: Map<string, PathNode>
  /** array elements */
  items?: PathNode
  /** values of names not in `props` (`additionalProperties: {schema}`) */
  extra?: PathNode
}

const FREE: PathNode = { free: true, props: new Map() }
const leaf = (): PathNode => ({ free: false, props: new Map() })
const MAX_DEPTH = 40
const STRUCTURAL = ['type', 'properties', 'items', 'additionalProperties', '$ref', 'allOf', 'anyOf', 'oneOf', 'enum', 'const']

function compile(schema: unknown, baseId: string, depth: number): PathNode {
  if (schema === true) return FREE
  if (schema === false || schema === null || typeof schema !== 'object' || depth > MAX_DEPTH) return leaf()
  const s = schema as Record<string, unknown>
  if (!STRUCTURAL.some((keyword) => keyword in s)) return FREE
  const own = leaf()
  const types = Array.isArray(s.type) ? s.type : [s.type]
  if (s.properties && typeof s.properties === 'object') {
    for (const [name, sub] of Object.entries(s.properties)) own.props.set(name, compile(sub, baseId, depth + 1))
  }
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) own.extra = compile(s.additionalProperties, baseId, depth + 1)
  else if (types.includes('object') && !s.properties && s.additionalProperties === undefined) own.extra = FREE
  if (s.items !== undefined) own.items = compile(s.items, baseId, depth + 1)
  else if (types.includes('array')) own.items = FREE
  let node = own
  if (typeof s.$ref === 'string') {
    const target = resolveSchemaRef(s.$ref, baseId)
    node = intersect(node, compile(target.schema, target.baseId, depth + 1))
  }
  for (const sub of (s.allOf as unknown[] | undefined) ?? []) node = intersect(node, compile(sub, baseId, depth + 1))
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = (s[keyword] as unknown[] | undefined) ?? []
    if (branches.length) node = intersect(node, branches.map((b) => compile(b, baseId, depth + 1)).reduce(unite))
  }
  return node
}

/** Both hold: a free side adds nothing; names from either side are known. */
function intersect(a: PathNode, b: PathNode): PathNode {
  if (a.free) return b
  if (b.free) return a
  return combine(a, b, intersect)
}

/** One holds: anything valid in either is valid. */
function unite(a: PathNode, b: PathNode): PathNode {
  if (a.free || b.free) return FREE
  return combine(a, b, unite)
}

function combine(a: PathNode, b: PathNode, merge: (x: PathNode, y: PathNode) => PathNode): PathNode {
  const props = new Map(a.props)
  for (const [name, node] of b.props) props.set(name, props.has(name) ? merge(props.get(name)!, node) : node)
  const pick = (x?: PathNode, y?: PathNode) => (x && y ? merge(x, y) : (x ?? y))
  return { free: false, props, items: pick(a.items, b.items), extra: pick(a.extra, b.extra) }
}

interface CompiledContext {
  root: PathNode
  /** every enumerable path, array elements as `0`; for suggestions */
  paths: string[]
}

/** by context `$defs` ref (event types share them), and by event type for the lookup itself */
const byRef = new Map<string, CompiledContext>()
const byType = new Map<string, CompiledContext>()

function contextFor(eventType: EventType | 'schedule'): CompiledContext {
  let entry = byType.get(eventType)
  if (entry) return entry
  const ref = contextSchemaRef(eventType)
  entry = byRef.get(ref)
  if (!entry) {
    const target = resolveSchemaRef(ref, ref)
    const root = compile(target.schema, target.baseId, 0)
    entry = { root, paths: enumerate(root, '') }
    byRef.set(ref, entry)
  }
  byType.set(eventType, entry)
  return entry
}

function step(node: PathNode, segment: string): PathNode | undefined {
  return node.props.get(segment) ?? (node.items && /^\d+$/.test(segment) ? node.items : undefined) ?? node.extra
}

/** Does the context of `eventType` have this dotted path (`''` is the context itself)? */
export function contextHasPath(eventType: EventType | 'schedule', path: string): boolean {
  let node: PathNode | undefined = contextFor(eventType).root
  if (path === '') return true
  for (const segment of path.split('.')) {
    if (node.free) return true
    node = step(node, segment)
    if (!node) return false
  }
  return true
}

function enumerate(node: PathNode, prefix: string, depth = 0): string[] {
  if (node.free || depth > MAX_DEPTH) return []
  const out: string[] = []
  const visit = (segment: string, child: PathNode) => {
    const path = prefix ? `${prefix}.${segment}` : segment
    out.push(path, ...enumerate(child, path, depth + 1))
  }
  for (const [name, child] of node.props) visit(name, child)
  if (node.items) visit('0', node.items)
  return out
}

/**
 * Valid paths near an invalid one, best first (at most `limit`), for messages like
 * `order.totalprice is not in the order.paid context; did you mean order.totalPrice?`.
 * Candidates: paths within a small edit distance, paths ending in the same segment
 * (`totalPrice` → `order.totalPrice`), and else the fields under the longest valid prefix.
 */
export function contextPathSuggestions(eventType: EventType | 'schedule', path: string, limit = 5): string[] {
  const { paths } = contextFor(eventType)
  const wanted = path
    .split('.')
    .map((segment) => (/^\d+$/.test(segment) ? '0' : segment))
    .join('.')
    .toLowerCase()
  const last = wanted.slice(wanted.lastIndexOf('.') + 1)
  const budget = Math.max(2, Math.floor(wanted.length / 4))
  const scored: Array<{ path: string; score: number }> = []
  for (const candidate of paths) {
    const lower = candidate.toLowerCase()
    if (wanted.startsWith(`${lower}.`)) continue // a valid prefix of what was written is no suggestion
    const distance = editDistance(wanted, lower, budget)
    if (distance <= budget) scored.push({ path: candidate, score: distance })
    else if (lower === last || lower.endsWith(`.${last}`)) scored.push({ path: candidate, score: budget + 1 + lower.split('.').length })
  }
  if (scored.length === 0) {
    const segments = path.split('.')
    let prefix = segments.length - 1
    while (prefix > 0 && !contextHasPath(eventType, segments.slice(0, prefix).join('.'))) prefix--
    const base = segments.slice(0, prefix).join('.')
    const depth = prefix + 1
    for (const candidate of paths) {
      if ((base === '' || candidate.startsWith(`${base}.`)) && candidate.split('.').length === depth) scored.push({ path: candidate, score: 0 })
    }
  }
  return scored
    .sort((a, b) => a.score - b.score || a.path.localeCompare(b.path))
    .slice(0, limit)
    .map((s) => s.path)
}

/** Levenshtein distance, giving up (returning budget + 1) once it must exceed `budget`. */
function editDistance(a: string, b: string, budget: number): number {
  if (Math.abs(a.length - b.length) > budget) return budget + 1
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      rowMin = Math.min(rowMin, current[j])
    }
    if (rowMin > budget) return budget + 1
    previous = current
  }
  return previous[b.length]
}
