import type { Entity } from '../../sdk/entities.js'
import type { StoredEvent } from '../contract.js'
import type { EventRow, ResourceKey, StoreTx } from '../shared/tx.js'
import { copy, ordered, versionKey, type LowdbData } from './data.js'
import type { Journal } from './journal.js'
import { nextSeq } from './intake.js'

type EventRepo = Pick<StoreTx, 'eventData' | 'eventExists' | 'getEvent' | 'listEvents' | 'insertEvent' | 'setEventTrace'>

/** Events reference versions by seq; `data` is joined on read. */
export function eventRepo(data: LowdbData, j: Journal): EventRepo {
  const eventData = (key: ResourceKey, seq: number): Entity | undefined => {
    for (let s = seq; s > 0; s--) {
      const entity = data.versions[versionKey(key, s)]
      if (entity) return copy(entity)
    }
    return undefined
  }
  const stored = (row: EventRow): StoredEvent => {
    const key = { connection: row.source, kind: row.resource.kind, id: row.resource.id }
    return { ...copy(row), data: (eventData(key, row.versionSeq) ?? null) as Entity }
  }
  return {
    eventData,
    eventExists: (id) => Object.hasOwn(data.events, id),
    getEvent: (id) => (Object.hasOwn(data.events, id) ? stored(data.events[id]) : undefined),
    listEvents: (f) =>
      ordered(
        Object.values(data.events).filter(
          (e) =>
            (f.connection === undefined || e.source === f.connection) &&
            (f.type === undefined || e.type === f.type) &&
            (f.resourceId === undefined || e.resource.id === f.resourceId) &&
            (f.afterSeq === undefined || e.seq > f.afterSeq),
        ),
        (a, b) => a.seq - b.seq,
        f.limit,
      ).map(stored),
    insertEvent(row) {
      const seq = nextSeq(data, j, 'event')
      j.set(data.events, row.id, { ...copy(row), seq })
      return seq
    },
    setEventTrace(id, trace) {
      j.set(data.events, id, { ...data.events[id], trace: copy(trace) })
    },
  }
}
