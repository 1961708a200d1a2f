import type { Runtime } from '../engine/runtime.js'
import type { PollPage } from '../sdk/connector.js'
import { CartwireError, wrapPluginError } from '../sdk/errors.js'

export interface WalkResult {
  pages: number
  items: number
}

/**
 * One polling walk (SEMANTICS.md §11). Every page goes to the inbox as it arrives; the cursor moves
 * only when the walk completes — it is stored with the last page, in the same transaction — so a walk
 * cut short by a crash or an error is simply walked again from the old cursor.
 */
export async function pollWalk(rt: Runtime, connectionId: string, signal: AbortSignal = new AbortController().signal): Promise<WalkResult> {
  const connection = rt.connections.get(connectionId)
  if (!connection) throw new CartwireError('ERR_UNKNOWN_CONNECTION', `no connection "${connectionId}"`)
  if (!connection.instance.poll) return { pages: 0, items: 0 }
  const state = await rt.store.ensureConnection(connectionId, rt.clock.now())
  const result: WalkResult = { pages: 0, items: 0 }
  let held: PollPage | undefined
  const store = (page: PollPage, final: boolean) =>
    rt.store.applyPollPage({ connection: connectionId, receivedAt: new Date(rt.clock.now()).toISOString(), items: page.items, ...(final && { cursor: page.cursor }) })
  try {
    for await (const page of connection.instance.poll(state.cursor, signal)) {
      if (held) await store(held, false)
      held = page
      result.pages++
      result.items += page.items.length
    }
  } catch (e) {
    throw wrapPluginError(e, { plugin: connection.definition.name, connection: connectionId })
  }
  if (held) await store(held, true)
  return result
}
