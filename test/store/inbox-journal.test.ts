import { appendFileSync, closeSync, openSync, readdirSync } from 'node:fs'
import { hostname } from 'node:os'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { NewDelivery, Store } from '../../core/store/contract.js'
import { InboxJournal } from '../../core/store/sqlite/inbox-journal.js'
import { encodeFrame, scanFrames, type JournalRecord } from '../../core/store/sqlite/journal-frames.js'
import { MOVED_THROUGH } from '../../core/store/sqlite/journaled.js'
import { openSqliteStore } from '../../core/store/sqlite/open.js'
import { tempFiles } from './helpers.js'

const temp = tempFiles('inbox-journal')
/** above Linux's pid_max: a holder that is never alive, so the next open takes its lock over at once (a crash) */
const DEAD = { pid: 4_194_305, host: hostname() }
const T = '2030-01-01T00:00:00.000Z'

const delivery = (n: number, dedupeKey?: string): NewDelivery => ({
  connection: 'shop', source: 'webhook', receivedAt: T, headers: { 'X-Topic': 'orders/create', authorization: 'Bearer secret' }, body: `{"n":${n},"text":"é ✓"}`, dedupeKey,
})
const logFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.log'))
const tableSeqs = (path: string): number[] => {
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare<[], { seq: number }>('SELECT seq FROM deliveries ORDER BY seq').all().map((r) => r.seq)
  } finally {
    db.close()
  }
}

describe('inbox journal (sqlite)', () => {
  const opened: Store[] = []
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close()
  })

  it('keeps every acknowledged delivery across a crash before it reached the table, in order, with its dedupe key', async () => {
    const path = temp.file('crash.db')
    const crashed = await openSqliteStore({ path, holder: DEAD, heartbeatMs: 0 })
    await crashed.ensureConnection('shop', 0)
    const acked = [
      ...(await crashed.appendDeliveries([delivery(1, 'k1'), delivery(2)])),
      ...(await crashed.appendDeliveries(Array.from({ length: 200 }, (_, i) => delivery(3 + i)))),
    ]
    const page = await crashed.applyPollPage({ connection: 'shop', receivedAt: T, items: [] })
    expect(acked.map((a) => a.seq)).toEqual(Array.from({ length: 202 }, (_, i) => i + 1))
    expect(page.seq, 'a poll page is numbered after the journaled deliveries').toBe(203)
    expect(tableSeqs(path), 'only the poll page is in the table: the webhooks are in the journal').toEqual([203])
    expect((await crashed.counts()).deliveries.pending).toBe(203)
    // the process dies here: `crashed` is never closed

    const store = await openSqliteStore({ path })
    opened.push(store)
    expect(tableSeqs(path)).toEqual(Array.from({ length: 203 }, (_, i) => i + 1))
    expect(logFiles(`${path}-inbox`), 'recovered segments are removed').toEqual([])
    expect(await store.getSetting(MOVED_THROUGH)).toBe(202)
    const first = await store.getDelivery(1)
    expect(first).toMatchObject({ seq: 1, connection: 'shop', source: 'webhook', receivedAt: T, body: '{"n":1,"text":"é ✓"}', state: 'pending' })
    expect(first?.headers, 'header names lower-cased, credentials dropped').toEqual({ 'x-topic': 'orders/create' })
    expect(await store.appendDeliveries([delivery(99, 'k1'), delivery(100)])).toEqual([{ seq: 1, duplicate: true }, { seq: 204, duplicate: false }])
    const claimed = await store.claimDeliveries('w', 0, 60_000, 500)
    expect(claimed.map((d) => d.seq)).toEqual(Array.from({ length: 204 }, (_, i) => i + 1))
  })

  it('ignores a torn last frame (a write the crash cut short was never acknowledged)', async () => {
    const path = temp.file('torn.db')
    const crashed = await openSqliteStore({ path, holder: DEAD, heartbeatMs: 0 })
    await crashed.ensureConnection('shop', 0)
    await crashed.appendDeliveries([delivery(1), delivery(2)])
    const [segment] = logFiles(`${path}-inbox`)
    const torn = encodeFrame({ seq: 3, connection: 'shop', source: 'webhook', receivedAt: T, headers: {}, dedupeKey: null, body: 'cut' })
    appendFileSync(`${path}-inbox/${segment}`, torn.subarray(0, torn.length - 2))

    const store = await openSqliteStore({ path })
    opened.push(store)
    expect(tableSeqs(path)).toEqual([1, 2])
    expect((await store.appendDeliveries([delivery(3)]))[0].seq, 'the torn seq is not reused by a later delivery').toBeGreaterThanOrEqual(3)
  })

  it('never claims past a delivery still in the journal, so the inbox is decoded in the order it was received', async () => {
    const store = await openSqliteStore({ path: temp.file('order.db') })
    opened.push(store)
    await store.ensureConnection('shop', 0)
    await store.appendDeliveries(Array.from({ length: 300 }, (_, i) => delivery(i)))
    const page = await store.applyPollPage({ connection: 'shop', receivedAt: T, items: [] })
    const seen: number[] = []
    for (let round = 0; round < 10 && seen.length < 301; round++) seen.push(...(await store.claimDeliveries('w', 0, 60_000, 1000)).map((d) => d.seq))
    expect(seen).toEqual(Array.from({ length: 301 }, (_, i) => i + 1))
    expect(seen.at(-1)).toBe(page.seq)
  })

  it('moves everything into the table on close; counts include what is still journaled', async () => {
    const path = temp.file('close.db')
    const store = await openSqliteStore({ path })
    await store.ensureConnection('shop', 0)
    await store.appendDeliveries([delivery(1), delivery(2), delivery(3)])
    expect((await store.counts()).deliveries).toMatchObject({ pending: 3 })
    await store.close()
    expect(tableSeqs(path)).toEqual([1, 2, 3])
    expect(logFiles(`${path}-inbox`)).toEqual([])
  })
})

describe('InboxJournal', () => {
  const record = (seq: number): JournalRecord => ({ seq, connection: 'shop', source: 'webhook', receivedAt: T, headers: { a: 'b' }, dedupeKey: null, body: 'x'.repeat(100) })
  const none = () => undefined

  it('starts a new segment past the size limit and removes a segment once everything in it moved', async () => {
    const journal = new InboxJournal({ dir: temp.file('segments'), durable: true, nextSeq: 1, segmentBytes: 1000 })
    for (let i = 0; i < 12; i++) await journal.append([delivery(i), delivery(i + 100)], none)
    const dir = (journal as unknown as { opts: { dir: string } }).opts.dir
    expect(logFiles(dir).length).toBeGreaterThan(2)
    expect(journal.pending).toBe(24)
    const moved = journal.take(10)
    expect(moved.map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1))
    journal.consume()
    expect(journal.take(100).map((r) => r.seq)).toEqual(Array.from({ length: 14 }, (_, i) => i + 11))
    journal.consume()
    expect(journal.pending).toBe(0)
    expect(logFiles(dir), 'only the segment being written remains').toHaveLength(1)
    await journal.close()
    expect(logFiles(dir)).toEqual([])
  })

  it('answers a failed write with ERR_STORE_UNAVAILABLE, keeps what was written before it, and writes the next batch to a new segment', async () => {
    const journal = new InboxJournal({ dir: temp.file('failing'), durable: false, nextSeq: 1 })
    await journal.append([delivery(1)], none)
    // the segment's descriptor now refuses writes (as a full or failing disk would) but still reads
    const current = (journal as unknown as { current: { fd: number; path: string } }).current
    closeSync(current.fd)
    current.fd = openSync(current.path, 'r')
    await expect(journal.append([delivery(2, 'k2')], none)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' })
    expect(await journal.append([delivery(3, 'k2')], none), 'the failed delivery\'s dedupe key is free again').toEqual([{ seq: 3, duplicate: false }])
    expect(journal.pending).toBe(2)
    expect(journal.take(10).map((r) => r.seq), 'the delivery written before the failure is kept').toEqual([1, 3])
  })

  it('finds whole frames and stops at a torn or damaged one', () => {
    const frames = [1, 2, 3].map((seq) => encodeFrame(record(seq)))
    const whole = Buffer.concat(frames)
    expect(scanFrames(whole).records.map((r) => r.seq)).toEqual([1, 2, 3])
    expect(scanFrames(whole.subarray(0, whole.length - 1))).toMatchObject({ validBytes: frames[0].length + frames[1].length })
    const flipped = Buffer.from(whole)
    flipped[frames[0].length + 20] ^= 0xff
    expect(scanFrames(flipped).records.map((r) => r.seq)).toEqual([1])
    expect(scanFrames(whole).records[0]).toEqual(record(1))
  })
})
