import { afterEach, describe, expect, it } from 'vitest'
import { authorize } from '../../plugins/woocommerce/auth.js'
import { WooFake } from '../fakes/woocommerce/server.js'

/** The fake lists like WooCommerce's CRUD controller; tests that lean on it lean on these. */
describe('the fake WooCommerce lists as the CRUD controller does', () => {
  let fake: WooFake
  afterEach(async () => fake.stop())

  const list = async (query: Record<string, string>) => {
    const signed = authorize('GET', new URL(`${fake.url}/wp-json/wc/v3/orders`), query, { consumerKey: fake.consumerKey, consumerSecret: fake.consumerSecret, queryStringAuth: false }, fake.now)
    const res = await fetch(signed.url)
    return { status: res.status, headers: res.headers, body: (await res.json()) as Array<{ id: number; date_modified_gmt: string; date_modified: string }> }
  }

  it('pages with X-WP-Total, X-WP-TotalPages and Link, caps per_page at 100, and sends its clock as Date', async () => {
    fake = await new WooFake().start()
    for (let i = 0; i < 25; i++) fake.createOrder()
    const page2 = await list({ per_page: '10', page: '2' })
    expect(page2.body).toHaveLength(10)
    expect(page2.headers.get('x-wp-total')).toBe('25')
    expect(page2.headers.get('x-wp-totalpages')).toBe('3')
    expect(page2.headers.get('link')).toMatch(/rel="prev".*rel="next"/)
    expect(page2.headers.get('date')).toBe(new Date(fake.now).toUTCString())
    expect((await list({ per_page: '101' })).status).toBe(400)
  })

  it('modified_after is strict and read in the site zone (UTC+2) unless dates_are_gmt=true', async () => {
    fake = await new WooFake({ now: Date.parse('2024-05-01T10:00:00Z') }).start()
    const a = fake.createOrder()
    fake.advance(1000)
    const b = fake.createOrder()
    const [first] = (await list({ orderby: 'id', order: 'asc' })).body
    expect(first).toMatchObject({ date_modified_gmt: '2024-05-01T10:00:00', date_modified: '2024-05-01T12:00:00' })
    expect((await list({ modified_after: '2024-05-01T10:00:00', dates_are_gmt: 'true' })).body.map((o) => o.id)).toEqual([b.id])
    expect((await list({ modified_after: '2024-05-01T09:59:59', dates_are_gmt: 'true', orderby: 'modified', order: 'asc' })).body.map((o) => o.id)).toEqual([a.id, b.id])
    expect((await list({ modified_after: '2024-05-01T10:00:00' })).body, 'read as 10:00 site time = 08:00 UTC').toHaveLength(2)
  })
})
