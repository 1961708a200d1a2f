import type { ActionContext, ProbeResult } from '../../../core/sdk/index.js'
import type { WooRest } from '../rest.js'
import type { WooOrderNote } from '../woo-types.js'
import { orderPath } from './targets.js'

/**
 * `order.addNote` — class `probe`. WooCommerce order notes are append-only and ignore any idempotency
 * key, so a blind re-run after a crash would add the note twice (not natural, not keyed). Each note
 * carries a marker with the step's key, and the probe lists the order's notes looking for it: the core
 * re-runs only when the note is absent. The note is private (`customer_note: false`): no email goes out.
 */
export interface AddNoteParams {
  orderId?: string
  note: string
}

export const noteMarker = (key: string) => `[cartwire:${key}]`

export function createAddNote(rest: WooRest) {
  return {
    async run(ctx: ActionContext, params: AddNoteParams) {
      const marker = noteMarker(ctx.key)
      const { data } = await rest.call<WooOrderNote>('POST', `${orderPath(params)}/notes`, {
        body: { note: `${params.note}\n\n${marker}`, customer_note: false },
        signal: ctx.signal,
      })
      return { noteId: data.id, marker }
    },
    async probe(ctx: ActionContext, params: AddNoteParams): Promise<ProbeResult> {
      const marker = noteMarker(ctx.key)
      const { data } = await rest.call<WooOrderNote[]>('GET', `${orderPath(params)}/notes`, { priority: 'fetch', signal: ctx.signal })
      const note = data.find((n) => n.note.includes(marker))
      return note ? { found: true, result: { noteId: note.id, marker } } : { found: false }
    },
  }
}
