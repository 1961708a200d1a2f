import { describe, expect, it } from 'vitest'
import logAction from '../../plugins/log/index.js'
import { ManualClock } from '../../core/sdk/clock.js'
import { captureLog } from '../daemon/log-capture.js'

function context(log: ReturnType<typeof captureLog>['log']) {
  return { key: 'k-123', connection: 'shopify-main', log, clock: new ManualClock(), signal: new AbortController().signal }
}

describe('log action', () => {
  it('writes the message at the chosen level with its fields and the step key', async () => {
    const capture = captureLog()
    await logAction.run(context(capture.log), logAction.params.parse({ message: 'order 1001 flagged', level: 'warn', fields: { total: '512.00', level: 'mine' } }))
    expect(capture.records()).toEqual([expect.objectContaining({ level: 40, msg: 'order 1001 flagged', key: 'k-123', fields: { total: '512.00', level: 'mine' } })])
  })

  it('defaults to info and refuses unknown params and levels at load time', () => {
    expect(logAction.params.parse({ message: 'hi' })).toEqual({ message: 'hi', level: 'info' })
    expect(logAction.params.safeParse({ message: 'hi', level: 'fatal' }).success).toBe(false)
    expect(logAction.params.safeParse({ message: 'hi', colour: 'red' }).success).toBe(false)
  })

  it('is natural: running it twice is harmless', () => {
    expect(logAction.idempotency).toBe('natural')
  })

  it('masks resolved secrets in the message like every other line', async () => {
    const capture = captureLog({ secrets: ['s3cr3t-value'] })
    await logAction.run(context(capture.log), logAction.params.parse({ message: 'token is s3cr3t-value' }))
    expect(capture.lines.join('\n')).not.toContain('s3cr3t-value')
  })
})
