import type { Database } from 'better-sqlite3'
import type { JsonValue } from '../../sdk/connector.js'
import type { StoreTx } from '../shared/tx.js'

/** Small durable settings (paused rules, last schedule ticks): the `settings` table, JSON values. */
export function settingsRepo(db: Database): Pick<StoreTx, 'getSetting' | 'putSetting'> {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
  const put = db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  const del = db.prepare<[string]>('DELETE FROM settings WHERE key = ?')
  return {
    getSetting(key) {
      const row = get.get(key)
      return row ? (JSON.parse(row.value) as JsonValue) : undefined
    },
    putSetting(key, value) {
      if (value === null) del.run(key)
      else put.run(key, JSON.stringify(value))
    },
  }
}
