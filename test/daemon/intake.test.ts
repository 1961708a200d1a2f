import { request } from 'node:http'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newOrder, startTestDaemon, until, type TestDaemon } from './daemon-env.js'

/** Sends a POST by hand: `declare` as Content-Length, then `chunks` (chunked when no length is declared). */
function rawPost(url: string, opts: { declare?: number; chunks?: Buffer[]; headers?: Record<string, string>; end?: boolean }): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...(opts.declare !== undefined && { 'content-length': String(opts.declare) }), ...opts.headers } }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
    // after an early answer the server closes; writes still under way may fail, which is expected
    req.on('error', (e) => (req.destroyed && (e as NodeJS.ErrnoException).code !== 'ECONNREFUSED' ? undefined : reject(e)))
    if (opts.declare !== undefined && !opts.chunks) return void req.flushHeaders()
    for (const chunk of opts.chunks ?? []) req.write(chunk)
    if (opts.end !== false) req.end()
  })
}

describe('the public listener', () => {
  let t: TestDaemon
  beforeAll(async () => {
    t = await startTestDaemon({ rules: [{ id: 'tag-paid', on: ['order.paid'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['paid-seen'] } }] }] })
  })
  afterAll(() => t.close())

  it('acknowledges a signed webhook with 202 once it is durable, and the rule then acts on the platform', async () => {
    const order = newOrder(t.platform, 'order-2001')
    const res = await t.post('orders/create', order)
    expect(res.status).toBe(202)
    const body = (await res.json()) as { seq: number }
    expect(body).toMatchObject({ ok: true, seq: expect.any(Number) })
    expect(await t.daemon.store.getDelivery(body.seq)).toMatchObject({ connection: 'shop' })
    const effect = await until(() => t.platform.effectsFor('tags').find((e) => e.orderId === 'order-2001'), 'the tag effect')
    expect(effect.body).toEqual({ tags: ['paid-seen'] })
    // the platform sees the effect before the daemon commits the step and logs it
    await until(() => t.logged('step done').some((r) => r.rule === 'tag-paid' && r.outcome === 'done'), 'the step logged done')
  })

  it('answers an unknown connection 404 with its code, for any id including prototype names', async () => {
    for (const id of ['nope', '__proto__', 'constructor', 'hasOwnProperty', '%E0%A4%A']) {
      const res = await fetch(`${t.daemon.publicUrl}/webhooks/${id}`, { method: 'POST', body: '{}' })
      expect(res.status, id).toBe(404)
      expect(await res.json(), id).toMatchObject({ ok: false, code: 'ERR_UNKNOWN_CONNECTION' })
    }
  })

  it('answers 413 to a Content-Length over the limit without waiting for the body', async () => {
    const res = await rawPost(`${t.daemon.publicUrl}/webhooks/shop`, { declare: 64 * 1024 + 1 })
    expect(res).toEqual({ status: 413, body: { ok: false, code: 'ERR_BODY_TOO_LARGE', message: expect.stringContaining('65537') } })
  })

  it('answers 413 as soon as a chunked body passes the limit, without waiting for its end', async () => {
    // the body never ends: only an answer given at the limit can arrive
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(8 * 1024, 'a'))
    const res = await rawPost(`${t.daemon.publicUrl}/webhooks/shop`, { chunks, end: false })
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({ ok: false, code: 'ERR_BODY_TOO_LARGE' })
    expect((await fetch(`${t.daemon.publicUrl}/healthz`)).status).toBe(200)
  })

  it('answers 401 when the signature does not verify, and stores nothing', async () => {
    const before = (await t.daemon.store.counts()).deliveries
    const res = await t.post('orders/create', newOrder(t.platform, 'order-2002'), { secret: 'not-the-secret' })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ ok: false, code: 'ERR_SIGNATURE' })
    expect((await t.daemon.store.counts()).deliveries).toEqual(before)
  })

  it('acknowledges a verified delivery it cannot decode, then keeps its raw body in an intake exception', async () => {
    const raw = Buffer.from('{"id": "order-2003", truncated')
    const res = await t.postRaw('orders/create', raw)
    expect(res.status).toBe(202)
    const { seq } = (await res.json()) as { seq: number }
    const exception = await until(async () => (await t.daemon.store.listExceptions({ kind: 'intake' })).find((e) => e.deliverySeq === seq), 'the intake exception')
    expect(exception).toMatchObject({ kind: 'intake', code: 'ERR_DECODE', state: 'open', connection: 'shop' })
    expect((await t.daemon.store.getDelivery(seq))?.body).toBe(raw.toString())
  })

  it('answers other methods 405, other paths 404, and serves health and readiness', async () => {
    const get = await fetch(`${t.daemon.publicUrl}/webhooks/shop`)
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    expect(await get.json()).toMatchObject({ ok: false, code: 'ERR_METHOD' })
    for (const p of ['/', '/webhooks/', '/webhooks/shop/extra', '/__proto__', '/constructor/prototype']) {
      const res = await fetch(`${t.daemon.publicUrl}${p}`, { method: 'POST' })
      expect(res.status, p).toBe(404)
      expect(await res.json(), p).toMatchObject({ ok: false, code: 'ERR_ROUTE' })
    }
    expect(await (await fetch(`${t.daemon.publicUrl}/healthz`)).json()).toEqual({ ok: true })
    const ready = await fetch(`${t.daemon.publicUrl}/readyz`)
    expect([ready.status, await ready.json()]).toEqual([200, { ok: true, state: 'ready' }])
  })
})

describe('readiness while draining', () => {
  it('answers /readyz 503 from the moment a stop begins', async () => {
    const t = await startTestDaemon({ rules: [], daemon: { unreadyMs: 1000 } })
    const stopped = t.close()
    const res = await until(async () => {
      const r = await fetch(`${t.daemon.publicUrl}/readyz`)
      return r.status === 503 && r
    }, '/readyz to turn 503')
    expect(await res.json()).toMatchObject({ ok: false, code: 'ERR_NOT_READY', message: 'the daemon is draining' })
    await stopped
  })
})

describe('a store that cannot take a delivery', () => {
  it('answers 503, never a 4xx, so the platform retries — here the single-daemon lock was taken over', async () => {
    const t = await startTestDaemon({ rules: [] })
    try {
      const db = new Database(path.join(t.dir, 'data', 'cartwire.db'))
      db.prepare('UPDATE lock SET token = token + 1, pid = 999999').run()
      db.close()
      const res = await t.post('orders/create', newOrder(t.platform, 'order-2101'))
      expect(res.status).toBe(503)
      expect(await res.json()).toMatchObject({ ok: false, code: 'ERR_STORE_UNAVAILABLE' })
      expect((await fetch(`${t.daemon.publicUrl}/healthz`)).status).toBe(200)
    } finally {
      await t.close()
    }
  })
})
