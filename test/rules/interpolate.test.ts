import { describe, expect, it } from 'vitest'
import { resolveParams, templatePaths } from '../../core/rules/interpolate.js'
import { logicOperators, varPaths } from '../../core/rules/logic.js'
import { CartwireError } from '../../core/sdk/errors.js'

const context = {
  order: { id: 'o-1', number: '1001', totalPrice: 512, tags: ['vip', 'b2b'], note: null, customer: { email: 'ada@example.com', name: 'Ada & <Bob>' }, paid: true },
  vars: { opsBaseUrl: 'https://ops.example.com', code: 'a b/c?d' },
}

function interpolationError(run: () => unknown): CartwireError {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(CartwireError)
    expect((e as CartwireError).code).toBe('ERR_INTERPOLATION')
    return e as CartwireError
  }
  return expect.fail('expected ERR_INTERPOLATION')
}

describe('resolveParams', () => {
  it('a string that is exactly {{path}} keeps the value type', () => {
    expect(resolveParams({ total: '{{order.totalPrice}}', tags: '{{ order.tags }}', paid: '{{order.paid}}', note: '{{order.note}}' }, context)).toEqual({ total: 512, tags: ['vip', 'b2b'], paid: true, note: null })
  })

  it('a mixed string takes scalars; null becomes empty text', () => {
    expect(resolveParams({ text: 'Order {{order.number}}: {{order.totalPrice}} EUR, paid {{order.paid}}, note "{{order.note}}"' }, context)).toEqual({ text: 'Order 1001: 512 EUR, paid true, note ""' })
  })

  it('an object or array inside a mixed string is ERR_INTERPOLATION', () => {
    expect(interpolationError(() => resolveParams({ text: 'tags: {{order.tags}}' }, context)).message).toContain('{{order.tags}} is an array')
    expect(interpolationError(() => resolveParams({ text: 'c: {{order.customer}}' }, context)).message).toContain('is an object')
  })

  it('a missing path is ERR_INTERPOLATION naming the path, never undefined', () => {
    const e = interpolationError(() => resolveParams({ to: '{{order.customer.phone}}' }, context))
    expect(e.message).toContain('{{order.customer.phone}}')
    expect(e.details).toEqual({ path: 'order.customer.phone' })
    interpolationError(() => resolveParams('x {{order.note.text}}', context))
  })

  it('refuses __proto__, constructor and prototype in paths', () => {
    for (const path of ['order.__proto__', 'order.constructor', 'order.constructor.prototype', '__proto__.polluted']) {
      interpolationError(() => resolveParams(`{{${path}}}`, context))
    }
    // inherited members are not own properties: no lookup reaches them
    interpolationError(() => resolveParams('{{order.toString}}', context))
  })

  it('$logic computes a value', () => {
    expect(resolveParams({ over: { $logic: { '-': [{ var: 'order.totalPrice' }, 500] } }, big: { $logic: { '>': [{ var: 'order.totalPrice' }, 500] } } }, context)).toEqual({ over: 12, big: true })
  })

  it('percent-encodes values interpolated into a url, except a leading base', () => {
    expect(resolveParams({ url: '{{vars.opsBaseUrl}}/codes/{{vars.code}}?email={{order.customer.email}}' }, context)).toEqual({ url: 'https://ops.example.com/codes/a%20b%2Fc%3Fd?email=ada%40example.com' })
    expect(resolveParams({ url: '{{vars.opsBaseUrl}}' }, context)).toEqual({ url: 'https://ops.example.com' })
    expect(resolveParams({ endpoint: 'https://x/{{vars.code}}' }, context, { urlKeys: ['endpoint'] })).toEqual({ endpoint: 'https://x/a%20b%2Fc%3Fd' })
  })

  it('escapes values interpolated into html, whole values too', () => {
    expect(resolveParams({ html: '<p>Hi {{order.customer.name}}</p>', text: 'Hi {{order.customer.name}}' }, context)).toEqual({ html: '<p>Hi Ada &amp; &lt;Bob&gt;</p>', text: 'Hi Ada & <Bob>' })
    expect(resolveParams({ html: '{{order.customer.name}}' }, context)).toEqual({ html: 'Ada &amp; &lt;Bob&gt;' })
  })

  it('leaves literals, keys and arrays alone and never mutates the params', () => {
    const params = Object.freeze({ '{{order.id}}': ['a', '{{order.id}}', 3, null, { n: '{{order.number}}' }] })
    expect(resolveParams(params, context)).toEqual({ '{{order.id}}': ['a', 'o-1', 3, null, { n: '1001' }] })
  })

  it('a malformed template is ERR_INTERPOLATION', () => {
    interpolationError(() => resolveParams('{{ order.totalPrice * 2 }}', context))
    interpolationError(() => resolveParams('Order {{order.number', context))
  })
})

describe('static reads for validation', () => {
  it('templatePaths lists {{paths}} outside $logic', () => {
    expect(templatePaths({ a: 'x {{order.number}} {{ vars.code }}', b: ['{{order.id}}'], c: { $logic: { var: 'not.a.template' } } })).toEqual(['order.number', 'vars.code', 'order.id'])
  })

  it('varPaths lists context paths, not the item paths of filter/map/…', () => {
    const logic = {
      and: [
        { '>=': [{ var: 'order.totalPrice' }, { var: ['vars.limit', 500] }] },
        { some: [{ var: 'order.lines' }, { '==': [{ var: 'sku' }, 'MUG'] }] },
        { reduce: [{ var: 'order.refunds' }, { '+': [{ var: 'current.amount' }, { var: 'accumulator' }] }, { var: 'vars.start' }] },
        { missing: ['order.note', 'order.email'] },
        { var: { cat: ['order.', 'id'] } },
      ],
    }
    expect(varPaths(logic)).toEqual(['order.totalPrice', 'vars.limit', 'order.lines', 'order.refunds', 'vars.start', 'order.note', 'order.email'])
  })

  it('logicOperators lists every operator, inner scopes included', () => {
    expect(logicOperators({ and: [{ some: [{ var: 'a' }, { bogus: [1] }] }, { '!': [{ var: 'b' }] }] })).toEqual(['and', 'some', 'var', 'bogus', '!'])
  })
})
