import { createHash } from 'node:crypto'
import { CartwireError, type ActionContext, type ProbeResult } from '../../../core/sdk/index.js'
import type { ShopifyApi } from '../api.js'
import { assertNoUserErrors } from '../graphql.js'
import { gid } from '../normalize-parts.js'
import { ORDER_NOTE, ORDER_UPDATE_NOTE } from '../queries.js'

interface NoteParams {
  orderId: string
  note: string
}

/** `[cw:…]`: 12 characters of a hash of the step's downstream key (edit-and-retry gives a new one). */
export function noteMarker(key: string): string {
  return `[cw:${createHash('sha256').update(key).digest('base64url').slice(0, 12)}]`
}

/**
 * `order.addNote`. Shopify keeps one note string per order and offers no append and no conditional
 * write, so appending is read → modify → write (`order { note }`, then `orderUpdate`). Idempotency class
 * `probe`: the appended paragraph ends with a marker of the step's key, so after a crash the core asks
 * whether the marker is there before running again, and a run that finds its marker appends nothing.
 *
 * The race, and what is done about it:
 * - two cartwire steps appending to one order at once (two rules on one paid order) would each read the
 *   old note and the second write would drop the first paragraph. In one process a per-order lock
 *   serializes them; across several daemons give such steps `"concurrencyKey": "order:{{order.id}}"`
 *   (the core's mutex is in the store, so it holds across processes);
 * - a person editing the note in the admin at the same moment can still lose their edit, or make cartwire
 *   lose its paragraph, inside the one round trip between read and write (the note is read right before
 *   it is written to keep that window small). Shopify gives no way to close it; the echo of the write
 *   shows the result in the order's next version.
 */
export function createNoteActions(api: ShopifyApi) {
  const locks = new Map<string, Promise<unknown>>()

  function exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = locks.get(key) ?? Promise.resolve()
    const next = previous.then(fn, fn)
    const settled = next.catch(() => undefined)
    locks.set(key, settled)
    void settled.then(() => {
      if (locks.get(key) === settled) locks.delete(key)
    })
    return next
  }

  async function readNote(orderId: string, priority: 'action' | 'fetch', signal: AbortSignal): Promise<string | null> {
    const data = await api.graphql.query(ORDER_NOTE.document, { id: gid('Order', orderId) }, { priority, signal, cost: ORDER_NOTE.cost })
    if (!data.order) throw new CartwireError('ERR_NOT_FOUND', `Shopify has no order ${orderId}`)
    return data.order.note ?? null
  }

  async function addNote(ctx: ActionContext, p: NoteParams) {
    const marker = noteMarker(ctx.key)
    return exclusive(p.orderId, async () => {
      const current = await readNote(p.orderId, 'action', ctx.signal)
      if (current?.includes(marker)) return { marker, appended: false }
      const paragraph = `${p.note} ${marker}`
      const note = current ? `${current}\n\n${paragraph}` : paragraph
      const data = await api.graphql.query(ORDER_UPDATE_NOTE.document, { input: { id: gid('Order', p.orderId), note } }, { priority: 'action', signal: ctx.signal, cost: ORDER_UPDATE_NOTE.cost })
      assertNoUserErrors(data.orderUpdate, `Shopify orderUpdate (note) on order ${p.orderId}`)
      return { marker, appended: true }
    })
  }

  async function probe(ctx: ActionContext, p: NoteParams): Promise<ProbeResult> {
    const note = await readNote(p.orderId, 'fetch', ctx.signal)
    return { found: note?.includes(noteMarker(ctx.key)) ?? false }
  }

  return { addNote, probe }
}
