import type { EventType } from '../../core/sdk/events.js'
import type { Store, StoredEvent } from '../../core/store/contract.js'

/** No vitest import here: child processes of the crash tests load the harness that uses it. */

/** Every stored event, or those of one type, in store order. */
export function eventsOf(store: Store, type?: string): Promise<StoredEvent[]> {
  return store.listEvents({ ...(type && { type: type as EventType }), limit: 1_000_000 })
}
