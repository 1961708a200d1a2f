import { ManualClock } from '../../core/sdk/clock.js'
import { makeOrder } from '../support/entities.js'
import { startHarness, type Harness } from '../support/harness.js'
import type { CliProject } from './cli-project.js'

export const NOTES = '/orders/order-1001/notes'

/** Notes large paid orders, then tags them: the rule the exception tests fail at its first step. */
export const NOTE_RULE = {
  id: 'large-order-note',
  on: ['order.paid'],
  if: { '>=': [{ var: 'order.totalPrice' }, 500] },
  then: [
    { id: 'flag', action: 'order.addNote', params: { note: 'Large order {{order.number}}' } },
    { id: 'tag', action: 'order.addTags', params: { tags: ['reviewed'] } },
  ],
}

/**
 * An Engine over the project's sqlite store as a daemon holds it: the lock taken, on a clock at the
 * current time (so the lock is live for any other opener), the testcart fake as the platform.
 */
export async function engineOver(project: CliProject, rules: object[] = [NOTE_RULE]): Promise<Harness & { closeAll(): Promise<void> }> {
  const clock = new ManualClock(Date.now())
  const store = await project.openStore(clock)
  const h = await startHarness({ rules, store, platform: project.platform, clock })
  return Object.assign(h, {
    async closeAll() {
      await h.close()
      await store.close()
    },
  })
}

/** A real step exception in the project's store: the platform answers the note call with a 400. Returns its id. */
export async function recordFailedNote(project: CliProject): Promise<string> {
  const h = await engineOver(project)
  try {
    h.platform.failNext({ path: NOTES, status: 400, times: 1 })
    await h.deliver('orders/paid', h.platform.put(makeOrder()))
    await h.settle()
    const [exception] = await h.store.listExceptions({ state: 'open' })
    if (!exception) throw new Error('the failing note call left no exception')
    return exception.id
  } finally {
    await h.closeAll()
  }
}
