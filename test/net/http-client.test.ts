import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../core/net/http-client.js'
import type { HttpClient } from '../../core/sdk/http.js'
import { closedPort, gate, localServers } from './local-server.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const serve = localServers()

function client(maxConcurrent?: number): HttpClient {
  const http = createHttpClient({ connection: 'shop-test', maxConcurrent })
  cleanups.push(() => http.close())
  return http
}

describe('createHttpClient: priority classes', () => {
  it('answers a poll while a burst of 20 actions holds the action slots, and never lets actions take every slot', async () => {
    const release = gate()
    let inFlight = 0
    let mostActionsInFlight = 0
    const server = await serve(async (req, res) => {
      if (req.url.startsWith('/poll')) return void res.end('polled')
      inFlight++
      mostActionsInFlight = Math.max(mostActionsInFlight, inFlight)
      await release.promise
      inFlight--
      res.end('done')
    })
    const http = client(4)
    const finished: string[] = []
    const actions = Array.from({ length: 20 }, (_, i) =>
      http.request({ method: 'POST', url: `${server.origin}/action/${i}`, body: { i }, priority: 'action' }).then((r) => (finished.push(`action ${i}`), r)),
    )
    await server.arrived(3)

    const poll = await http.request({ url: `${server.origin}/poll`, priority: 'poll' })
    finished.push('poll')

    expect(poll).toMatchObject({ status: 200, body: 'polled' })
    release.open()
    const results = await Promise.all(actions)
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(finished.indexOf('poll')).toBe(0)
    expect(mostActionsInFlight).toBe(3)
    expect(server.received).toHaveLength(21)
  })

  it('serves queued poll and fetch requests before queued actions when a slot frees', async () => {
    const release = gate()
    const server = await serve(async (req, res) => {
      if (req.url === '/action/0') await release.promise
      res.end()
    })
    const http = client(1)
    const first = http.request({ url: `${server.origin}/action/0` })
    await server.arrived(1)
    const queued = [
      ...[1, 2, 3].map((i) => http.request({ url: `${server.origin}/action/${i}`, priority: 'action' })),
      http.request({ url: `${server.origin}/fetch`, priority: 'fetch' }),
      http.request({ url: `${server.origin}/poll`, priority: 'poll' }),
    ]
    release.open()
    await Promise.all([first, ...queued])
    expect(server.received.map((r) => r.url)).toEqual(['/action/0', '/fetch', '/poll', '/action/1', '/action/2', '/action/3'])
  })
})

describe('createHttpClient: answers and failures', () => {
  it('passes every status through with lower-cased headers and the body as text', async () => {
    const server = await serve((req, res) => {
      const status = Number(req.url.slice(1))
      res.writeHead(status, { 'Retry-After': '7', 'X-Shop-Api-Call-Limit': '39/40', Location: '/elsewhere' }).end(`status ${status}`)
    })
    const http = client()
    for (const status of [200, 302, 404, 429, 503]) {
      const res = await http.request({ url: `${server.origin}/${status}` })
      expect(res).toMatchObject({ status, body: `status ${status}`, headers: { 'retry-after': '7', 'x-shop-api-call-limit': '39/40' } })
    }
    expect(server.received).toHaveLength(5)
  })

  it('sends objects as JSON and strings as they are', async () => {
    const server = await serve((_req, res) => void res.end())
    const http = client()
    await http.request({ method: 'post', url: `${server.origin}/json`, body: { tags: ['vip'] } })
    await http.request({ method: 'PUT', url: `${server.origin}/text`, body: 'a=1&b=2', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    expect(server.received[0]).toMatchObject({ method: 'POST', body: '{"tags":["vip"]}', headers: { 'content-type': 'application/json' } })
    expect(server.received[1]).toMatchObject({ method: 'PUT', body: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  })

  it('turns a platform that does not answer in time into a retryable ERR_TIMEOUT', async () => {
    const never = gate()
    const server = await serve(() => never.promise)
    const error = await client()
      .request({ url: `${server.origin}/slow`, timeoutMs: 50 })
      .catch((e) => e)
    expect(error).toMatchObject({ code: 'ERR_TIMEOUT', retryable: true })
  })

  it('turns an unreachable platform into a retryable ERR_NETWORK', async () => {
    const port = await closedPort()
    const error = await client()
      .request({ url: `http://127.0.0.1:${port}/` })
      .catch((e) => e)
    expect(error).toMatchObject({ code: 'ERR_NETWORK', retryable: true })
  })

  it('reports ERR_ABORTED when the caller aborts in flight or while queued, and never sends the queued one', async () => {
    const never = gate()
    const server = await serve(() => never.promise)
    const http = client(1)
    const controller = new AbortController()
    const inFlight = http.request({ url: `${server.origin}/in-flight`, signal: controller.signal }).catch((e) => e)
    const queued = http.request({ url: `${server.origin}/queued`, signal: controller.signal }).catch((e) => e)
    await server.arrived(1)
    controller.abort()
    expect(await inFlight).toMatchObject({ code: 'ERR_ABORTED' })
    expect(await queued).toMatchObject({ code: 'ERR_ABORTED' })
    expect(server.received.map((r) => r.url)).toEqual(['/in-flight'])
  })
})
