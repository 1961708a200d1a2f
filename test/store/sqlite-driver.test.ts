import { hostname } from 'node:os'
import Database from 'better-sqlite3'
import { open as fsOpen } from 'node:fs/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ManualClock } from '../../core/sdk/clock.js'
import { openStore } from '../../core/store/open.js'
import { SCHEMA_VERSION } from '../../core/store/sqlite/migrations.js'
import { openSqliteStore, type SqliteStore } from '../../core/store/sqlite/open.js'
import type { Store } from '../../core/store/contract.js'
import { tempFiles, v0Database } from './helpers.js'

const temp = tempFiles('sqlite-driver')
/** above Linux's pid_max: never a live process */
const DEAD_PID = 4_194_305

describe('sqlite driver', () => {
  const opened: Store[] = []
  const open = async (...args: Parameters<typeof openSqliteStore>): Promise<SqliteStore> => {
    const store = await openSqliteStore(...args)
    opened.push(store)
    return store
  }
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close()
  })

  describe('single-daemon lock', () => {
    it('refuses a second daemon while the holder is alive, naming its pid and host', async () => {
      const path = temp.file('locked.db')
      await open({ path })
      const second = openSqliteStore({ path, holder: { pid: 4242, host: 'other-box' } })
      await expect(second).rejects.toMatchObject({ code: 'ERR_STORE_LOCKED' })
      await expect(second).rejects.toThrow(`held by pid ${process.pid} on ${hostname()}`)
    })

    it('takes over a lock whose heartbeat is older than 30 s, and the old holder can no longer write', async () => {
      const path = temp.file('stale.db')
      const clock = new ManualClock()
      const crashed = await open({ path, holder: { pid: 4242, host: 'other-box' }, clock, heartbeatMs: 0 })
      await expect(openSqliteStore({ path, clock, heartbeatMs: 0 })).rejects.toMatchObject({ code: 'ERR_STORE_LOCKED' })
      clock.advance(30_001)
      const next = await open({ path, clock, heartbeatMs: 0 })
      await expect(crashed.ensureConnection('shop', clock.now())).rejects.toMatchObject({ code: 'ERR_STORE_LOCKED' })
      await expect(crashed.heartbeat()).rejects.toMatchObject({ code: 'ERR_STORE_LOCKED' })
      await crashed.close()
      expect(await next.ensureConnection('shop', clock.now())).toMatchObject({ id: 'shop' })
    })

    it('keeps a lock alive with heartbeats', async () => {
      const path = temp.file('beat.db')
      const clock = new ManualClock()
      const holder = await open({ path, holder: { pid: 4242, host: 'other-box' }, clock, heartbeatMs: 0 })
      clock.advance(25_000)
      await holder.heartbeat()
      clock.advance(25_000)
      await expect(openSqliteStore({ path, clock })).rejects.toMatchObject({ code: 'ERR_STORE_LOCKED' })
    })

    it('takes over at once a lock whose pid is dead on this host', async () => {
      const path = temp.file('dead.db')
      await open({ path, holder: { pid: DEAD_PID, host: hostname() }, heartbeatMs: 0 })
      const next = await open({ path })
      expect(await next.ensureConnection('shop', 1)).toMatchObject({ id: 'shop' })
    })

    it("voids a dead holder's delivery leases: the next daemon decodes the inbox from its oldest delivery", async () => {
      const path = temp.file('leases.db')
      const crashed = await openSqliteStore({ path, holder: { pid: DEAD_PID, host: hostname() }, heartbeatMs: 0 })
      const delivery = (n: number) => ({ connection: 'shop', source: 'webhook' as const, receivedAt: new Date(n).toISOString(), headers: {}, body: `{"n":${n}}` })
      const first = await crashed.appendDeliveries([delivery(1), delivery(2)])
      // claimed, never applied: the process ended inside its lease (a SIGKILL leaves the same rows)
      expect((await crashed.claimDeliveries('dead-owner', 1_000, 60_000, 10)).map((d) => d.seq)).toEqual(first.map((r) => r.seq))
      await crashed.close()
      const next = await open({ path })
      const later = await next.appendDeliveries([delivery(3)])
      expect((await next.claimDeliveries('next-owner', 2_000, 60_000, 10)).map((d) => d.seq)).toEqual([...first, ...later].map((r) => r.seq))
    })

    it('releases the lock on close', async () => {
      const path = temp.file('release.db')
      const first = await openSqliteStore({ path })
      await first.close()
      await expect(open({ path })).resolves.toBeDefined()
    })
  })

  describe('another connection holding the write lock', () => {
    const holdLock = (path: string) => {
      const other = new Database(path)
      other.exec('BEGIN IMMEDIATE')
      return () => {
        other.exec('COMMIT')
        other.close()
      }
    }

    it('makes a write wait without blocking the event loop, and acknowledgements go on meanwhile', async () => {
      const path = temp.file('busy.db')
      const store = await open({ path })
      await store.ensureConnection('shop', 0)
      const release = holdLock(path)
      const waited = store.setSetting('busy', 1)
      let settled = false
      void waited.then(() => (settled = true))
      const ticks: number[] = []
      const started = performance.now()
      while (performance.now() - started < 300) {
        await new Promise((resolve) => setTimeout(resolve, 10))
        ticks.push(performance.now())
      }
      expect(settled, 'the write is still waiting for the lock').toBe(false)
      const longestGap = Math.max(...ticks.map((t, i) => t - (ticks[i - 1] ?? started)))
      expect(longestGap, 'no turn of the event loop waited on sqlite\'s busy handler').toBeLessThan(150)
      const [ack] = await store.appendDeliveries([{ connection: 'shop', source: 'webhook', receivedAt: new Date(0).toISOString(), headers: {}, body: '{}' }])
      expect(ack, 'a webhook is acknowledged while the database is locked (the inbox journal needs no write lock)').toEqual({ seq: 1, duplicate: false })
      release()
      await waited
      expect(await store.getSetting('busy')).toBe(1)
    })

    it('gives up after busyTimeoutMs with the busy error', async () => {
      const path = temp.file('busy-timeout.db')
      const store = await open({ path, busyTimeoutMs: 200 })
      const release = holdLock(path)
      try {
        const started = performance.now()
        await expect(store.setSetting('busy', 1)).rejects.toMatchObject({ code: 'SQLITE_BUSY' })
        expect(performance.now() - started).toBeGreaterThanOrEqual(190)
      } finally {
        release()
      }
      await store.setSetting('busy', 2)
      expect(await store.getSetting('busy')).toBe(2)
    })
  })

  describe('read-only mode', () => {
    it('opens beside a running daemon without the lock, reads, and refuses every write', async () => {
      const path = temp.file('readonly.db')
      const daemon = await open({ path })
      await daemon.ensureConnection('shop', 1)
      const reader = await open({ path, readonly: true })
      expect(await reader.getConnection('shop')).toMatchObject({ baselineAt: 1 })
      await expect(reader.ensureConnection('other', 2)).rejects.toMatchObject({ code: 'ERR_STORE_READONLY' })
      expect(await daemon.getConnection('other')).toBeUndefined()
    })

    it('refuses to open a store that needs migrating', async () => {
      const path = v0Database(temp.file('v0-readonly.db'))
      await expect(openSqliteStore({ path, readonly: true })).rejects.toMatchObject({ code: 'ERR_STORE_SCHEMA' })
    })
  })

  it.each(['full', 'normal'] as const)('honours synchronous = %s in WAL mode (sqlite itself never fsyncs at commit)', async (synchronous) => {
    const store = await open({ path: temp.file(`sync-${synchronous}.db`), synchronous })
    expect(store.pragmas()).toMatchObject({ journalMode: 'wal', synchronous: 'normal', durability: synchronous, busyTimeout: 5000 })
  })

  it('defaults to synchronous = full', async () => {
    expect((await open({ path: temp.file('default.db') })).pragmas().durability).toBe('full')
  })

  it.each([
    ['full', 1],
    ['normal', 0],
  ] as const)('synchronous = %s: an intake ack waits for an fdatasync of the WAL started after its commit (%i); other writes do not', async (synchronous, syncs) => {
    const path = temp.file(`durable-${synchronous}.db`)
    const store = await open({ path, synchronous })
    await store.ensureConnection('shop', 1)
    const handle = await fsOpen(path, 'r')
    const datasync = vi.spyOn(Object.getPrototypeOf(handle) as { datasync(): Promise<void> }, 'datasync')
    await handle.close()
    try {
      await store.setSetting('k', 1)
      expect(datasync).toHaveBeenCalledTimes(0)
      await store.appendDeliveries([{ connection: 'shop', source: 'webhook', receivedAt: new Date(1).toISOString(), headers: {}, body: '{}' }])
      expect(datasync).toHaveBeenCalledTimes(syncs)
    } finally {
      datasync.mockRestore()
    }
  })

  it('refuses a store written by a newer schema', async () => {
    const path = temp.file('newer.db')
    await (await openSqliteStore({ path })).close()
    const db = new Database(path)
    db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION + 1))
    db.close()
    await expect(openSqliteStore({ path })).rejects.toMatchObject({ code: 'ERR_STORE_SCHEMA' })
  })

  it('migrates the v0 fixture: the ledger gains effect, runs gain trigger_seq from their event', async () => {
    const path = v0Database(temp.file('v0.db'))
    await (await openSqliteStore({ path })).close()
    const db = new Database(path, { readonly: true })
    expect(db.prepare('SELECT effect FROM ledger').all()).toEqual([{ effect: null }])
    expect(db.prepare('SELECT trigger_seq FROM runs').all()).toEqual([{ trigger_seq: 2 }])
    expect(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get()).toEqual({ value: String(SCHEMA_VERSION) })
    db.close()
  })
})

describe('openStore', () => {
  it('picks the driver from the store config', async () => {
    const sqlite = await openStore({ driver: 'sqlite', path: temp.file('config.db'), synchronous: 'normal' })
    expect(sqlite.driver).toBe('sqlite')
    expect((sqlite as SqliteStore).pragmas().synchronous).toBe('normal')
    await sqlite.close()
    const lowdb = await openStore({ driver: 'lowdb' })
    expect(lowdb.driver).toBe('lowdb')
    await lowdb.close()
  })

  it('says postgres arrives later', async () => {
    await expect(openStore({ driver: 'postgres', url: 'postgres://localhost/cartwire' })).rejects.toMatchObject({
      code: 'ERR_CONFIG',
      message: 'postgres driver arrives in a later release',
    })
  })
})
