import { afterEach, describe, expect, it } from 'vitest'
import { authorize } from '../../plugins/woocommerce/auth.js'
import { WooFake } from '../fakes/woocommerce/server.js'
import { wooConnector, wooHarnesses } from '../support/woocommerce-harness.js'

const creds = { consumerKey: 'ck_1', consumerSecret: 'cs_1', queryStringAuth: false }

describe('WooCommerce REST authentication', () => {
  it('over HTTPS sends Basic auth, or the keys as query parameters when asked; over HTTP never the secret', () => {
    const basic = authorize('GET', new URL('https://shop.example/wp-json/wc/v3/orders'), { per_page: '100' }, creds, 0)
    expect(basic).toEqual({ url: 'https://shop.example/wp-json/wc/v3/orders?per_page=100', headers: { authorization: `Basic ${Buffer.from('ck_1:cs_1').toString('base64')}` } })
    const query = authorize('GET', new URL('https://shop.example/wp-json/wc/v3/orders'), {}, { ...creds, queryStringAuth: true }, 0)
    expect(query.url).toBe('https://shop.example/wp-json/wc/v3/orders?consumer_key=ck_1&consumer_secret=cs_1')
    const oauth = authorize('GET', new URL('http://shop.example/wp-json/wc/v3/orders'), { modified_after: '2024-05-01T10:00:00' }, creds, 1_714_557_600_000)
    expect(oauth.headers).toEqual({})
    expect(oauth.url).not.toContain('cs_1')
    expect(new URL(oauth.url).searchParams.get('oauth_signature_method')).toBe('HMAC-SHA256')
    expect(new URL(oauth.url).searchParams.get('oauth_timestamp')).toBe('1714557600')
  })

  describe('against the fake (a plain-HTTP site)', () => {
    let fake: WooFake
    afterEach(async () => fake.stop())

    it('answers 401 without OAuth, with a wrong consumer secret, and to a replayed nonce', async () => {
      fake = await new WooFake().start()
      expect((await fetch(`${fake.url}/wp-json/wc/v3/orders`)).status).toBe(401)
      const basic = await fetch(`${fake.url}/wp-json/wc/v3/orders`, { headers: { authorization: `Basic ${Buffer.from(`${fake.consumerKey}:${fake.consumerSecret}`).toString('base64')}` } })
      expect(basic.status, 'Basic auth is not read over plain HTTP').toBe(401)
      const wrong = authorize('GET', new URL(`${fake.url}/wp-json/wc/v3/orders`), {}, { consumerKey: fake.consumerKey, consumerSecret: 'cs_wrong', queryStringAuth: false }, fake.now)
      expect(await (await fetch(wrong.url)).json()).toMatchObject({ code: 'woocommerce_rest_authentication_error', message: expect.stringContaining('signature') })
      const good = authorize('GET', new URL(`${fake.url}/wp-json/wc/v3/orders`), {}, { consumerKey: fake.consumerKey, consumerSecret: fake.consumerSecret, queryStringAuth: false }, fake.now)
      expect((await fetch(good.url)).status).toBe(200)
      expect((await fetch(good.url)).status, 'the same nonce twice').toBe(401)
      const late = authorize('GET', new URL(`${fake.url}/wp-json/wc/v3/orders`), {}, { consumerKey: fake.consumerKey, consumerSecret: fake.consumerSecret, queryStringAuth: false }, fake.now - 16 * 60_000)
      expect(await (await fetch(late.url)).json()).toMatchObject({ message: 'Invalid timestamp.' })
    })

    it('fetch answers gone for a missing or trashed order, and a refused key is a non-retryable error', async () => {
      fake = await new WooFake().start()
      const conn = await wooConnector(fake)
      try {
        const order = fake.createOrder()
        expect(await conn.instance.fetch!({ kind: 'order', id: '424242' })).toEqual({ gone: { kind: 'order', id: '424242' } })
        expect(await conn.instance.fetch!({ kind: 'order', id: String(order.id) })).toMatchObject({ kind: 'order', entity: { id: String(order.id) } })
        fake.trashOrder(order.id)
        expect(await conn.instance.fetch!({ kind: 'order', id: String(order.id) })).toEqual({ gone: { kind: 'order', id: String(order.id) } })
      } finally {
        await conn.close()
      }
      const refused = await wooConnector(fake, { consumerSecret: 'cs_wrong' })
      try {
        await expect(refused.instance.fetch!({ kind: 'order', id: '1' })).rejects.toMatchObject({ code: 'ERR_UPSTREAM_REJECTED', details: { status: 401, wpCode: 'woocommerce_rest_authentication_error' } })
      } finally {
        await refused.close()
      }
    })
  })
})

describe('WooCommerce products and stock through the engine', () => {
  const start = wooHarnesses()

  it('a walk brings in a simple product, a variable product with its variations, and their stock levels', async () => {
    const h = await start()
    h.advance(60_000)
    const kettle = h.fake.createProduct({ name: 'Pour-over kettle', sku: 'KETTLE-1', regularPrice: '49.90', salePrice: '39.90', stockQuantity: 14 })
    const mug = h.fake.createProduct({ name: 'Mug', type: 'variable', sku: 'MUG', manageStock: false, stockQuantity: null })
    h.fake.createProduct({ name: 'Mug - Blue', type: 'variation', parentId: mug.id, sku: 'MUG-BLUE', regularPrice: '20.50', stockQuantity: 3 })
    h.fake.createProduct({ name: 'Mug - Red', type: 'variation', parentId: mug.id, sku: 'MUG-RED', regularPrice: '20.50', manageStock: 'parent', stockQuantity: null })
    await h.poll()
    await h.settle()
    expect((await h.eventsOf('product.created')).map((e) => e.resource.id).sort()).toEqual([String(kettle.id), String(mug.id)].sort())
    expect((await h.eventsOf('inventory.created')).map((e) => e.resource.id).sort()).toEqual(['KETTLE-1@default', 'MUG-BLUE@default'])
    const stored = await h.store.getResource('woo-main', 'product', String(mug.id))
    expect((stored?.entity as { variants: Array<{ sku: string }> }).variants.map((v) => v.sku)).toEqual(['MUG-BLUE', 'MUG-RED'])

    // a stock change arrives as product.updated of the variation
    h.advance(60_000)
    h.fake.updateProduct(mug.id + 1, (v) => (v.stockQuantity = 2))
    await h.receive(h.fake.webhook('product.updated', mug.id + 1))
    await h.settle()
    const [changed] = await h.eventsOf('inventory.changed')
    expect(changed).toMatchObject({ resource: { id: 'MUG-BLUE@default' }, changes: ['available'], data: { available: 2 } })
  })
})
