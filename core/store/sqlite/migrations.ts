import type { Database } from 'better-sqlite3'
import { CartwireError } from '../../sdk/errors.js'
import { SCHEMA_V0 } from './schema-v0.js'

/**
 * Ordered migrations. A new store runs them all; an older one runs those above its `schema_version`,
 * each in its own transaction with the version bump. Never edit a released migration: add one.
 */
interface Migration {
  version: number
  name: string
  up(db: Database): void
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 0, name: 'base schema', up: (db) => db.exec(SCHEMA_V0) },
  {
    version: 1,
    name: 'ledger effect (own writes) and run trigger_seq',
    up: (db) =>
      db.exec(`
        ALTER TABLE ledger ADD COLUMN effect TEXT;
        CREATE INDEX ledger_own_writes ON ledger (res_connection, res_kind, res_id, updated_at) WHERE effect IS NOT NULL;
        ALTER TABLE runs ADD COLUMN trigger_seq INTEGER;
        UPDATE runs SET trigger_seq = (SELECT version_seq FROM events WHERE events.id = runs.event_id);
      `),
  },
  {
    version: 2,
    name: 'settings (paused rules, schedule ticks)',
    up: (db) => db.exec('CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);'),
  },
]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

/** Told before each migration runs (`cartwire migrate` shows progress with it). */
export type MigrationListener = (step: { version: number; name: string; index: number; total: number }) => void

/** -1 for an empty database. */
export function readSchemaVersion(db: Database): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get()
  if (!table) return -1
  const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").get()
  return row ? Number(row.value) : -1
}

/** Refuses a database written by a newer cartwire (before anything else touches it). */
export function assertNotNewer(db: Database, path: string): number {
  const current = readSchemaVersion(db)
  if (current > SCHEMA_VERSION) {
    throw new CartwireError('ERR_STORE_SCHEMA', `${path} has schema version ${current}; this cartwire knows up to ${SCHEMA_VERSION}`)
  }
  return current
}

/**
 * Brings the database to SCHEMA_VERSION. Each step re-reads the version inside its (immediate)
 * transaction, so two processes opening a new file at once apply every migration once.
 */
export function migrate(db: Database, opts: { readonly: boolean; path: string; onMigration?: MigrationListener }): void {
  const current = assertNotNewer(db, opts.path)
  if (current === SCHEMA_VERSION) return
  if (opts.readonly) {
    throw new CartwireError('ERR_STORE_SCHEMA', `${opts.path} has schema version ${current} and needs migrating to ${SCHEMA_VERSION}; open it read-write once (cartwire migrate)`)
  }
  const pending = MIGRATIONS.filter((m) => m.version > current)
  for (const migration of MIGRATIONS) {
    db.transaction(() => {
      if (readSchemaVersion(db) >= migration.version) return
      opts.onMigration?.({ version: migration.version, name: migration.name, index: pending.indexOf(migration), total: pending.length })
      migration.up(db)
      db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(migration.version))
    }).immediate()
  }
}
