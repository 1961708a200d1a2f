import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createOrder, HEADERS, secretFile } from '../../plugins/sandbox/internal.js'
import { eventually, perTest, setupSandbox, startReceiver } from './support.js'

const t = perTest()

const hasOpenssl = spawnSync('openssl', ['version']).status === 0

/** A sandbox whose webhooks go to a local receiver. */
async function wired(opts: { options?: Record<string, unknown>; status?: () => number; dataDir?: string } = {}) {
  const receiver = await startReceiver(opts.status)
  const s = await setupSandbox({ dataDir: opts.dataDir ?? t.dir(), options: opts.options, webhookUrl: () => receiver.url })
  t.defer(receiver.close)
  t.defer(s.close)
  return { ...s, receiver }
}

describe('sandbox webhook delivery', () => {
  it('signs every delivery with the secret generated into the data folder (0600), and the signature verifies', async () => {
    const s = await wired()
    const changes = s.rt.tick()
    expect(await s.rt.deliverNow()).toBe(changes.length)
    expect(s.receiver.received.map((r) => r.headers[HEADERS.topic])).toEqual(changes.map((c) => c.topic))
    for (const req of s.receiver.received) {
      expect(s.instance.verify(req)).toEqual({ ok: true })
      expect(req.headers[HEADERS.deliveryId]).toMatch(/^[0-9a-f-]{36}$/)
    }
    expect(statSync(secretFile(s.rt.dataDir)).mode & 0o777).toBe(0o600)
    expect(s.rt.read().outbox).toEqual([])
  })

  it.skipIf(!hasOpenssl)('computes the same HMAC as openssl', async () => {
    const s = await wired()
    s.rt.tick()
    await s.rt.deliverNow()
    const secret = readFileSync(secretFile(s.rt.dataDir), 'utf8').trim()
    const [req] = s.receiver.received
    const openssl = execFileSync('openssl', ['dgst', '-sha256', '-hmac', secret, '-binary'], { input: req.rawBody }).toString('base64')
    expect(req.headers[HEADERS.signature]).toBe(openssl)
  })

  it('reads the generated secret back after a restart, so earlier deliveries still verify', async () => {
    const first = await wired()
    first.rt.tick()
    await first.rt.deliverNow()
    const again = await setupSandbox({ dataDir: first.rt.dataDir })
    t.defer(again.close)
    expect(again.instance.verify(first.receiver.received[0])).toEqual({ ok: true })
  })

  it('signs with an explicit webhookSecret and, during a rotation, accepts every listed one', async () => {
    const s = await wired({ options: { webhookSecret: ['new-secret', 'old-secret'] } })
    s.rt.tick()
    await s.rt.deliverNow()
    const [req] = s.receiver.received
    const rotated = await setupSandbox({ dataDir: t.dir(), options: { webhookSecret: 'new-secret' } })
    t.defer(rotated.close)
    expect(rotated.instance.verify(req)).toEqual({ ok: true })
    const oldOnly = await setupSandbox({ dataDir: t.dir(), options: { webhookSecret: 'old-secret' } })
    t.defer(oldOnly.close)
    expect(oldOnly.instance.verify(req)).toMatchObject({ ok: false })
  })

  it('keeps a refused delivery and retries it later with the same delivery id', async () => {
    let answer = 503
    const s = await wired({ status: () => answer })
    s.rt.write((world) => void createOrder(world, { paid: false }))
    expect(await s.rt.deliverNow()).toBe(0)
    const [kept] = s.rt.read().outbox
    expect(kept).toMatchObject({ attempts: 1 })
    expect(await s.rt.deliverNow(), 'not due yet').toBe(0)
    answer = 202
    s.clock.advance(kept.nextAttemptAt - s.clock.now())
    expect(await s.rt.deliverNow()).toBeGreaterThan(0)
    const ids = s.receiver.received.map((r) => r.headers[HEADERS.deliveryId])
    expect(ids.filter((id) => id === kept.deliveryId)).toHaveLength(2)
    expect(s.rt.read().outbox).toEqual([])
  })

  it('sends thin payloads (the id only) with the payload: thin option', async () => {
    const s = await wired({ options: { payload: 'thin' } })
    const [change] = s.rt.write((world) => createOrder(world, { paid: false })).changes
    await s.rt.deliverNow()
    const [req] = s.receiver.received
    expect(JSON.parse(req.rawBody.toString())).toEqual({ id: change.id })
    expect(await s.instance.decode({ seq: 1, connection: 'demo', source: 'webhook', receivedAt: change.at, headers: req.headers as Record<string, string>, body: req.rawBody.toString() })).toEqual([{ ref: { kind: 'order', id: change.id } }])
  })

  it('generates and delivers on its own once started', async () => {
    const s = await wired({ options: { ordersPerMinute: 600 } })
    await s.instance.start!()
    await eventually(() => s.receiver.received.some((r) => r.headers[HEADERS.topic] === 'orders/create'), 'a generated order to be delivered')
    for (const req of s.receiver.received) expect(s.instance.verify(req)).toEqual({ ok: true })
  })
})
