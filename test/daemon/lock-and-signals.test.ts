import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestcartServer } from '../fakes/testcart-server.js'
import { spawnDaemon } from './child-daemon.js'
import { newOrder, writeProject } from './daemon-env.js'

describe('cartwire start as a process', () => {
  let platform: TestcartServer
  beforeAll(async () => {
    platform = await new TestcartServer().start()
  })
  afterAll(() => platform.stop())

  it('refuses a second start on the same store (exit 2, ERR_STORE_LOCKED naming the holder); SIGTERM drains, exits 0 and releases the lock', async () => {
    const { dir, configPath } = writeProject(platform, { rules: [{ id: 'tag-paid', on: ['order.paid'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['seen'] } }] }] })
    const first = spawnDaemon(configPath)
    try {
      const urls = await first.ready
      const tokenFile = path.join(dir, 'data', 'admin-token')
      const token = readFileSync(tokenFile, 'utf8')

      const second = spawnDaemon(configPath)
      const refused = await second.exited
      expect(refused, second.stderr()).toEqual({ code: 2, signal: null })
      const lines = second.stderr().trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toContain('ERR_STORE_LOCKED')
      expect(lines[0]).toContain(`pid ${first.pid}`)
      expect(readFileSync(tokenFile, 'utf8'), 'the refused start left the running daemon\'s token alone').toBe(token)

      const hook = platform.webhook('orders/create', newOrder(platform, 'order-5001'))
      const res = await fetch(`${urls.public}/webhooks/shop`, { method: 'POST', headers: hook.headers, body: hook.rawBody })
      expect(res.status).toBe(202)
      const { seq } = (await res.json()) as { seq: number }

      first.kill('SIGTERM')
      expect(await first.exited).toEqual({ code: 0, signal: null })
      expect(first.records.map((r) => r.msg)).toEqual(expect.arrayContaining(['draining: no new requests; finishing work in flight', 'stopped']))
      const db = new Database(path.join(dir, 'data', 'cartwire.db'), { readonly: true })
      try {
        expect(db.prepare('SELECT count(*) AS n FROM lock').get(), 'the lock row is gone').toEqual({ n: 0 })
        expect(db.prepare('SELECT count(*) AS n FROM deliveries WHERE seq = ?').get(seq), 'the acknowledged delivery is in the store').toEqual({ n: 1 })
      } finally {
        db.close()
      }
    } finally {
      first.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
