import { execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import type { IncomingRequest } from '../../core/sdk/index.js'
import { dedupeKey, verifySignature } from '../../plugins/shopify/signature.js'
import { customerPayload, orderPayload } from '../fakes/shopify/payloads.js'
import { FakeShopify } from '../fakes/shopify/server.js'

/** HMAC computed by an independent implementation: openssl, over the exact bytes. */
function opensslHmac(secret: string, body: Buffer): string {
  return execFileSync('sh', ['-c', 'openssl dgst -sha256 -hmac "$SECRET" -binary | base64'], { input: body, env: { ...process.env, SECRET: secret } }).toString().trim()
}

const customer = customerPayload({ id: '207119551', email: 'jürgen.müller@example.com', firstName: 'Jürgen', lastName: 'Müller — 株式会社', tags: ['vip'], createdAt: Date.parse('2024-05-01T10:00:00Z') })
// pretty-printed with non-ASCII text: any re-serialization would change the bytes
const body = Buffer.from(JSON.stringify(orderPayload({ id: '450789469', number: 1001, createdAt: Date.parse('2024-05-01T10:00:00Z'), total: '640.00', customer, lines: [] }), null, 2))
const secret = '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'

function request(signature: string | undefined, raw = body, extra: Record<string, string> = {}): IncomingRequest {
  return { method: 'POST', query: {}, rawBody: raw, headers: { 'x-shopify-topic': 'orders/create', ...(signature !== undefined && { 'x-shopify-hmac-sha256': signature }), ...extra } }
}

describe('Shopify webhook signatures', () => {
  it('accepts a delivery signed as openssl signs it, over the raw bytes', () => {
    expect(verifySignature(request(opensslHmac(secret, body)), [secret])).toEqual({ ok: true })
  })

  it('accepts a delivery signed by any secret of a rotation, refuses other secrets, tampering and absence', () => {
    const byOld = opensslHmac('shpss_old', body)
    expect(verifySignature(request(byOld), [secret, 'shpss_old'])).toEqual({ ok: true })
    expect(verifySignature(request(byOld), [secret])).toMatchObject({ ok: false })
    const tampered = Buffer.from(body.toString().replace('640.00', '6.40'))
    expect(verifySignature(request(opensslHmac(secret, body), tampered), [secret])).toMatchObject({ ok: false })
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(body.toString())))
    expect(verifySignature(request(opensslHmac(secret, body), reserialized), [secret]), 'a re-serialized body is not the signed body').toMatchObject({ ok: false })
    expect(verifySignature(request(undefined), [secret])).toMatchObject({ ok: false, reason: expect.stringMatching(/no X-Shopify-Hmac-Sha256/) })
    expect(verifySignature(request('not base64 at all'), [secret])).toMatchObject({ ok: false })
  })

  it('the fake signs as openssl does (so the engine tests exercise real signatures)', () => {
    const fake = new FakeShopify()
    const delivery = { topic: 'orders/create', body: body.toString(), webhookId: 'w1', eventId: 'e1', triggeredAt: '2024-05-01T10:00:00.000Z' }
    expect(fake.request(delivery).headers['x-shopify-hmac-sha256']).toBe(opensslHmac(fake.secret, body))
  })

  it('a delivery the fake POSTs over HTTP verifies on the bytes that arrive', async () => {
    const fake = new FakeShopify()
    const order = fake.state.addOrder({ total: '12.00', note: 'Grüße — 你好', lines: [] })
    const received: IncomingRequest[] = []
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      received.push({ method: 'POST', query: {}, rawBody: Buffer.concat(chunks), headers: req.headers as Record<string, string> })
      res.writeHead(200).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/shopify-test`
      expect(await fake.post(url, fake.state.lastDelivery('orders/create', String(order.id)))).toBe(200)
    } finally {
      server.close()
    }
    expect(verifySignature(received[0], [fake.secret])).toEqual({ ok: true })
    expect(received[0].headers).toMatchObject({ 'x-shopify-topic': 'orders/create', 'x-shopify-shop-domain': fake.shop })
  })

  it('dedupe hint: (topic, X-Shopify-Event-Id) when present, else X-Shopify-Webhook-Id', () => {
    expect(dedupeKey(request('x', body, { 'x-shopify-event-id': 'e-1', 'x-shopify-webhook-id': 'w-1' }))).toBe('event:orders/create:e-1')
    expect(dedupeKey(request('x', body, { 'x-shopify-webhook-id': 'w-1' }))).toBe('webhook:w-1')
    expect(dedupeKey(request('x', body))).toBeUndefined()
  })
})
