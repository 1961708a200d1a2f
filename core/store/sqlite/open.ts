import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { systemClock, type Clock } from '../../sdk/clock.js'
import { CartwireError } from '../../sdk/errors.js'
import type { Store } from '../contract.js'
import { createStore } from '../shared/create-store.js'
import type { StoreDriver, StoreTx } from '../shared/tx.js'
import { applyRepo } from './apply.js'
import { exceptionRepo } from './exceptions.js'
import { executionRepo } from './execution.js'
import { intakeRepo } from './intake.js'
import type { InboxJournal } from './inbox-journal.js'
import type { JournalRecord } from './journal-frames.js'
import { journaled, openJournal } from './journaled.js'
import { settingsRepo } from './settings.js'
import { WalSyncer } from './wal-syncer.js'
import { WriteBatcher } from './write-batcher.js'
import { ledgerRepo } from './ledger.js'
import { currentHolder, StoreLock, type LockHolder } from './lock.js'
import { assertNotNewer, migrate, readSchemaVersion, type MigrationListener } from './migrations.js'
import { pruneRepo } from './prune.js'
import { countsRepo } from './reads.js'

export interface SqliteStoreOptions {
  /** the database file; its folder is created when missing */
  path: string
  /** `full` survives power loss, `normal` process death only (SEMANTICS.md §3). @default 'full' */
  synchronous?: 'full' | 'normal'
  /** for validate, test, simulate, plan: no lock, no migration, every write refused. @default false */
  readonly?: boolean
  /** take the single-daemon lock. @default true unless readonly */
  lock?: boolean
  /** who the lock names. @default this process's pid and host */
  holder?: LockHolder
  /** stamps lock heartbeats and the operations whose signature has no time. @default systemClock */
  clock?: Clock
  /** how often the lock's heartbeat is refreshed in the background; 0: only by `heartbeat()`. @default 10000 */
  heartbeatMs?: number
  /** how long a write waits for another connection's transaction, without blocking the event loop. @default 5000 */
  busyTimeoutMs?: number
  /** told before each migration the open runs */
  onMigration?: MigrationListener
}

export interface SqliteStore extends Store {
  readonly driver: 'sqlite'
  readonly path: string
  /** refreshes the lock's heartbeat; throws ERR_STORE_LOCKED when another process took the lock over */
  heartbeat(): Promise<void>
  /** the connection's effective settings (doctor output, tests) */
  /** `synchronous` is sqlite's own setting (always normal); `durability` what durable operations get */
  pragmas(): { journalMode: string; synchronous: 'off' | 'normal' | 'full' | 'extra'; busyTimeout: number; durability: 'full' | 'normal' }
}

const SYNCHRONOUS = ['off', 'normal', 'full', 'extra'] as const
/** sqlite's own (blocking) busy wait once the store is open: brief contention only */
const SYNC_BUSY_MS = 10

/**
 * The embedded default store: better-sqlite3 in WAL mode. Every operation is one transaction (writes
 * BEGIN IMMEDIATE, so a second connection waits on busy_timeout instead of failing an upgrade), over
 * statements prepared once at open.
 */
export async function openSqliteStore(opts: SqliteStoreOptions): Promise<SqliteStore> {
  const readonly = opts.readonly ?? false
  const clock = opts.clock ?? systemClock
  const path = opts.path
  if (!readonly && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true })
  let db: Database.Database
  try {
    db = new Database(path, { readonly, fileMustExist: readonly })
  } catch (e) {
    throw new CartwireError('ERR_CONFIG', `cannot open the store at ${path}: ${(e as Error).message}`, { cause: e })
  }
  let lock: StoreLock | undefined
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`)
    if (!readonly) db.pragma('journal_mode = WAL')
    // 'full' is kept by syncing the WAL off the event loop for durable operations (wal-syncer.ts);
    // the connection itself never fsyncs at commit
    db.pragma('synchronous = NORMAL')
    // a new file gets its schema (and lock table) first; an existing store migrates only under the lock
    if (assertNotNewer(db, path) < 0) migrate(db, { readonly, path, onMigration: opts.onMigration })
    if (opts.lock ?? !readonly) lock = StoreLock.acquire(db, { holder: opts.holder ?? currentHolder(), clock, path })
    migrate(db, { readonly, path, onMigration: opts.onMigration })
    const durability = opts.synchronous ?? 'full'
    // from here on a write that finds another connection's lock waits between turns of the event loop
    // (write-batcher.ts), not inside sqlite's busy handler, which would stall every webhook ack with it
    db.pragma(`busy_timeout = ${SYNC_BUSY_MS}`)
    return assemble(db, { path, readonly, clock, lock, heartbeatMs: opts.heartbeatMs ?? 10_000, durability, busyMs: opts.busyTimeoutMs ?? 5000 })
  } catch (e) {
    lock?.release()
    db.close()
    throw e
  }
}

function assemble(
  db: Database.Database,
  o: { path: string; readonly: boolean; clock: Clock; lock: StoreLock | undefined; heartbeatMs: number; durability: 'full' | 'normal'; busyMs: number },
): SqliteStore {
  let journal: InboxJournal | undefined
  const intake = intakeRepo(db, () => journal)
  const tx: StoreTx = {
    ...intake, ...applyRepo(db), ...executionRepo(db), ...ledgerRepo(db), ...exceptionRepo(db), ...countsRepo(db), ...pruneRepo(db), ...settingsRepo(db),
  }
  const writeTx = db.transaction((fn: (t: StoreTx) => unknown) => {
    o.lock?.check()
    return fn(tx)
  })
  // A delivery lease in the file belongs to a process that no longer holds the single-daemon lock (it
  // died, or was taken over and can no longer write); decoding has no outside effect, so its claim is
  // void. Left in place, claims would pass those deliveries until the lease ran out and apply later ones
  // of the same resource first: the inbox would no longer be decoded in the order it was received (and
  // a later version stored as a resource's first snapshot derives no update event).
  if (o.lock) intake.releaseLeases()
  const insert = (r: JournalRecord) => intake.insertWithSeq({ ...r, state: 'pending', leaseOwner: null, leaseUntil: null })
  // an in-memory or read-only store has no journal: appends insert rows directly
  if (!o.readonly && o.path !== ':memory:') journal = openJournal(db, tx, insert, { path: o.path, durable: o.durability === 'full' })
  const beat = (): void => {
    try {
      o.lock?.heartbeat()
    } catch {
      // a lost lock is reported by the next write, which refuses
    }
  }
  const timer = o.lock && o.heartbeatMs > 0 ? setInterval(beat, o.heartbeatMs) : undefined
  timer?.unref()
  const syncer = o.durability === 'full' && o.path !== ':memory:' && !o.readonly ? new WalSyncer(`${o.path}-wal`) : undefined
  const batcher = new WriteBatcher(db, writeTx, syncer && (() => syncer.sync()), o.busyMs)
  const driver: StoreDriver = {
    driver: 'sqlite',
    async write<T>(fn: (t: StoreTx) => T, opts?: { durable?: boolean }): Promise<T> {
      if (o.readonly) throw new CartwireError('ERR_STORE_READONLY', `the store at ${o.path} is open read-only`)
      return batcher.write(fn, opts?.durable)
    },
    // reads are single statements (or a few whose consistency does not matter, like counts): autocommit
    // gives each its own snapshot without the cost of BEGIN/COMMIT around it
    read: async <T>(fn: (t: StoreTx) => T): Promise<T> => fn(tx),
    schemaVersion: async () => readSchemaVersion(db),
    async close() {
      if (timer) clearInterval(timer)
      await batcher.drain()
      await syncer?.close()
      if (!db.open) return
      if (o.lock) {
        try {
          o.lock.release()
        } catch {
          // closing anyway; a stale lock is taken over after its heartbeat ages
        }
      }
      db.close()
    },
  }
  const store = createStore(driver, o.clock)
  return {
    ...(journal ? journaled(store, journal, driver, tx, insert, () => o.lock?.check()) : store),
    driver: 'sqlite',
    path: o.path,
    async heartbeat() {
      o.lock?.heartbeat()
    },
    pragmas: () => ({
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: SYNCHRONOUS[Number(db.pragma('synchronous', { simple: true }))] ?? 'full',
      durability: o.durability,
      busyTimeout: o.busyMs,
    }),
  }
}
