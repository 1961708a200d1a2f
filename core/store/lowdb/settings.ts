import type { StoreTx } from '../shared/tx.js'
import { copy, type LowdbData } from './data.js'
import type { Journal } from './journal.js'

/** Small durable settings (paused rules, last schedule ticks). */
export function settingsRepo(data: LowdbData, j: Journal): Pick<StoreTx, 'getSetting' | 'putSetting'> {
  return {
    getSetting: (key) => (Object.hasOwn(data.settings, key) ? copy(data.settings[key]) : undefined),
    putSetting(key, value) {
      if (value === null) j.delete(data.settings, key)
      else j.set(data.settings, key, copy(value))
    },
  }
}
