import { execFileSync, spawnSync } from 'node:child_process'
import { describe, expect, it, type TestContext } from 'vitest'
import type { IncomingRequest } from '../../core/sdk/connector.js'
import { verifyWebhook } from '../../plugins/woocommerce/signature.js'
import { phpJson } from '../fakes/woocommerce/deliveries.js'
import { WooFake } from '../fakes/woocommerce/server.js'
import { orderPayload } from './payloads.js'

/**
 * Signatures against an independent implementation: PHP's own `hash_hmac` (Debian php-cli), the
 * function WooCommerce signs with — not only against the fake written beside the connector.
 * Without `php` on PATH the PHP cases skip, unless CARTWIRE_REQUIRE names php (CI), where they fail.
 */
const PHP_AVAILABLE = spawnSync('php', ['-v']).status === 0
const PHP_REQUIRED = (process.env.CARTWIRE_REQUIRE ?? '').split(/[\s,]+/).includes('php')

function requirePhp(ctx: TestContext): void {
  if (PHP_AVAILABLE) return
  if (PHP_REQUIRED) throw new Error('php is not on PATH, and CARTWIRE_REQUIRE includes php: install php-cli')
  ctx.skip('php (Debian php-cli) is not on PATH; CI sets CARTWIRE_REQUIRE=php, which turns this skip into a failure')
}

/** base64_encode(hash_hmac('sha256', $body, $secret, true)), computed by PHP; the body goes in on stdin. */
function phpSignature(body: Buffer, secret: string): string {
  const code = 'echo base64_encode(hash_hmac("sha256", stream_get_contents(STDIN), getenv("WC_SECRET"), true));'
  return execFileSync('php', ['-r', code], { input: body, env: { ...process.env, WC_SECRET: secret } }).toString('utf8')
}

const SECRET = 'wh-s3cr€t with spaces & symbols'

function delivery(body: Buffer, signature?: string): IncomingRequest {
  return { method: 'POST', headers: { 'content-type': 'application/json', 'x-wc-webhook-topic': 'order.updated', ...(signature !== undefined && { 'x-wc-webhook-signature': signature }) }, rawBody: body, query: {} }
}

describe('X-WC-Webhook-Signature', () => {
  it('is accepted when PHP hash_hmac signed the exact body (escaped slashes, \\u escapes, UTF-8 secret)', (ctx) => {
    requirePhp(ctx)
    const body = Buffer.from(phpJson(orderPayload({ customer_note: 'Straße / Tür 2 – bitte klingeln' })))
    expect(body.toString()).toContain('\\/')
    expect(body.toString()).toContain('\\u00df')
    const signature = phpSignature(body, SECRET)
    expect(verifyWebhook(delivery(body, signature), [SECRET])).toEqual({ ok: true })
    expect(verifyWebhook(delivery(Buffer.from(body.toString().replace('727', '728')), signature), [SECRET]).ok).toBe(false)
  })

  it('the fake signs its deliveries exactly as PHP does', async (ctx) => {
    requirePhp(ctx)
    const fake = new WooFake({ webhookSecret: SECRET })
    const order = fake.createOrder()
    const req = fake.webhook('order.updated', order.id)
    expect(req.headers['x-wc-webhook-signature']).toBe(phpSignature(req.rawBody, SECRET))
  })

  it('is refused under another secret, and accepted under any secret of a rotation list', () => {
    const fake = new WooFake({ webhookSecret: 'old' })
    const req = fake.webhook('order.updated', fake.createOrder().id)
    expect(verifyWebhook(req, ['new'])).toMatchObject({ ok: false })
    expect(verifyWebhook(req, ['new', 'old'])).toEqual({ ok: true })
  })

  it('every send carries a new X-WC-Webhook-Delivery-ID over the same body', () => {
    const fake = new WooFake()
    const id = fake.createOrder().id
    const a = fake.webhook('order.updated', id)
    const b = fake.webhook('order.updated', id)
    expect(a.rawBody.equals(b.rawBody)).toBe(true)
    expect(a.headers['x-wc-webhook-delivery-id']).not.toBe(b.headers['x-wc-webhook-delivery-id'])
  })

  it.each([
    ['webhook_id=12', { ok: true, ping: true }],
    ['webhook_id=12\n', { ok: true, ping: true }],
    ['webhook_id=12&topic=order.updated', { ok: false }],
    ['{"id":12}', { ok: false }],
    ['', { ok: false }],
  ])('an unsigned body %j → %o (only the creation ping passes)', (body, expected) => {
    expect(verifyWebhook(delivery(Buffer.from(body)), ['s'])).toMatchObject(expected)
  })

  it('a ping-shaped body with a wrong signature is refused, not taken for a ping', () => {
    expect(verifyWebhook(delivery(Buffer.from('webhook_id=12'), 'AAAA'), ['s'])).toMatchObject({ ok: false })
  })
})
