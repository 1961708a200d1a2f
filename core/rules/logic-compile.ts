import jsonLogic from 'json-logic-js'

/**
 * Compiles a JSON Logic expression once into a closure that gives the SAME result as
 * `jsonLogic.apply(logic, data)` from json-logic-js 2.0.5, for every data.
 *
 * Contract (held by test/rules/logic-differential.test.ts, a table plus a randomized comparison):
 * - every standard operator is reimplemented line for line from json-logic-js, including its
 *   coercions (`+` uses parseFloat, `*` reduces without an initial value, `<` with three args is
 *   "between"), evaluation order (arguments left to right, `if`/`and`/`or` short-circuit) and
 *   identity (a non-logic object is returned as the same reference, an array is a new array);
 * - `log`, `missing`, `missing_some`, dotted names and unknown operators are handed to
 *   json-logic-js itself for that subtree, so they behave (and throw) exactly as there;
 * - the logic must not be mutated after compiling (rules are frozen when loaded).
 * No operator is registered with json-logic-js: its global table stays as others expect it.
 */
export type CompiledLogic = (data: unknown) => unknown

type Args = unknown[]
type Haystack = { indexOf: (x: unknown) => number }
type Impl = (args: Args) => unknown

const cache = new WeakMap<object, CompiledLogic>()

export function compileLogic(logic: unknown): CompiledLogic {
  if (logic === null || typeof logic !== 'object') return () => logic
  let compiled = cache.get(logic)
  if (!compiled) {
    compiled = compileNode(logic)
    cache.set(logic, compiled)
  }
  return compiled
}

/** json-logic truthiness: like JS, except that an empty array is false. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value) && value.length === 0) return false
  return !!value
}

export function isLogicNode(logic: unknown): logic is Record<string, unknown> {
  return typeof logic === 'object' && logic !== null && !Array.isArray(logic) && Object.keys(logic).length === 1
}

function compileNode(logic: unknown): CompiledLogic {
  if (Array.isArray(logic)) {
    const parts = logic.map(compileNode)
    return (data) => parts.map((part) => part(data))
  }
  if (!isLogicNode(logic)) return () => logic
  const op = Object.keys(logic)[0]
  const raw = logic[op]
  const values: unknown[] = Array.isArray(raw) ? raw : [raw]
  const control = Object.hasOwn(CONTROL, op) ? CONTROL[op] : undefined
  if (control) return control(values)
  if (op === 'var') return compileVar(values)
  const impl = Object.hasOwn(EAGER, op) ? EAGER[op] : undefined
  if (!impl) return (data) => jsonLogic.apply(logic as never, data)
  const fns = values.map(compileNode)
  if (fns.length === 1) {
    const [a] = fns
    return (data) => impl([a(data)])
  }
  if (fns.length === 2) {
    const [a, b] = fns
    return (data) => {
      const x = a(data)
      return impl([x, b(data)])
    }
  }
  return (data) => impl(fns.map((fn) => fn(data)))
}

// ---- operators evaluated after all their arguments (json-logic-js `operations`) ----------------

const num = parseFloat as (value: unknown) => number
const loose = <T>(value: unknown) => value as T

const EAGER: Record<string, Impl> = {
  '==': ([a, b]) => a == b,
  '===': ([a, b]) => a === b,
  '!=': ([a, b]) => a != b,
  '!==': ([a, b]) => a !== b,
  '>': ([a, b]) => loose<number>(a) > loose<number>(b),
  '>=': ([a, b]) => loose<number>(a) >= loose<number>(b),
  '<': ([a, b, c]) => (c === undefined ? loose<number>(a) < loose<number>(b) : loose<number>(a) < loose<number>(b) && loose<number>(b) < loose<number>(c)),
  '<=': ([a, b, c]) => (c === undefined ? loose<number>(a) <= loose<number>(b) : loose<number>(a) <= loose<number>(b) && loose<number>(b) <= loose<number>(c)),
  '!!': ([a]) => isTruthy(a),
  '!': ([a]) => !isTruthy(a),
  '%': ([a, b]) => loose<number>(a) % loose<number>(b),
  in: ([a, b]) => {
    // written as json-logic-js writes it, so even its TypeError ("b.indexOf is not a function") matches
    if (!b || typeof (b as Haystack).indexOf === 'undefined') return false
    return (b as Haystack).indexOf(a) !== -1
  },
  cat: (args) => args.join(''),
  substr: ([source, start, end]) => {
    if (loose<number>(end) < 0) {
      // json-logic-js emulates PHP: a negative end counts from the end
      const temp = String(source).substr(loose<number>(start))
      return temp.substr(0, temp.length + loose<number>(end))
    }
    return String(source).substr(loose<number>(start), loose<number>(end))
  },
  '+': (args) => args.reduce<number>((a, b) => num(a) + num(b), 0),
  '*': (args) => (args as number[]).reduce((a, b) => num(a) * num(b)),
  '-': ([a, b]) => (b === undefined ? -loose<number>(a) : loose<number>(a) - loose<number>(b)),
  '/': ([a, b]) => loose<number>(a) / loose<number>(b),
  min: (args) => Math.min(...(args as number[])),
  max: (args) => Math.max(...(args as number[])),
  merge: (args) => args.reduce<unknown[]>((a, b) => a.concat(b), []),
}

function varLookup(data: unknown, a: unknown, b: unknown): unknown {
  const notFound = b === undefined ? null : b
  if (typeof a === 'undefined' || a === '' || a === null) return data
  return walk(data, String(a).split('.'), notFound)
}

function walk(data: unknown, props: readonly string[], notFound: unknown): unknown {
  let current = data
  for (const prop of props) {
    if (current === null || current === undefined) return notFound
    current = (current as Record<string, unknown>)[prop]
    if (current === undefined) return notFound
  }
  return current
}

const isPrimitive = (value: unknown) => value === null || typeof value !== 'object'

/** `var` with literal arguments (the usual case) resolves its path once, at compile time. */
function compileVar(values: unknown[]): CompiledLogic {
  if (values.length <= 2 && values.every(isPrimitive)) {
    const [a, b] = values
    const notFound = b === undefined ? null : b
    if (typeof a === 'undefined' || a === '' || a === null) return (data) => data
    const props = String(a).split('.')
    if (props.length === 1) {
      const [prop] = props
      return (data) => {
        if (data === null || data === undefined) return notFound
        const value = (data as Record<string, unknown>)[prop]
        return value === undefined ? notFound : value
      }
    }
    return (data) => walk(data, props, notFound)
  }
  const fns = values.map(compileNode)
  return (data) => {
    const args = fns.map((fn) => fn(data))
    return varLookup(data, args[0], args[1])
  }
}

// ---- operators that manage their own recursion (json-logic-js `apply`) ------------------------

type Control = (values: unknown[]) => CompiledLogic

function compileIf(values: unknown[]): CompiledLogic {
  const fns = values.map(compileNode)
  return (data) => {
    let i: number
    for (i = 0; i < fns.length - 1; i += 2) {
      if (isTruthy(fns[i](data))) return fns[i + 1](data)
    }
    if (fns.length === i + 1) return fns[i](data)
    return null
  }
}

/** `and` returns the first falsy value, `or` the first truthy one; each else the last (undefined for none). */
function shortCircuit(stopWhenTruthy: boolean): Control {
  return (values) => {
    const fns = values.map(compileNode)
    return (data) => {
      let current: unknown
      for (const fn of fns) {
        current = fn(data)
        if (isTruthy(current) === stopWhenTruthy) return current
      }
      return current
    }
  }
}

/** filter, map, all, none, some: the first value is evaluated on the data, the second on each item. */
function scoped(run: (items: unknown[] | null, each: CompiledLogic) => unknown): Control {
  return (values) => {
    const source = compileNode(values[0])
    const each = compileNode(values[1])
    return (data) => {
      const items = source(data)
      return run(Array.isArray(items) ? items : null, each)
    }
  }
}

const CONTROL: Record<string, Control> = {
  if: compileIf,
  '?:': compileIf,
  and: shortCircuit(false),
  or: shortCircuit(true),
  filter: scoped((items, each) => (items ? items.filter((item) => isTruthy(each(item))) : [])),
  map: scoped((items, each) => (items ? items.map((item) => each(item)) : [])),
  all: scoped((items, each) => (items && items.length ? items.every((item) => isTruthy(each(item))) : false)),
  none: scoped((items, each) => (items && items.length ? !items.some((item) => isTruthy(each(item))) : true)),
  some: scoped((items, each) => (items && items.length ? items.some((item) => isTruthy(each(item))) : false)),
  reduce: (values) => {
    const source = compileNode(values[0])
    const each = compileNode(values[1])
    const initial = typeof values[2] !== 'undefined' ? compileNode(values[2]) : () => null
    return (data) => {
      const items = source(data)
      const start = initial(data)
      if (!Array.isArray(items)) return start
      return items.reduce((accumulator, current) => each({ current, accumulator }), start)
    }
  },
}

/** Every operator json-logic-js 2.0.5 knows without `add_operation`. */
export const STANDARD_OPERATORS: readonly string[] = [...Object.keys(CONTROL), 'var', ...Object.keys(EAGER), 'log', 'missing', 'missing_some']
