import { CartwireError } from '../../sdk/errors.js'
import { SCHEMA_VERSION, type LowdbData } from './data.js'

/**
 * Ordered migrations of the JSON document, each from `version - 1` to `version`. A new document is
 * created at SCHEMA_VERSION; never edit a released migration: add one.
 */
interface Migration {
  version: number
  name: string
  up(data: Record<string, any>): void
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'ledger effect (own writes) and run triggerSeq',
    up(data) {
      for (const entry of Object.values<Record<string, unknown>>(data.ledger ?? {})) entry.effect ??= null
      for (const run of Object.values<Record<string, unknown>>(data.runs ?? {})) {
        run.triggerSeq ??= data.events?.[run.eventId as string]?.versionSeq ?? null
      }
    },
  },
  {
    version: 2,
    name: 'settings (paused rules, schedule ticks)',
    up(data) {
      data.settings ??= {}
    },
  },
]

/** Brings `data` to SCHEMA_VERSION in place; true when it changed. Refuses a newer document. */
export function migrateData(data: LowdbData, path: string, onMigration?: (step: { version: number; name: string; index: number; total: number }) => void): boolean {
  const current = data.schemaVersion ?? 0
  if (current > SCHEMA_VERSION) {
    throw new CartwireError('ERR_STORE_SCHEMA', `${path} has schema version ${current}; this cartwire knows up to ${SCHEMA_VERSION}`)
  }
  if (current === SCHEMA_VERSION) return false
  const pending = MIGRATIONS.filter((m) => m.version > current)
  for (const migration of pending) {
    onMigration?.({ version: migration.version, name: migration.name, index: pending.indexOf(migration), total: pending.length })
    migration.up(data as unknown as Record<string, any>)
    data.schemaVersion = migration.version
  }
  return true
}
