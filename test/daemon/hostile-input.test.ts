import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newOrder, startTestDaemon, until, type TestDaemon } from './daemon-env.js'

/** Writes raw bytes on a fresh socket and collects what comes back until the server closes it. */
function rawExchange(url: string, send: (write: (text: string) => void) => void): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => send((text) => socket.write(text)))
    let text = ''
    socket.on('data', (c) => (text += c))
    socket.on('close', () => resolve(text))
    socket.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve(text) : reject(e)))
  })
}

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort()

describe('hostile input', () => {
  let t: TestDaemon
  const before = prototypeKeys()
  beforeAll(async () => {
    t = await startTestDaemon({
      rules: [{ id: 'tag-paid', on: ['order.paid'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['seen'] } }] }],
      config: { server: { port: 0, host: '127.0.0.1', bodyLimit: 8 * 1024 * 1024, admin: { port: 0, host: '127.0.0.1' } } },
      daemon: { timeouts: { headersTimeout: 400, requestTimeout: 1500 } },
    })
  })
  afterAll(async () => {
    await t.close()
    expect(prototypeKeys()).toEqual(before)
  })

  const healthy = async () => expect((await fetch(`${t.daemon.publicUrl}/healthz`)).status).toBe(200)

  it('stores __proto__ and constructor keys as data: no prototype is polluted and the order is processed', async () => {
    const order = newOrder(t.platform, 'order-3001')
    const text = JSON.stringify(order).replace(/^\{/, '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},')
    const headers = JSON.parse('{"__proto__": "x", "constructor": "y"}') as Record<string, string>
    const res = await t.postRaw('orders/create', Buffer.from(text), headers)
    expect(res.status).toBe(202)
    const { seq } = (await res.json()) as { seq: number }
    const delivery = await until(async () => {
      const d = await t.daemon.store.getDelivery(seq)
      return d && d.state !== 'pending' && d
    }, 'the delivery to be processed')
    expect(Object.getOwnPropertyDescriptor(delivery.headers, 'constructor')?.value, 'a header named constructor is kept as data').toBe('y')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(prototypeKeys()).toEqual(before)
  })

  it('takes a 100,000-level nested body: 202, then an intake exception, and the daemon keeps serving', async () => {
    const depth = 100_000
    const raw = Buffer.from(`{"id":"order-3002","note":${'['.repeat(depth)}${']'.repeat(depth)}}`)
    const res = await t.postRaw('orders/create', raw)
    expect(res.status).toBe(202)
    const { seq } = (await res.json()) as { seq: number }
    const exception = await until(async () => (await t.daemon.store.listExceptions({ kind: 'intake' })).find((e) => e.deliverySeq === seq), 'the intake exception')
    expect(['ERR_DECODE', 'ERR_SCHEMA']).toContain(exception.code)
    await healthy()
  })

  it('takes a huge body under the limit and processes it', async () => {
    const order = newOrder(t.platform, 'order-3003', { note: 'n'.repeat(6 * 1024 * 1024) })
    const res = await t.post('orders/create', order)
    expect(res.status).toBe(202)
    await until(() => t.platform.effectsFor('tags').some((e) => e.orderId === 'order-3003'), 'the rule to act on the huge order')
  })

  it('answers 431 to headers over the limit', async () => {
    const answer = await rawExchange(t.daemon.publicUrl, (write) => write(`POST /webhooks/shop HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`))
    expect(answer).toMatch(/^HTTP\/1\.1 431 /)
    expect(answer).toContain('"code":"ERR_HEADERS_TOO_LARGE"')
    await healthy()
  })

  it('answers 400 to a request line that is not HTTP', async () => {
    const answer = await rawExchange(t.daemon.publicUrl, (write) => write('GARBAGE \x00\x01 nonsense\r\n\r\n'))
    expect(answer).toMatch(/^HTTP\/1\.1 400 /)
    expect(answer).toContain('"code":"ERR_BAD_REQUEST"')
  })

  it('closes a slowloris connection whose headers never finish', async () => {
    const answer = await rawExchange(t.daemon.publicUrl, (write) => {
      write('POST /webhooks/shop HTTP/1.1\r\nHost: x\r\n')
      const drip = setInterval(() => write('X-Drip: 1\r\n'), 100)
      setTimeout(() => clearInterval(drip), 3000).unref()
    })
    expect(answer).toMatch(/^HTTP\/1\.1 408 /)
    expect(answer).toContain('"code":"ERR_REQUEST_TIMEOUT"')
    await healthy()
  })

  it('survives an upload aborted half-way and stores nothing for it', async () => {
    const total = async () => Object.values((await t.daemon.store.counts()).deliveries).reduce((a, b) => a + b, 0)
    const before = await total()
    const { hostname, port } = new URL(t.daemon.publicUrl)
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write('POST /webhooks/shop HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nx-testcart-topic: orders/create\r\n\r\n{"id":')
        setTimeout(() => socket.destroy(), 50)
      })
      socket.on('close', () => resolve())
    })
    await healthy()
    expect(await total()).toBe(before)
  })
})
