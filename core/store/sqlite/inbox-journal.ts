import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, unlinkSync, write } from 'node:fs'
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
  /** a write to it failed: no more writes go to it (the next batch starts a new segment) */
  broken: boolean
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
 * and appended to a segment file with ONE positional write on libuv's thread pool, then (synchronous
 * 'full') fdatasync'd; only then does its promise settle and the 202 go out. The event loop spends
 * microseconds per delivery here, where an INSERT of a 4 KiB row costs ~25 µs of the loop's time.
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
  /** batches being written: first seq → count, in seq order */
  private readonly inFlight = new Map<number, number>()
  private inFlightRecords = 0
  private readonly pendingKeys = new Map<string, number>()
  private tail: Promise<void> = Promise.resolve()
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
    const written = this.written[this.head]?.seq
    const flying = this.inFlight.keys().next().value
    return Math.min(written ?? Number.MAX_SAFE_INTEGER, flying ?? Number.MAX_SAFE_INTEGER)
  }

  /** Deliveries acknowledged or being acknowledged that are not in the deliveries table yet. */
  get pending(): number {
    return this.written.length - this.head + this.inFlightRecords
  }

  /** Written records a move can take now. */
  get movable(): number {
    return this.written.length - this.head - this.taken
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
    const first = located[0].seq
    this.inFlight.set(first, located.length)
    this.inFlightRecords += located.length
    const bytes = frames.length === 1 ? frames[0] : Buffer.concat(frames)
    // batches are written one after another, each at its own offset, so file order is seq order
    const written = this.tail.then(() => (segment.broken ? Promise.reject(new CartwireError('ERR_STORE_UNAVAILABLE', 'an earlier inbox journal write failed')) : writeAt(segment.fd, bytes, start)))
    this.tail = written.catch(() => undefined)
    return written.then(
      async () => {
        this.landed(first, located)
        if (this.opts.durable) await segment.syncer!.sync()
        return results
      },
      (error: unknown) => {
        this.dropped(first, located, start)
        throw error instanceof CartwireError ? error : new CartwireError('ERR_STORE_UNAVAILABLE', `the inbox journal could not be written: ${(error as Error).message}`, { cause: error })
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

  /** Waits for every batch being written. */
  async settled(): Promise<void> {
    await this.tail
  }

  /** After the last move: no more appends; empty segments are removed, the rest kept for recovery. */
  async close(): Promise<void> {
    this.closed = true
    await this.tail
    for (const segment of this.segments) this.retire(segment, segment.unmoved === 0)
    this.current = undefined
  }

  private segmentForWrite(): Segment {
    const current = this.current
    if (current && !current.broken && current.size < this.segmentBytes) return current
    const file = path.join(this.opts.dir, `${String(this.next).padStart(16, '0')}.log`)
    const segment: Segment = { path: file, fd: openSync(file, 'w+'), size: 0, unmoved: 0, broken: false, syncer: this.opts.durable ? new WalSyncer(file) : undefined }
    this.segments.add(segment)
    this.current = segment
    if (current) this.retireIfDone(current)
    return segment
  }

  private landed(first: number, located: Located[]): void {
    this.inFlight.delete(first)
    this.inFlightRecords -= located.length
    for (const at of located) this.written.push(at)
  }

  private dropped(first: number, located: Located[], start: number): void {
    this.inFlight.delete(first)
    this.inFlightRecords -= located.length
    const segment = located[0].segment
    segment.unmoved -= located.length
    for (const at of located) if (at.dedupeKey !== null && this.pendingKeys.get(at.dedupeKey) === at.seq) this.pendingKeys.delete(at.dedupeKey)
    if (!segment.broken) {
      segment.broken = true
      try {
        // a partial frame must not sit before frames written later: cut it off; later batches go elsewhere
        ftruncateSync(segment.fd, start)
      } catch {
        // the recovery scan stops at a damaged frame anyway
      }
    }
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

/** Writes all of `bytes` at `position` (the thread pool may write less than asked). */
function writeAt(fd: number, bytes: Buffer, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (done: number) => {
      write(fd, bytes, done, bytes.length - done, position + done, (error, n) => {
        if (error) return reject(error)
        if (done + n < bytes.length) return step(done + n)
        resolve()
      })
    }
    step(0)
  })
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
