import { existsSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../../core/store/open.js'
import { createCliProject, type CliProject } from './cli-project.js'

const REVIEW = {
  id: 'large-order-review',
  on: ['order.paid'],
  if: { '>=': [{ var: 'order.totalPrice' }, 500] },
  then: [
    { id: 'flag', action: 'order.addNote', params: { note: 'Large order {{order.number}}' } },
    { id: 'settle', wait: '30m' },
    { id: 'still-open', if: { '==': [{ var: 'order.fulfillmentStatus' }, 'unfulfilled'] } },
    { id: 'tag', action: 'order.addTags', params: { tags: ['review-{{order.number}}'] } },
  ],
}
const VIP = { id: 'vip-tag', on: ['order.paid'], if: { in: ['vip', { var: 'order.customer.tags' }] }, then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['vip'] } }] }
const OFF = { id: 'switched-off', on: ['order.paid'], enabled: false, then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['x'] } }] }
const PAUSED = { id: 'paused-note', on: ['order.paid'], then: [{ id: 'note', action: 'order.addNote', params: { note: 'hi' } }] }
const CANCELLED = { id: 'on-cancel', on: ['order.cancelled'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['cancelled'] } }] }

const LARGE = { type: 'order.paid', source: 'shop', now: '2024-05-01T12:00:00Z', data: { number: '2002', totalPrice: { amount: '512.00', currency: 'EUR' } } }
const SMALL = { ...LARGE, data: { number: '2003' } }

describe('cartwire simulate', () => {
  let project: CliProject
  afterEach(async () => project.close())

  it('prints the matched rule with its steps and params resolved, and why each other rule was skipped', async () => {
    project = await createCliProject({ rules: [REVIEW, VIP, OFF, PAUSED, CANCELLED] })
    await project.cli('rules', 'pause', 'paused-note')
    const { code, out, err } = await project.cli('simulate', project.file('large.json', LARGE))
    expect(err).toEqual([])
    expect(code).toBe(0)
    expect(out).toEqual([
      'event order.paid from shop (order order-1001)',
      expect.stringMatching(/^matched {2}large-order-review {2}\(\S+large-order-review\.json\)$/),
      '  1. flag        order.addNote → shop  {"note":"Large order 2002"}',
      '  2. settle      wait 30m',
      '  3. still-open  if → true',
      '  4. tag         order.addTags → shop  {"tags":["review-2002"]}',
      '  → completes',
      'skipped  paused-note: paused: paused at run time (cartwire rules resume paused-note)',
      'skipped  switched-off: disabled: the rule file sets "enabled": false',
      'skipped  vip-tag: condition-false: its "if" is false for this event',
      '1 matched, 3 skipped, 1 not on order.paid',
    ])
  })

  it('a non-matching event matches nothing, and --json says why', async () => {
    project = await createCliProject({ rules: [REVIEW] })
    const { code, out } = await project.cli('simulate', project.file('small.json', SMALL), '--json')
    expect(code).toBe(0)
    expect(JSON.parse(out.join('\n'))).toEqual({
      event: { type: 'order.paid', source: 'shop', resource: { kind: 'order', id: 'order-1001' } },
      matched: [],
      skipped: [{ rule: 'large-order-review', file: expect.stringMatching(/large-order-review\.json$/), reason: 'condition-false', detail: 'its "if" is false for this event' }],
      notOn: [],
    })
  })

  it('writes nothing: no store is created, an existing one is unchanged, and the platform is never called', async () => {
    project = await createCliProject({ rules: [REVIEW] })
    expect((await project.cli('simulate', project.file('large.json', LARGE))).code).toBe(0)
    expect(existsSync(project.storePath)).toBe(false)

    await project.cli('rules', 'pause', 'large-order-review')
    const before = await countsOf(project)
    const { out } = await project.cli('simulate', project.file('large.json', LARGE))
    expect(out).toContain('skipped  large-order-review: paused: paused at run time (cartwire rules resume large-order-review)')
    expect(await countsOf(project)).toEqual(before)
    expect(project.platform.calls).toEqual([])
  })

  it('an invalid event file is refused with file: path: message lines, exit 2', async () => {
    project = await createCliProject({ rules: [REVIEW] })
    const file = project.file('bad.json', { type: 'order.payed', source: 'shop', data: { totalPrice: 5 }, extra: 1 })
    const { code, err } = await project.cli('simulate', file)
    expect(code).toBe(2)
    expect(err).toEqual([`cartwire simulate: ${file}: extra: unknown field (expected type, source, data, changes, causedBy, member, previous, now, afterWait) [ERR_SCHEMA]`])
    const wrongType = await project.cli('simulate', project.file('bad-type.json', { type: 'order.payed', source: 'shop' }))
    expect(wrongType.err[0]).toMatch(/^cartwire simulate: \S+bad-type\.json: type: .* \[ERR_SCHEMA\]$/)
  })
})

async function countsOf(project: CliProject) {
  const store = await openStore({ driver: 'sqlite', path: project.storePath }, { readonly: true })
  try {
    return { counts: await store.counts(), events: await store.listEvents({}), paused: await store.getSetting('rules.paused') }
  } finally {
    await store.close()
  }
}
