import type { StoreTx } from '../shared/tx.js'
import { copy, ordered, resourceKey, versionKey, type LowdbData } from './data.js'
import type { Journal } from './journal.js'

type IntakeRepo = Pick<
  StoreTx,
  | 'getConnection' | 'putConnection' | 'getDelivery' | 'findDeliverySeq' | 'claimableDeliveries' | 'insertDelivery' | 'updateDelivery'
  | 'getResource' | 'putResource' | 'getVersion' | 'insertVersion'
>

/** Issues the next number of a sequence (journaled like any write). */
export function nextSeq(data: LowdbData, j: Journal, name: keyof LowdbData['seq']): number {
  const seq = data.seq[name] + 1
  j.set(data.seq, name, seq)
  return seq
}

/** Connections, the inbox, resources and their version history. */
export function intakeRepo(data: LowdbData, j: Journal): IntakeRepo {
  return {
    getConnection: (id) => (Object.hasOwn(data.connections, id) ? copy(data.connections[id]) : undefined),
    putConnection(c) {
      j.set(data.connections, c.id, copy(c))
    },
    getDelivery: (seq) => (Object.hasOwn(data.deliveries, String(seq)) ? copy(data.deliveries[seq]) : undefined),
    findDeliverySeq: (dedupeKey) => (Object.hasOwn(data.dedupe, dedupeKey) ? data.dedupe[dedupeKey] : undefined),
    claimableDeliveries: (now, limit) =>
      ordered(
        Object.values(data.deliveries).filter((d) => d.state === 'pending' && (d.leaseUntil === null || d.leaseUntil < now)),
        (a, b) => a.seq - b.seq,
        limit,
      ).map(copy),
    insertDelivery(row) {
      const seq = nextSeq(data, j, 'delivery')
      j.set(data.deliveries, String(seq), { ...copy(row), seq })
      if (row.dedupeKey !== null) j.set(data.dedupe, row.dedupeKey, seq)
      return seq
    },
    updateDelivery(seq, patch) {
      const row = data.deliveries[seq]
      if (row) j.set(data.deliveries, String(seq), { ...row, ...patch })
    },

    getResource(key) {
      const row = data.resources[resourceKey(key)]
      if (!row) return undefined
      return copy({ ...row, entity: data.versions[versionKey(key, row.versionSeq)] ?? null })
    },
    putResource(state) {
      const { entity: _entity, ...row } = state
      j.set(data.resources, resourceKey(state), copy(row))
    },
    getVersion(key, seq) {
      const k = versionKey(key, seq)
      return Object.hasOwn(data.versions, k) ? copy(data.versions[k]) : undefined
    },
    insertVersion(key, seq, entity) {
      const k = versionKey(key, seq)
      if (Object.hasOwn(data.versions, k)) throw new Error(`version ${seq} of ${key.kind} ${key.id} already exists`)
      j.set(data.versions, k, copy(entity))
    },
  }
}
