import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StatusResponse } from '../../core/daemon/admin-api.js'
import { openStore } from '../../core/store/open.js'
import { TestcartServer } from '../fakes/testcart-server.js'
import { spawnDaemon, type ChildDaemon } from './child-daemon.js'
import { newOrder, until, writeProject } from './daemon-env.js'

/**
 * The daemon as a child process under a stream of signed deliveries, SIGKILLed twice — once at the
 * `after-action-before-commit` failpoint, once at a random moment — then restarted. The checker trusts
 * only what the crash cannot touch: the sender's own log of acknowledged (2xx) deliveries and the
 * effects the fake platform (in this process) received. The store is read for events and exceptions.
 */
const RULES = [
  { id: 'tag-paid', on: ['order.paid'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['paid'] } }] },
  { id: 'ship-paid', on: ['order.paid'], then: [{ id: 'ship', action: 'fulfillment.create', params: { trackingNumber: 'T-{{order.number}}' } }] },
  { id: 'notify-paid', on: ['order.paid'], then: [{ id: 'notify', action: 'http.request', params: { method: 'POST', url: 'SINK', body: { order: '{{order.id}}' } } }] },
]

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Sends new paid orders with a few connections at once, logging each one the daemon acknowledged. */
function startSender(platform: TestcartServer, url: string) {
  const acked: string[] = []
  let stopped = false
  let next = 0
  const one = async () => {
    const id = `order-${6000 + next++}`
    const hook = platform.webhook('orders/create', newOrder(platform, id, { number: id.slice(6) }))
    try {
      const res = await fetch(url, { method: 'POST', headers: hook.headers, body: hook.rawBody, signal: AbortSignal.timeout(5000) })
      if (res.status >= 200 && res.status < 300) acked.push(id)
      await res.arrayBuffer()
    } catch {
      // refused or cut by a crash: not acknowledged, so not promised; pace the retry loop while down
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  const loops = Array.from({ length: 4 }, async () => {
    while (!stopped) await one()
  })
  return { acked, stop: async () => ((stopped = true), await Promise.all(loops)) }
}

describe('crash under load', () => {
  let platform: TestcartServer
  let dir: string
  beforeAll(async () => {
    platform = await new TestcartServer().start()
    dir = mkdtempSync(path.join(tmpdir(), 'cartwire-load-'))
  })
  afterAll(async () => {
    await platform.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('loses no acknowledged delivery and keeps every step to its idempotency class across SIGKILLs', async () => {
    const port = await freePort()
    const rules = JSON.parse(JSON.stringify(RULES).replace('SINK', `${platform.url}/sink`))
    const { configPath } = writeProject(platform, { rules, config: { server: { port, host: '127.0.0.1', admin: { port: 0, host: '127.0.0.1' } } } }, dir)
    const failpointLog = path.join(dir, 'failpoints.log')
    const env = { CARTWIRE_LEASE_MS: '1500' }
    const sender = startSender(platform, `http://127.0.0.1:${port}/webhooks/shop`)
    let daemon: ChildDaemon | undefined
    try {
      // 1. killed by the failpoint at the fifth action
      daemon = spawnDaemon(configPath, { ...env, CARTWIRE_FAILPOINTS: 'after-action-before-commit:exit@5', CARTWIRE_FAILPOINTS_LOG: failpointLog })
      expect(await daemon.exited).toEqual({ code: null, signal: 'SIGKILL' })
      expect(readFileSync(failpointLog, 'utf8')).toContain('after-action-before-commit')

      // 2. restarted, then killed at a random moment under load
      daemon = spawnDaemon(configPath, env)
      await daemon.ready
      const ackedBefore = sender.acked.length
      await until(() => sender.acked.length >= ackedBefore + 20, 'deliveries to the restarted daemon', 30_000)
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 1500)))
      daemon.kill('SIGKILL')
      await daemon.exited

      // 3. restarted to recover; the stream goes on a little, then stops and the daemon settles
      daemon = spawnDaemon(configPath, env)
      const urls = await daemon.ready
      const ackedAgain = sender.acked.length
      await until(() => sender.acked.length >= ackedAgain + 10, 'deliveries after the second restart', 30_000)
      await sender.stop()
      const token = readFileSync(path.join(dir, 'data', 'admin-token'), 'utf8').trim()
      await until(async () => {
        const { counts } = (await (await fetch(`${urls.admin}/api/status`, { headers: { authorization: `Bearer ${token}` } })).json()) as StatusResponse
        const busy = counts.deliveries.pending + (counts.runs.queued ?? 0) + (counts.runs.running ?? 0) + (counts.runs.retry_wait ?? 0) + (counts.runs.mutex_wait ?? 0)
        return busy === 0
      }, 'the daemon to settle', 60_000)
      daemon.kill('SIGTERM')
      expect(await daemon.exited).toEqual({ code: 0, signal: null })
    } finally {
      await sender.stop()
      daemon?.kill('SIGKILL')
    }

    expect(existsSync(failpointLog)).toBe(true)
    const acked = sender.acked
    expect(acked.length).toBeGreaterThan(30)
    const store = await openStore({ driver: 'sqlite', path: path.join(dir, 'data', 'cartwire.db') }, { readonly: true })
    try {
      const inDoubt = new Set((await store.listExceptions({ limit: 100_000 })).filter((e) => e.code === 'ERR_IN_DOUBT').map((e) => e.resource?.id))
      for (const id of acked) {
        const types = (await store.listEvents({ resourceId: id })).map((e) => e.type).sort()
        expect(types, `events of acknowledged ${id}`).toEqual(['order.created', 'order.paid'])
        const calls = (p: string) => platform.calls.filter((c) => c.path === `/orders/${id}/${p}`)
        // natural: run at least once; a re-run after a crash uses the same key
        expect(calls('tags').length, `tag calls for ${id}`).toBeGreaterThanOrEqual(1)
        expect(new Set(calls('tags').map((c) => c.key)).size, `one key for ${id}'s tags`).toBe(1)
        // keyed: the platform honoured the key, so exactly one fulfillment whatever the re-runs
        expect(new Set(calls('fulfillments').map((c) => c.key)).size, `one key for ${id}'s fulfillment`).toBe(1)
        expect(platform.effectsFor('fulfillment').filter((e) => e.orderId === id), `fulfillments of ${id}`).toHaveLength(1)
        // unsafe: never twice; when not exactly once, an in-doubt exception says so
        const sinks = platform.effectsFor('sink').filter((e) => (e.body as { order?: string }).order === id).length
        expect(sinks, `sink calls for ${id}`).toBeLessThanOrEqual(1)
        if (sinks === 0) expect(inDoubt.has(id), `${id} has no sink call and no in-doubt exception`).toBe(true)
      }
    } finally {
      await store.close()
    }
  }, 180_000)
})
