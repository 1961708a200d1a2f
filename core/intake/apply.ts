import type { LiveConnection, Runtime } from '../engine/runtime.js'
import type { FetchResult } from '../sdk/connector.js'
import type { ResourceRef } from '../sdk/events.js'
import type { ApplyHandlers, ApplyResult, IncomingItem } from '../store/contract.js'

/** How many fetch rounds one delivery may need (a tie, then a tie again, …) before it is left for later. */
const MAX_FETCH_ROUNDS = 3

export function fetchedItem(result: FetchResult, origin: 'fetch' | 'wait'): IncomingItem {
  return 'gone' in result ? { gone: result.gone, origin } : { snapshot: result, origin }
}

export async function fetchRef(connection: LiveConnection, ref: ResourceRef): Promise<FetchResult> {
  if (!connection.instance.fetch) throw new Error(`connector ${connection.definition.name} has no fetch`)
  return connection.instance.fetch(ref)
}

/**
 * Applies items through change detection and acks `ack` in the same transaction. Ties and payloads after
 * a tombstone are resolved by the connector's `fetch` outside the store operation (current state is
 * authoritative), then applied with the ack (SEMANTICS.md §1). Returns every round's result.
 */
export async function applyItems(rt: Runtime, handlers: ApplyHandlers, connection: LiveConnection, items: IncomingItem[], ack: number[], receivedAt: string): Promise<ApplyResult[]> {
  const canFetch = typeof connection.instance.fetch === 'function'
  const apply = (batch: IncomingItem[]) => rt.store.applySnapshots({ connection: connection.id, now: rt.clock.now(), receivedAt, items: batch, ack, canFetch }, handlers)
  const results = [await apply(items)]
  for (let round = 0; results[results.length - 1].needsFetch.length > 0; round++) {
    if (round >= MAX_FETCH_ROUNDS) throw new Error(`still needs fetch after ${MAX_FETCH_ROUNDS} rounds`)
    const fetched: IncomingItem[] = []
    for (const need of results[results.length - 1].needsFetch) fetched.push(fetchedItem(await fetchRef(connection, need.ref), 'fetch'))
    results.push(await apply(fetched))
  }
  return results
}
