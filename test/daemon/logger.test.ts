import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../core/daemon/logger.js'
import { captureLog } from './log-capture.js'

const SECRET = 'shpat_9f8e7d6c5b4a'

describe('createLogger', () => {
  it('never writes a secret value found in a URL, a message or a nested field', () => {
    const { log, lines, records } = captureLog({ secrets: [SECRET] })
    log.info({ url: `https://shop.example/admin/api?access_token=${SECRET}`, request: { meta: { note: `Bearer ${SECRET}` }, list: [SECRET] } }, `calling https://x:${SECRET}@shop.example/`)
    log.child({ connection: 'shopify-main' }).error(new Error(`upstream echoed ${SECRET}`), 'failed')
    expect(lines).toHaveLength(2)
    for (const line of lines) expect(line).not.toContain(SECRET)
    expect(records()[0]).toMatchObject({ url: 'https://shop.example/admin/api?access_token=[REDACTED]', request: { meta: { note: 'Bearer [REDACTED]' }, list: ['[REDACTED]'] } })
  })

  it('masks the URL-encoded and JSON-escaped forms of a secret, and secrets added later in children made earlier', () => {
    const { log, lines } = captureLog()
    const child = log.child({ connection: 'woo-main' })
    const secret = 'cs_a/b+c"d'
    log.addSecrets([secret])
    child.warn({ url: `https://woo.example/wp-json?consumer_secret=${encodeURIComponent(secret)}`, raw: secret }, 'retrying')
    expect(lines[0]).not.toContain(encodeURIComponent(secret))
    expect(lines[0]).not.toContain(JSON.stringify(secret).slice(1, -1))
    expect(JSON.parse(lines[0])).toMatchObject({ url: 'https://woo.example/wp-json?consumer_secret=[REDACTED]', raw: '[REDACTED]' })
  })

  it('redacts known secret keys at any of the first levels even when the value is not a known secret', () => {
    const { log, records } = captureLog()
    log.info({ headers: { authorization: 'Basic dXNlcjpwYXNz' }, options: { accessToken: 'x', shop: 'demo' }, password: 'p' }, 'setup')
    expect(records()[0]).toMatchObject({ headers: { authorization: '[REDACTED]' }, options: { accessToken: '[REDACTED]', shop: 'demo' }, password: '[REDACTED]' })
  })

  it('writes readable masked lines in pretty mode', () => {
    let text = ''
    const destination = new Writable({ write: (chunk, _e, done) => ((text += chunk), done()) })
    const log = createLogger({ pretty: true, secrets: [SECRET], destination })
    log.info({ rule: 'large-order', url: `https://h/?t=${SECRET}` }, 'step done')
    expect(text).toMatch(/INFO.* step done {2}rule=large-order url=https:\/\/h\/\?t=\[REDACTED\]\n$/)
    expect(text).not.toContain(SECRET)
  })

  it('refuses an unknown level with a config error', () => {
    expect(() => createLogger({ level: 'verbose' })).toThrow(expect.objectContaining({ code: 'ERR_CONFIG' }))
  })
})
