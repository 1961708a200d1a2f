import { isDeepStrictEqual } from 'node:util'
import jsonLogic from 'json-logic-js'
import { describe, expect, it } from 'vitest'
import { compileLogic, evaluateLogic, isTruthy } from '../../core/rules/logic.js'

/**
 * compileLogic must give exactly what json-logic-js gives: same value (NaN, -0 and types included),
 * or an error of the same class and message. A table of each operator's quirks, then a seeded random
 * comparison over generated expressions and data.
 */
type Outcome = { value: unknown } | { error: string }

function outcome(run: () => unknown): Outcome {
  try {
    return { value: run() }
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` }
  }
}

function expectSame(logic: unknown, data: unknown): void {
  const reference = outcome(() => jsonLogic.apply(logic as never, data))
  const compiled = outcome(() => compileLogic(logic)(data))
  if (!isDeepStrictEqual(compiled, reference)) {
    expect.fail(`differs for ${JSON.stringify(logic)} on ${JSON.stringify(data)}: json-logic-js ${show(reference)}, compiled ${show(compiled)}`)
  }
}

const show = (o: Outcome) => ('error' in o ? `threw ${o.error}` : `gave ${Object.is(o.value, -0) ? '-0' : JSON.stringify(o.value) ?? String(o.value)}`)

const DATA = { a: 1, b: '2', s: 'vip customer', tags: ['vip', 'b2b'], n: null, z: 0, e: '', list: [1, 2, 3], obj: { k: { j: 'deep' } }, items: [{ q: 2 }, { q: 0 }] }

const TABLE: Array<[string, unknown, unknown?]> = [
  ['var with default and missing', { var: ['nope', 'fallback'] }],
  ['var of a null on the way', { var: 'n.x' }],
  ['var of the whole data', { var: '' }],
  ['var with a numeric path', { var: 1 }, ['x', 'y']],
  ['var with a computed path', { var: { cat: ['o', 'bj.k.j'] } }],
  ['var through a string', { var: 's.length' }],
  ['var into the prototype chain (json-logic-js walks it)', { var: 'tags.length' }],
  ['var on non-object data', { var: 'a' }, 42],
  ['loose equality', { '==': [1, '1'] }],
  ['null == undefined', { '==': [null, { var: 'nope.x' }] }],
  ['strict inequality', { '!==': [1, '1'] }],
  ['comparison of strings', { '>': ['b', 'a'] }],
  ['between exclusive', { '<': [1, { var: 'a' }, 3] }],
  ['between inclusive', { '<=': [1, { var: 'a' }, 1] }],
  ['comparison with a single argument', { '>=': [1] }],
  ['not of an empty array is true', { '!': [[]] }],
  ['!! of an empty string', { '!!': [''] }],
  ['unary not without array', { '!': { var: 'z' } }],
  ['modulo', { '%': [7, 3] }],
  ['in on an array', { in: ['vip', { var: 'tags' }] }],
  ['in on a string is a substring test', { in: ['vip', { var: 's' }] }],
  ['in on a number', { in: [1, 5] }],
  ['in on an object with an indexOf key throws', { in: [1, { var: 'weird' }] }, { weird: { indexOf: 1 } }],
  ['cat with null and numbers', { cat: ['a', null, 1, true, [1, 2]] }],
  ['substr with a negative length', { substr: ['cartwire', 1, -2] }],
  ['substr with a negative start', { substr: ['cartwire', -4] }],
  ['+ parses strings', { '+': ['1.5', 2, 'x'] }],
  ['+ with no arguments', { '+': [] }],
  ['+ unary casts', { '+': '3.14' }],
  ['* with one argument returns it unparsed', { '*': ['3'] }],
  ['* with no arguments throws', { '*': [] }],
  ['- unary', { '-': [2] }],
  ['- unary on a string', { '-': ['a'] }],
  ['- of zero is -0', { '-': [0] }],
  ['/ by zero', { '/': [1, 0] }],
  ['min and max', { max: [1, '7', -2] }],
  ['min of nothing', { min: [] }],
  ['merge flattens one level', { merge: [1, [2, [3]], { var: 'list' }] }],
  ['if else-if else', { if: [false, 1, { var: 'z' }, 2, 3] }],
  ['if without else', { if: [false, 1] }],
  ['if with no arguments', { if: [] }],
  ['?: ternary', { '?:': [true, 'y', 'n'] }],
  ['and returns the first falsy', { and: [1, '', 2] }],
  ['and of nothing', { and: [] }],
  ['or returns the last when all falsy', { or: [0, '', []] }],
  ['filter', { filter: [{ var: 'items' }, { '>': [{ var: 'q' }, 0] }] }],
  ['map', { map: [{ var: 'list' }, { '*': [{ var: '' }, 2] }] }],
  ['map over a non-array', { map: [{ var: 'a' }, { var: '' }] }],
  ['reduce with initial', { reduce: [{ var: 'list' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 10] }],
  ['reduce without initial', { reduce: [{ var: 'list' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }] }],
  ['all of an empty array is false', { all: [[], true] }],
  ['none of an empty array is true', { none: [[], true] }],
  ['some', { some: [{ var: 'items' }, { '==': [{ var: 'q' }, 0] }] }],
  ['missing', { missing: ['a', 'nope', 'e', 'n'] }],
  ['missing with an array argument', { missing: [['a', 'nope']] }],
  ['missing_some', { missing_some: [1, ['a', 'nope']] }],
  ['an unknown operator throws', { nope: [1] }],
  ['a dotted unknown operator throws', { 'Math.max': [1, 2] }],
  ['an operator from the prototype is unknown', { hasOwnProperty: ['x'] }],
  ['an unknown operator in an untaken branch does not throw', { if: [true, 1, { nope: [] }] }],
  ['an object with two keys is a literal', { a: 1, b: 2 }],
  ['an empty object is a literal', {}],
  ['an array of logic is evaluated', [{ var: 'a' }, { var: 'b' }]],
  ['a primitive is itself', 'text'],
]

describe('compileLogic gives json-logic-js results', () => {
  it.each(TABLE)('%s', (_name, logic, data = DATA) => expectSame(logic, data))

  it('agrees with json-logic-js on 20 000 random expressions and data', () => {
    const random = mulberry32(20240501)
    for (let i = 0; i < 20_000; i++) expectSame(randomLogic(random, 4), randomData(random))
  })

  it('evaluateLogic reuses one compiled closure per expression object', () => {
    const logic = { '>': [{ var: 'a' }, 0] }
    expect(compileLogic(logic)).toBe(compileLogic(logic))
    expect(evaluateLogic(logic, { a: 1 })).toBe(true)
  })

  it('registers no operator with json-logic-js (others see the stock table)', () => {
    compileLogic({ '$logic-test': [] })
    expect(() => jsonLogic.apply({ '$logic-test': [] } as never)).toThrow('Unrecognized operation')
  })

  it('isTruthy is json-logic truthiness', () => {
    for (const value of [[], [0], '', '0', 0, null, {}, 'a', NaN]) expect(isTruthy(value)).toBe(jsonLogic.truthy(value))
  })
})

type Random = () => number

function mulberry32(seed: number): Random {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]

const PATHS = ['a', 'b', 'a.b', 'list', 'list.0', 'list.5', 's', 's.length', 'n', 'n.x', 'obj', 'obj.k', '', 'current', 'accumulator', 'q', 1]
const SCALARS = [0, -1, 1, 2.5, 10, '', '0', '1', 'a', 'vip', 'true', true, false, null]
const OPS = ['==', '===', '!=', '!==', '>', '>=', '<', '<=', '!!', '!', '%', 'in', 'cat', 'substr', '+', '*', '-', '/', 'min', 'max', 'merge', 'if', '?:', 'and', 'or', 'missing', 'missing_some']
const SCOPED = ['filter', 'map', 'reduce', 'all', 'none', 'some']

function randomLogic(random: Random, depth: number): unknown {
  const roll = random()
  if (depth <= 0 || roll < 0.25) return randomLeaf(random)
  if (roll < 0.4) return { var: random() < 0.3 ? [pick(random, PATHS), randomLeaf(random)] : pick(random, PATHS) }
  if (roll < 0.5) return { [pick(random, SCOPED)]: [randomLogic(random, depth - 1), randomLogic(random, depth - 1), ...(random() < 0.3 ? [randomLeaf(random)] : [])] }
  if (roll < 0.52) return { [pick(random, ['nope', 'a.b', 'log.x'])]: [randomLeaf(random)] }
  if (roll < 0.55) return random() < 0.5 ? { x: 1, y: randomLogic(random, depth - 1) } : [randomLogic(random, depth - 1)]
  const args = Array.from({ length: Math.floor(random() * 4) }, () => randomLogic(random, depth - 1))
  return { [pick(random, OPS)]: random() < 0.15 && args.length ? args[0] : args }
}

function randomLeaf(random: Random): unknown {
  const roll = random()
  if (roll < 0.8) return pick(random, SCALARS)
  if (roll < 0.9) return Array.from({ length: Math.floor(random() * 3) }, () => pick(random, SCALARS))
  return {}
}

function randomData(random: Random): unknown {
  if (random() < 0.1) return pick(random, [null, 3, 'abc', [1, 2]])
  return {
    a: pick(random, SCALARS),
    b: pick(random, [...SCALARS, { b: 1 }]),
    list: Array.from({ length: Math.floor(random() * 4) }, () => pick(random, SCALARS)),
    s: pick(random, ['vip', 'abc', '']),
    n: null,
    obj: { k: pick(random, SCALARS) },
  }
}
