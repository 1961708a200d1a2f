import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, unlinkSync, writeSync } from 'node:fs'
import path from 'node:path'
import { CartwireError } from '../../sdk/errors.js'
import type { AppendResult, NewDelivery } from '../contract.js'
import { storedHeaders } from '../shared/intake-ops.js'
import { decodeFrame, encodeFrame, scanFrames, type JournalRecord } from './journal-frames.js'
import { WalSyncer } from './wal-syncer.js'

/** A segment file: `<first seq, 16 digits>.log` in the journal folder. */
interface Segment {
  path: string
  fd: number
  /** bytes written or being written; the next batch's offset */
  size: number
  /** records in it not yet moved into the deliveries table */
  unmoved: number
  syncer: WalSyncer | undefined
}

/** Where a written, not yet moved record's frame is. */
interface Located {
  seq: number
  segment: Segment
  offset: number
  length: number
  dedupeKey: string | null
}

export interface InboxJournalOptions {
  /** the journal's folder (the database path + `-inbox`) */
  dir: string
  /** fdatasync each batch before it is acknowledged (synchronous 'full') */
  durable: boolean
  /** the first seq this journal hands out */
  nextSeq: number
  /** a segment this large gets no more batches. @default 32 MiB */
  segmentBytes?: number
}

/**
 * The sqlite store's inbox journal: how an acknowledged webhook becomes durable without a database
 * write on the request path. A batch of deliveries (one group commit) is framed (journal-frames.ts)
 * and written to the end of a segment file with ONE write — a copy into the page cache, a few µs per
 * delivery, done on the event loop because a trip through libuv's thread pool costs more latency than
 * the copy — then (synchronous 'full') fdatasync'd on the thread pool, one sync shared by every batch
 * written before it started (wal-syncer.ts); only then does its promise settle and the 202 go out. An
 * INSERT of the same row into the deliveries table costs the loop several times more (4 KiB bodies span
 * overflow pages and three indexes); `npm run bench:peers` reports what intake reaches.
 *
 * The deliveries table stays the system of record: decoding claims from it, and the store moves
 * journaled records into it (`take` → insert in a store transaction that also records
 * `inbox.journal.movedThrough` → `consume`), in seq order, before each claim. Seqs are handed out
 * here, for journaled and directly inserted deliveries (poll pages) alike, and a claim never passes
 * the lowest seq not yet moved (`claimBelow`), so the inbox is decoded in the order it was received.
 *
 * After a crash, `recoverJournal` reads every segment at open: records past `movedThrough` are moved,
 * a torn last frame (never acknowledged) is ignored, and the files are removed. Duplicates are found at
 * append time, among records not yet moved (`seen`) and in the table (the caller's lookup).
 */
export class InboxJournal {
  private next: number
  private current: Segment | undefined
  private readonly segments = new Set<Segment>()
  /** written, not yet moved, in seq order from `head` */
  private written: Located[] = []
  private head = 0
  /** handed to a move that has not committed yet */
  private taken = 0
  private readonly pendingKeys = new Map<string, number>()
  private closed = false
  private readonly segmentBytes: number

  constructor(private readonly opts: InboxJournalOptions) {
    mkdirSync(opts.dir, { recursive: true })
    this.next = opts.nextSeq
    this.segmentBytes = opts.segmentBytes ?? 32 * 2 ** 20
  }

  /** A seq for a delivery inserted directly (a poll page), in the same order as journaled ones. */
  nextSeq(): number {
    return this.next++
  }

  /** The lowest seq not yet in the deliveries table (a claim stays below it), or MAX_SAFE_INTEGER. */
  claimBelow(): number {
    return this.written[this.head]?.seq ?? Number.MAX_SAFE_INTEGER
  }

  /** Deliveries written (acknowledged, or about to be once synced) that are not in the deliveries table yet. */
  get pending(): number {
    return this.written.length - this.head
  }

  /**
   * One group commit. A delivery whose dedupe key was seen (not yet moved, earlier in this batch, or in
   * the table per `findMoved`) is not written again and answers with the first one's seq.
   */
  append(items: readonly NewDelivery[], findMoved: (dedupeKey: string) => number | undefined): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new CartwireError('ERR_STORE_UNAVAILABLE', 'the store is closed'))
    const results: AppendResult[] = []
    const frames: Buffer[] = []
    const located: Located[] = []
    const segment = this.segmentForWrite()
    const start = segment.size
    for (const item of items) {
      const dedupeKey = item.dedupeKey ?? null
      if (dedupeKey !== null) {
        const seen = this.pendingKeys.get(dedupeKey) ?? findMoved(dedupeKey)
        if (seen !== undefined) {
          results.push({ seq: seen, duplicate: true })
          continue
        }
      }
      const seq = this.next++
      const frame = encodeFrame({ seq, connection: item.connection, source: item.source, receivedAt: item.receivedAt, headers: storedHeaders(item.headers), dedupeKey, body: item.body })
      located.push({ seq, segment, offset: segment.size, length: frame.length, dedupeKey })
      segment.size += frame.length
      if (dedupeKey !== null) this.pendingKeys.set(dedupeKey, seq)
      frames.push(frame)
      results.push({ seq, duplicate: false })
    }
    if (located.length === 0) return Promise.resolve(results)
    segment.unmoved += located.length
    const bytes = frames.length === 1 ? frames[0] : Buffer.concat(frames)
    try {
      let done = 0
      while (done < bytes.length) done += writeSync(segment.fd, bytes, done, bytes.length - done, start + done)
    } catch (error) {
      this.dropped(located, start)
      return Promise.reject(unavailable(error))
    }
    for (const at of located) this.written.push(at)
    if (!segment.syncer) return Promise.resolve(results)
    return segment.syncer.sync().then(
      () => results,
      (error: unknown) => {
        throw unavailable(error)
      },
    )
  }

  /** Up to `limit` written records, read back from their segments, for a move; `consume` or `untake` follows. */
  take(limit: number): JournalRecord[] {
    const from = this.head + this.taken
    const slice = this.written.slice(from, from + limit)
    this.taken += slice.length
    return slice.map((at) => {
      const frame = Buffer.allocUnsafe(at.length)
      readSync(at.segment.fd, frame, 0, at.length, at.offset)
      return decodeFrame(frame)
    })
  }

  /** The move of everything taken committed: those records are in the deliveries table now. */
  consume(): void {
    for (let i = 0; i < this.taken; i++) {
      const at = this.written[this.head + i]
      if (at.dedupeKey !== null && this.pendingKeys.get(at.dedupeKey) === at.seq) this.pendingKeys.delete(at.dedupeKey)
      at.segment.unmoved--
      this.retireIfDone(at.segment)
    }
    this.head += this.taken
    this.taken = 0
    if (this.head > 4096 && this.head * 2 > this.written.length) {
      this.written = this.written.slice(this.head)
      this.head = 0
    }
  }

  /** The move failed (rolled back): the taken records are taken again by the next one. */
  untake(): void {
    this.taken = 0
  }

  /** After the last move: no more appends; empty segments are removed, the rest kept for recovery. */
  close(): void {
    this.closed = true
    for (const segment of this.segments) this.retire(segment, segment.unmoved === 0)
    this.current = undefined
  }

  private segmentForWrite(): Segment {
    const current = this.current
    if (current && current.size < this.segmentBytes) return current
    const file = path.join(this.opts.dir, `${String(this.next).padStart(16, '0')}.log`)
    const segment: Segment = { path: file, fd: openSync(file, 'w+'), size: 0, unmoved: 0, syncer: this.opts.durable ? new WalSyncer(file) : undefined }
    this.segments.add(segment)
    this.current = segment
    if (current) this.retireIfDone(current)
    return segment
  }

  private dropped(located: Located[], start: number): void {
    const segment = located[0].segment
    segment.unmoved -= located.length
    for (const at of located) if (at.dedupeKey !== null && this.pendingKeys.get(at.dedupeKey) === at.seq) this.pendingKeys.delete(at.dedupeKey)
    try {
      // a partial frame must not sit before frames written later: cut it off
      ftruncateSync(segment.fd, start)
    } catch {
      // the recovery scan stops at a damaged frame anyway
    }
    // no batch is written to a segment after a failed write: the next one starts a new segment
    this.current = undefined
    this.retireIfDone(segment)
  }

  /** A segment no batch will be written to, with everything in it moved, is closed and removed. */
  private retireIfDone(segment: Segment): void {
    if (segment !== this.current && segment.unmoved === 0) this.retire(segment, true)
  }

  private retire(segment: Segment, remove: boolean): void {
    if (!this.segments.delete(segment)) return
    void segment.syncer?.close()
    closeSync(segment.fd)
    if (remove) unlinkSync(segment.path)
  }
}

function unavailable(error: unknown): CartwireError {
  return error instanceof CartwireError ? error : new CartwireError('ERR_STORE_UNAVAILABLE', `the inbox journal could not be written: ${(error as Error).message}`, { cause: error })
}

/**
 * The journal a previous process left: every whole record past `movedThrough`, in seq order, and the
 * segment files (removed by the caller once those records are in the deliveries table).
 */
export function recoverJournal(dir: string, movedThrough: number): { records: JournalRecord[]; files: string[] } {
  let names: string[]
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.log')).sort()
  } catch {
    return { records: [], files: [] }
  }
  const records: JournalRecord[] = []
  for (const name of names) records.push(...scanFrames(readFileSync(path.join(dir, name))).records.filter((r) => r.seq > movedThrough))
  records.sort((a, b) => a.seq - b.seq)
  return { records, files: names.map((name) => path.join(dir, name)) }
}
