import { compileLogic, isLogicNode, isTruthy, STANDARD_OPERATORS } from './logic-compile.js'

/**
 * JSON Logic as rules use it: json-logic-js semantics, evaluated through closures compiled once per
 * expression (logic-compile.ts), plus the static walks `validate` needs.
 */
export { compileLogic, isTruthy, STANDARD_OPERATORS }
export type { CompiledLogic } from './logic-compile.js'

/** Same result as `jsonLogic.apply(logic, data)`; throws where json-logic-js throws (unknown operator). */
export function evaluateLogic(logic: unknown, data: unknown): unknown {
  return compileLogic(logic)(data)
}

const STANDARD = new Set(STANDARD_OPERATORS)

export function isStandardOperator(op: string): boolean {
  return STANDARD.has(op)
}

/** Every operator the expression uses, inner scopes (filter, map, …) included; in first-seen order. */
export function logicOperators(logic: unknown): string[] {
  const found = new Set<string>()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit)
    else if (isLogicNode(node)) {
      const op = Object.keys(node)[0]
      found.add(op)
      visit(node[op])
    }
  }
  visit(logic)
  return [...found]
}

/** Operators whose second argument runs on each item of the first, not on the rule context. */
const SCOPED = new Set(['filter', 'map', 'all', 'none', 'some', 'reduce'])

/**
 * The context paths the expression reads: literal `var` paths and `missing`/`missing_some` keys,
 * outside inner scopes (the item logic of `filter`, `map`, … reads the item, not the context).
 * A computed path (`{"var": {"cat": …}}`) cannot be known statically and is skipped; the whole-data
 * path (`{"var": ""}`) is skipped too. Unique, in first-seen order.
 */
export function varPaths(logic: unknown): string[] {
  const found = new Set<string>()
  const literal = (key: unknown) => {
    if ((typeof key === 'string' && key !== '') || typeof key === 'number' || typeof key === 'boolean') found.add(String(key))
  }
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!isLogicNode(node)) return
    const op = Object.keys(node)[0]
    const raw = node[op]
    const values: unknown[] = Array.isArray(raw) ? raw : [raw]
    if (op === 'var') {
      literal(values[0])
      values.forEach(visit)
    } else if (op === 'missing') {
      const keys = Array.isArray(values[0]) ? values[0] : values
      keys.forEach(literal)
      values.forEach(visit)
    } else if (op === 'missing_some') {
      if (Array.isArray(values[1])) values[1].forEach(literal)
      values.forEach(visit)
    } else if (SCOPED.has(op)) {
      visit(values[0])
      if (op === 'reduce') visit(values[2])
    } else values.forEach(visit)
  }
  visit(logic)
  return [...found]
}
