import type { Clock } from '../sdk/clock.js'
import { CartwireError } from '../sdk/errors.js'
import type { Store } from './contract.js'
import { openLowdbStore } from './lowdb/open.js'
import type { LockHolder } from './sqlite/lock.js'
import type { MigrationListener } from './sqlite/migrations.js'
import { openSqliteStore } from './sqlite/open.js'

/** `config.store` after validation (paths already resolved against the config file's folder). */
export type StoreConfig =
  | { driver: 'sqlite'; path: string; synchronous?: 'full' | 'normal' }
  | { driver: 'lowdb'; path?: string }
  | { driver: 'postgres'; url: string }

export interface OpenStoreOptions {
  /** @default systemClock */
  clock?: Clock
  /** validate, test, simulate, plan: no lock, writes refused. @default false */
  readonly?: boolean
  /** sqlite: take the single-daemon lock. @default true unless readonly */
  lock?: boolean
  /** sqlite: who the lock names. @default this process */
  holder?: LockHolder
  /** told before each migration the open runs (`cartwire migrate` shows progress) */
  onMigration?: MigrationListener
}

/** Opens the configured store driver. */
export async function openStore(config: StoreConfig, opts: OpenStoreOptions = {}): Promise<Store> {
  switch (config.driver) {
    case 'sqlite':
      return openSqliteStore({ path: config.path, synchronous: config.synchronous, ...opts })
    case 'lowdb':
      return openLowdbStore({ path: config.path, clock: opts.clock, readonly: opts.readonly, onMigration: opts.onMigration })
    case 'postgres':
      throw new CartwireError('ERR_CONFIG', 'postgres driver arrives in a later release')
  }
}
