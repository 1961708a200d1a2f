import { describe, expect, it } from 'vitest'
import httpRequest from '../../plugins/http/index.js'
import { ManualClock } from '../../core/sdk/clock.js'
import { closedPort, gate, localServers } from '../net/local-server.js'
import { captureLog } from '../daemon/log-capture.js'

const serve = localServers()

function context(opts: { signal?: AbortSignal; clock?: ManualClock } = {}) {
  const capture = captureLog()
  const ctx = { key: 'step-key-abc', connection: 'shopify-main', log: capture.log, clock: opts.clock ?? new ManualClock(), signal: opts.signal ?? new AbortController().signal }
  return { ctx, capture }
}

/** Runs the action as the core does: params parsed by the action's schema first. */
function run(params: Record<string, unknown>, opts?: Parameters<typeof context>[0]) {
  const { ctx } = context(opts)
  return httpRequest.run(ctx, httpRequest.params.parse(params))
}

describe('http.request: sending', () => {
  it('POSTs a JSON body with the step key as Idempotency-Key and returns the parsed answer', async () => {
    const server = await serve((_req, res) => void res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' }).end('{"ok":true}'))
    const result = await run({ url: `${server.origin}/hooks/orders`, body: { text: 'Order 1001', total: 512 }, headers: { 'idempotency-key': 'user-set', 'X-Team': 'ops' } })
    expect(result).toEqual({ status: 201, body: { ok: true } })
    expect(server.received[0]).toMatchObject({
      method: 'POST',
      url: '/hooks/orders',
      body: '{"text":"Order 1001","total":512}',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'step-key-abc', 'x-team': 'ops' },
    })
  })

  it('sends a string body as it is, and returns a text answer as text', async () => {
    const server = await serve((_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks'))
    const result = await run({ method: 'PUT', url: `${server.origin}/x`, body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(result).toEqual({ status: 200, body: 'thanks' })
    expect(server.received[0]).toMatchObject({ method: 'PUT', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'step-key-abc' } })
  })

  it('cuts a large answer to 64 KiB and keeps it as text', async () => {
    const server = await serve((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: 'x'.repeat(200_000) })))
    const result = (await run({ method: 'GET', url: `${server.origin}/big` })) as { body: string; truncated: boolean }
    expect(result.truncated).toBe(true)
    expect(typeof result.body).toBe('string')
    expect(Buffer.byteLength(result.body)).toBe(64 * 1024)
  })

  it('logs method and host only, never the path or query that may hold a token', async () => {
    const server = await serve((_req, res) => void res.end())
    const { ctx, capture } = context()
    await httpRequest.run(ctx, httpRequest.params.parse({ url: `${server.origin}/services/T000/B000/XXXXSECRETPATH?token=QUERYSECRET` }))
    const text = capture.lines.join('\n')
    expect(text).toContain(new URL(server.origin).host)
    expect(text).not.toMatch(/SECRETPATH|QUERYSECRET/)
  })
})

describe('http.request: answers that fail the step', () => {
  it('makes 429 retryable with Retry-After in seconds', async () => {
    const server = await serve((_req, res) => void res.writeHead(429, { 'retry-after': '7' }).end())
    await expect(run({ url: `${server.origin}/` })).rejects.toMatchObject({ code: 'ERR_RATE_LIMITED', retryable: true, retryAfterMs: 7000 })
  })

  it('makes 5xx retryable with Retry-After as an HTTP date, measured on the injected clock', async () => {
    const clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'))
    const server = await serve((_req, res) => void res.writeHead(503, { 'retry-after': 'Sun, 01 Mar 2026 10:02:00 GMT' }).end('down'))
    await expect(run({ url: `${server.origin}/` }, { clock })).rejects.toMatchObject({ code: 'ERR_UPSTREAM', retryable: true, retryAfterMs: 120_000 })
  })

  it('sends other 4xx to the exception queue without retrying', async () => {
    const server = await serve((_req, res) => void res.writeHead(400).end('bad field'))
    await expect(run({ url: `${server.origin}/` })).rejects.toMatchObject({ code: 'ERR_UPSTREAM_REJECTED', retryable: false })
  })

  it('accepts the statuses named in expectStatus and refuses other successes', async () => {
    const server = await serve((req, res) => void res.writeHead(Number(req.url.slice(1))).end())
    expect(await run({ method: 'DELETE', url: `${server.origin}/404`, expectStatus: [204, 404] })).toMatchObject({ status: 404 })
    await expect(run({ url: `${server.origin}/200`, expectStatus: 201 })).rejects.toMatchObject({ code: 'ERR_UPSTREAM_REJECTED' })
  })

  it('times out with a retryable ERR_TIMEOUT', async () => {
    const never = gate()
    const server = await serve(() => never.promise)
    await expect(run({ url: `${server.origin}/`, timeout: '50ms' })).rejects.toMatchObject({ code: 'ERR_TIMEOUT', retryable: true })
  })

  it('reports an unreachable endpoint as a retryable ERR_NETWORK', async () => {
    await expect(run({ url: `http://127.0.0.1:${await closedPort()}/` })).rejects.toMatchObject({ code: 'ERR_NETWORK', retryable: true })
  })

  it('stops when the step signal aborts, with ERR_ABORTED', async () => {
    const never = gate()
    const server = await serve(() => never.promise)
    const controller = new AbortController()
    const pending = run({ url: `${server.origin}/` }, { signal: controller.signal })
    await server.arrived(1)
    controller.abort()
    await expect(pending).rejects.toMatchObject({ code: 'ERR_ABORTED' })
  })
})

describe('http.request: redirects', () => {
  it('follows a 307 within the same origin, repeating method, body and key', async () => {
    const server = await serve((req, res) => void (req.url === '/old' ? res.writeHead(307, { location: '/new' }).end() : res.end('ok')))
    expect(await run({ url: `${server.origin}/old`, body: { a: 1 } })).toEqual({ status: 200, body: 'ok' })
    expect(server.received.map((r) => [r.method, r.url, r.body, r.headers['idempotency-key']])).toEqual([
      ['POST', '/old', '{"a":1}', 'step-key-abc'],
      ['POST', '/new', '{"a":1}', 'step-key-abc'],
    ])
  })

  it('never follows a redirect to another host, and the other host receives nothing', async () => {
    const elsewhere = await serve((_req, res) => void res.end('captured'))
    const server = await serve((_req, res) => void res.writeHead(308, { location: `${elsewhere.origin.replace('127.0.0.1', 'localhost')}/steal` }).end())
    const error = await run({ url: `${server.origin}/`, headers: { authorization: 'Bearer t' } }).catch((e) => e)
    expect(error).toMatchObject({ code: 'ERR_UPSTREAM_REJECTED', message: expect.stringContaining('another origin') })
    expect(error.message).not.toContain('/steal')
    expect(elsewhere.received).toHaveLength(0)
  })

  it('continues a POST answered with 303 as a GET without the body', async () => {
    const server = await serve((req, res) => void (req.url === '/submit' ? res.writeHead(303, { location: '/receipt' }).end() : res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":7}')))
    expect(await run({ url: `${server.origin}/submit`, body: { a: 1 } })).toEqual({ status: 200, body: { id: 7 } })
    expect(server.received.map((r) => [r.method, r.url, r.body, r.headers['content-type']])).toEqual([
      ['POST', '/submit', '{"a":1}', 'application/json'],
      ['GET', '/receipt', '', undefined],
    ])
  })

  it('does not turn a POST into a GET on a 302', async () => {
    const server = await serve((req, res) => void (req.url === '/' ? res.writeHead(302, { location: '/moved' }).end() : res.end()))
    await expect(run({ url: `${server.origin}/`, body: { a: 1 } })).rejects.toMatchObject({ code: 'ERR_UPSTREAM_REJECTED' })
    expect(server.received).toHaveLength(1)
  })
})

describe('http.request: definition', () => {
  it('is unsafe unless the step says the endpoint honours the key', () => {
    expect(httpRequest.idempotency).toBe('unsafe')
    expect(httpRequest.idempotencyFor?.(httpRequest.params.parse({ url: 'https://ops.example.com/' }))).toBe('unsafe')
    expect(httpRequest.idempotencyFor?.(httpRequest.params.parse({ url: 'https://ops.example.com/', idempotent: true }))).toBe('keyed')
  })

  it('fills defaults and refuses other schemes, unknown methods and unknown params', () => {
    expect(httpRequest.params.parse({ url: 'https://ops.example.com/x' })).toEqual({ method: 'POST', url: 'https://ops.example.com/x', timeout: '30s', idempotent: false })
    for (const bad of [{ url: 'ftp://ops.example.com/' }, { url: 'file:///etc/passwd' }, { url: 'https://a/', method: 'TRACE' }, { url: 'https://a/', timeout: '30' }, { url: 'https://a/', retries: 3 }]) {
      expect(httpRequest.params.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    }
  })
})
