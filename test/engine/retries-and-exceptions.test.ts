import { afterEach, describe, expect, it } from 'vitest'
import { makeOrder } from '../support/entities.js'
import { startHarness, type Harness } from '../support/harness.js'

const NOTES = '/orders/order-1001/notes'
const TAGS = '/orders/order-1001/tags'
/** a natural-class step: retried as it is, with nothing to probe */
const tagRule = { id: 'tag-paid', on: ['order.paid'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['paid'] } }] }
const noteRule = (then: object[] = []) => ({
  id: 'large-order-note',
  on: ['order.paid'],
  if: { '>=': [{ var: 'order.totalPrice' }, 500] },
  then: [{ id: 'flag', action: 'order.addNote', params: { note: 'Large order {{order.number}}' } }, ...then],
})

describe('retries, backoff and the exception queue', () => {
  let h: Harness
  afterEach(async () => h?.close())

  const flagEntry = async () => (await h.store.listLedger({})).find((e) => e.stepId === 'flag')!
  const tagEntry = async () => (await h.store.listLedger({})).find((e) => e.stepId === 'tag')!

  it('a failing target gets the configured retries with growing delays, then one exception with its code', async () => {
    h = await startHarness({ rules: [tagRule] })
    h.platform.failNext({ path: TAGS, status: 503, times: 100 })
    await h.paidOrder()
    const delays: number[] = []
    for (let attempt = 1; attempt < 4; attempt++) {
      const entry = await tagEntry()
      expect(entry.state).toBe('retry_wait')
      expect(entry.attempt).toBe(attempt)
      delays.push(entry.nextAttemptAt! - h.clock.now())
      h.clock.advance(delays[delays.length - 1] - 1)
      await h.settle()
      expect((await tagEntry()).attempt, 'not retried before its time').toBe(attempt)
      h.clock.advance(1)
      await h.settle()
    }
    expect(delays).toEqual([1000, 2000, 4000])
    expect((await tagEntry()).state).toBe('failed')
    const exceptions = await h.store.listExceptions({ state: 'open' })
    expect(exceptions).toHaveLength(1)
    expect(exceptions[0]).toMatchObject({ kind: 'step', code: 'ERR_UPSTREAM', ruleId: 'tag-paid', stepId: 'tag' })
    expect(h.platform.calls.filter((c) => c.path === TAGS)).toHaveLength(4)
  })

  it('a probe step whose first attempt landed but answered 5xx is probed before the retry, never posted twice', async () => {
    h = await startHarness({ rules: [noteRule()] })
    h.platform.failNext({ path: NOTES, status: 502, times: 1, afterApply: true })
    await h.paidOrder()
    expect((await flagEntry()).state).toBe('retry_wait')
    h.clock.advance(1000)
    await h.settle()
    expect(h.platform.effectsFor('note'), 'the retry found the note instead of posting it again').toHaveLength(1)
    expect((await flagEntry()).state).toBe('done')
  })

  it('honours Retry-After when it asks for longer than the backoff', async () => {
    h = await startHarness({ rules: [noteRule()] })
    h.platform.failNext({ path: NOTES, status: 429, times: 1, retryAfter: '30' })
    await h.paidOrder()
    expect((await flagEntry()).nextAttemptAt! - h.clock.now()).toBe(30_000)
  })

  it('a 400 goes to the exception queue at once', async () => {
    h = await startHarness({ rules: [noteRule()] })
    h.platform.failNext({ path: NOTES, status: 400, times: 1 })
    await h.paidOrder()
    expect(h.platform.calls.filter((c) => c.path === NOTES)).toHaveLength(1)
    const [exception] = await h.store.listExceptions({ state: 'open' })
    expect(exception).toMatchObject({ code: 'ERR_UPSTREAM_REJECTED', kind: 'step' })
    expect((await flagEntry()).state).toBe('failed')
  })

  it('retry re-runs the step with the same key and continues the run', async () => {
    h = await startHarness({ rules: [noteRule([{ id: 'tag', action: 'order.addTags', params: { tags: ['reviewed'] } }])] })
    h.platform.failNext({ path: NOTES, status: 400, times: 1 })
    await h.paidOrder()
    const [exception] = await h.store.listExceptions({ state: 'open' })
    await h.engine.retryException(exception.id)
    await h.settle()
    const notes = h.platform.effectsFor('note')
    expect(notes).toHaveLength(1)
    expect(notes[0].key).toBe(h.platform.calls[0].key)
    expect(h.platform.effectsFor('tags')).toHaveLength(1)
    expect((await h.store.getException(exception.id))!.state).toBe('retried')
    expect((await h.store.listRuns({}))[0]).toMatchObject({ state: 'done', outcome: 'completed' })
  })

  it('edit-and-retry sends the new params under a key suffixed /edit-1; the ledger row stays the same', async () => {
    h = await startHarness({ rules: [noteRule()] })
    h.platform.failNext({ path: NOTES, status: 400, times: 1 })
    await h.paidOrder()
    const [exception] = await h.store.listExceptions({ state: 'open' })
    const before = await flagEntry()
    await h.engine.retryException(exception.id, { orderId: 'order-1001', note: 'Reviewed by hand' })
    await h.settle()
    const [note] = h.platform.effectsFor('note')
    expect(note.key).toBe(`${before.key}/edit-1`)
    expect((note.body as { note: string }).note).toContain('Reviewed by hand')
    const after = await flagEntry()
    expect(after.key).toBe(before.key)
    expect(after).toMatchObject({ state: 'done', editCount: 1 })
  })

  it('params the rule cannot resolve fail before any call; edit-and-retry supplies them and the step runs', async () => {
    h = await startHarness({ rules: [{ id: 'tag-email', on: ['order.paid'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['{{order.customer.email}}'] } }] }] })
    await h.paidOrder({ customer: null })
    const [exception] = await h.store.listExceptions({ state: 'open' })
    expect(exception.code).toBe('ERR_INTERPOLATION')
    expect(h.platform.calls).toHaveLength(0)
    await h.engine.retryException(exception.id, { orderId: 'order-1001', tags: ['guest'] })
    await h.settle()
    expect(h.platform.effectsFor('tags').map((e) => e.body)).toEqual([{ tags: ['guest'] }])
    expect(h.platform.effectsFor('tags')[0].key).toMatch(/\/edit-1$/)
  })

  it('edit-and-retry refuses params the action schema rejects', async () => {
    h = await startHarness({ rules: [noteRule()] })
    h.platform.failNext({ path: NOTES, status: 400, times: 1 })
    await h.paidOrder()
    const [exception] = await h.store.listExceptions({ state: 'open' })
    await expect(h.engine.retryException(exception.id, { note: 42 })).rejects.toMatchObject({ code: 'ERR_PARAMS' })
    expect((await h.store.getException(exception.id))!.state).toBe('open')
  })

  it('skip marks the step skipped and the run continues', async () => {
    h = await startHarness({ rules: [noteRule([{ id: 'tag', action: 'order.addTags', params: { tags: ['reviewed'] } }])] })
    h.platform.failNext({ path: NOTES, status: 400, times: 1 })
    await h.paidOrder()
    const [exception] = await h.store.listExceptions({ state: 'open' })
    await h.engine.skipException(exception.id)
    await h.settle()
    expect((await flagEntry()).state).toBe('skipped')
    expect(h.platform.effectsFor('note')).toHaveLength(0)
    expect(h.platform.effectsFor('tags')).toHaveLength(1)
  })

  it('resolve ends the run with the note and runs nothing more', async () => {
    h = await startHarness({ rules: [noteRule([{ id: 'tag', action: 'order.addTags', params: { tags: ['reviewed'] } }])] })
    h.platform.failNext({ path: NOTES, status: 400, times: 1 })
    await h.paidOrder()
    const [exception] = await h.store.listExceptions({ state: 'open' })
    await h.engine.resolveException(exception.id, 'added the note by hand')
    await h.settle()
    expect(h.platform.effectsFor('tags')).toHaveLength(0)
    expect((await h.store.listRuns({}))[0]).toMatchObject({ state: 'ended', outcome: 'resolved: added the note by hand' })
  })

  it('autoResolve "sameResource": a later success of the rule on the same order resolves its open exception', async () => {
    const rule = { id: 'tagger', on: ['order.paid', 'order.updated'], exceptions: { autoResolve: 'sameResource' }, then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['seen'] } }] }
    h = await startHarness({ rules: [rule] })
    h.platform.failNext({ path: '/orders/order-1001/tags', status: 400, times: 1 })
    await h.paidOrder()
    const [exception] = await h.store.listExceptions({ state: 'open' })
    await h.deliver('orders/updated', h.platform.put(makeOrder({ note: 'gift wrap', updatedAt: '2024-05-01T10:01:00.000Z' })))
    await h.settle()
    expect(await h.store.getException(exception.id)).toMatchObject({ state: 'resolved' })
    expect((await h.store.getException(exception.id))!.note).toContain('auto-resolved')
  })

  it('without autoResolve, a later success leaves the exception open', async () => {
    h = await startHarness({ rules: [{ id: 'tagger', on: ['order.paid', 'order.updated'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['seen'] } }] }] })
    h.platform.failNext({ path: '/orders/order-1001/tags', status: 400, times: 1 })
    await h.paidOrder()
    await h.deliver('orders/updated', h.platform.put(makeOrder({ note: 'gift wrap', updatedAt: '2024-05-01T10:01:00.000Z' })))
    await h.settle()
    expect(h.platform.effectsFor('tags')).toHaveLength(1)
    expect(await h.store.listExceptions({ state: 'open' })).toHaveLength(1)
  })

  it('a step exception releases its lane: a later event of the same order proceeds', async () => {
    h = await startHarness({ rules: [{ id: 'tagger', on: ['order.paid', 'order.updated'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['seen'] } }] }] })
    h.platform.failNext({ path: '/orders/order-1001/tags', status: 400, times: 1 })
    await h.paidOrder()
    expect(await h.store.listExceptions({ state: 'open' })).toHaveLength(1)
    const updated = h.platform.put(makeOrder({ note: 'gift wrap', updatedAt: '2024-05-01T10:01:00.000Z' }))
    await h.deliver('orders/updated', updated)
    await h.settle()
    expect(h.platform.effectsFor('tags')).toHaveLength(1)
  })
})
