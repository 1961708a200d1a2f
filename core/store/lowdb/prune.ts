import type { Run } from '../contract.js'
import { deliveryPrunable, eventPrunable, ledgerPrunable, openRefs } from '../shared/prune-rules.js'
import type { StoreTx } from '../shared/tx.js'
import { versionKey, type LowdbData } from './data.js'
import type { Journal } from './journal.js'

/** Retention: prune-rules.ts applied row by row. */
export function pruneRepo(data: LowdbData, j: Journal): Pick<StoreTx, 'prune'> {
  return {
    prune(input) {
      const refs = openRefs(Object.values(data.exceptions).map((x) => x.record).filter((x) => x.state === 'open'))
      const runsOf = new Map<string, Run[]>()
      for (const run of Object.values(data.runs)) {
        const runs = runsOf.get(run.eventId)
        if (runs) runs.push(run)
        else runsOf.set(run.eventId, [run])
      }
      const result = { events: 0, versions: 0, ledger: 0, deliveries: 0 }
      for (const event of Object.values(data.events)) {
        const runs = runsOf.get(event.id) ?? []
        if (!eventPrunable(event, runs, refs, input)) continue
        for (const run of runs) j.delete(data.runs, run.id)
        j.delete(data.events, event.id)
        result.events++
      }
      const referenced = new Set<string>()
      for (const row of Object.values(data.resources)) referenced.add(versionKey(row, row.versionSeq))
      for (const e of Object.values(data.events)) {
        const key = { connection: e.source, kind: e.resource.kind, id: e.resource.id }
        referenced.add(versionKey(key, e.versionSeq))
        if (e.previousSeq !== null) referenced.add(versionKey(key, e.previousSeq))
      }
      for (const key of Object.keys(data.versions)) {
        if (referenced.has(key)) continue
        j.delete(data.versions, key)
        result.versions++
      }
      for (const entry of Object.values(data.ledger)) {
        const run = entry.runId === null ? undefined : data.runs[entry.runId]
        if (!ledgerPrunable(entry, run, refs, input)) continue
        j.delete(data.ledger, entry.key)
        result.ledger++
      }
      for (const delivery of Object.values(data.deliveries)) {
        if (!deliveryPrunable(delivery, input)) continue
        j.delete(data.deliveries, String(delivery.seq))
        if (delivery.dedupeKey !== null) j.delete(data.dedupe, delivery.dedupeKey)
        result.deliveries++
      }
      return result
    },
  }
}
