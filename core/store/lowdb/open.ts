/**
 * The lowdb store: the whole state in one JSON document (tests, `cartwire simulate`, tiny setups).
 *
 * Limits of the JSON-file mode (`path` given), by design:
 * - every write rewrites the whole file (lowdb's steno writer: temp file + rename), so a commit costs
 *   O(size of the store): measured ~190 ms per operation with 10k orders (a 14 MB file), against
 *   ~0.03 ms in memory. Fine for a few hundred resources and tests; an inbox or a 100k-row ledger
 *   belongs in sqlite. The file is compact JSON (lowdb's DataFile, the base of JSONFile, without
 *   JSONFile's indentation: a third less to serialize and write); `jq .` reads it;
 * - the state lives in memory; one process per file (there is no lock: two daemons on one file lose
 *   each other's writes);
 * - an operation is applied in memory (atomically, see journal.ts) before its write; if the write itself
 *   fails (disk full), the operation's promise rejects but memory keeps the change until restart.
 * Without `path` (the Memory adapter) nothing is written anywhere.
 */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Low, Memory } from 'lowdb'
import { DataFile } from 'lowdb/node'
import { systemClock, type Clock } from '../../sdk/clock.js'
import { CartwireError } from '../../sdk/errors.js'
import type { Store } from '../contract.js'
import { createStore } from '../shared/create-store.js'
import type { StoreDriver, StoreTx } from '../shared/tx.js'
import { emptyData, type LowdbData } from './data.js'
import { eventRepo } from './events.js'
import { exceptionRepo } from './exceptions.js'
import { executionRepo } from './execution.js'
import { intakeRepo } from './intake.js'
import { settingsRepo } from './settings.js'
import { Journal } from './journal.js'
import { migrateData } from './migrations.js'
import { pruneRepo } from './prune.js'

export interface LowdbStoreOptions {
  /** a JSON file, rewritten on every operation; omitted: in memory only */
  path?: string
  /** stamps the operations whose signature has no time. @default systemClock */
  clock?: Clock
  /** refuse every write (validate, simulate, plan on a file store). @default false */
  readonly?: boolean
  /** told before each migration the open runs */
  onMigration?: (step: { version: number; name: string; index: number; total: number }) => void
}

export async function openLowdbStore(opts: LowdbStoreOptions = {}): Promise<Store> {
  if (opts.path) mkdirSync(dirname(resolve(opts.path)), { recursive: true })
  const adapter = opts.path
    ? new DataFile<LowdbData>(opts.path, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) })
    : new Memory<LowdbData>()
  const low = new Low<LowdbData>(adapter, emptyData())
  await low.read()
  if (migrateData(low.data, opts.path ?? 'memory', opts.onMigration) && !opts.readonly) await low.write()
  const data = low.data
  const journal = new Journal()
  const tx: StoreTx = {
    ...intakeRepo(data, journal), ...eventRepo(data, journal), ...executionRepo(data, journal), ...exceptionRepo(data, journal),
    ...pruneRepo(data, journal), ...settingsRepo(data, journal),
  }
  let closed = false
  const ensureOpen = (): void => {
    if (closed) throw new CartwireError('ERR_INTERNAL', 'the lowdb store is closed')
  }
  const driver: StoreDriver = {
    driver: 'lowdb',
    async write<T>(fn: (t: StoreTx) => T): Promise<T> {
      ensureOpen()
      if (opts.readonly) throw new CartwireError('ERR_STORE_READONLY', `the store at ${opts.path ?? 'memory'} is open read-only`)
      let result: T
      try {
        result = fn(tx)
        journal.commit()
      } catch (e) {
        journal.rollback()
        throw e
      }
      await low.write()
      return result
    },
    async read<T>(fn: (t: StoreTx) => T): Promise<T> {
      ensureOpen()
      return fn(tx)
    },
    schemaVersion: async () => data.schemaVersion,
    async close() {
      closed = true
    },
  }
  return createStore(driver, opts.clock ?? systemClock)
}
