import { unlinkSync } from 'node:fs'
import type { Database } from 'better-sqlite3'
import type { Store } from '../contract.js'
import type { StoreDriver, StoreTx } from '../shared/tx.js'
import { InboxJournal, recoverJournal } from './inbox-journal.js'
import type { JournalRecord } from './journal-frames.js'

/** The settings key recording the last journaled seq moved into the deliveries table. */
export const MOVED_THROUGH = 'inbox.journal.movedThrough'

/** Records moved per move: small enough that a move is a short pause of the event loop. */
const MOVE_BATCH = 128

type Insert = (record: JournalRecord) => void

/** Inside one transaction: the records (in seq order) into the table, and how far the journal has moved. */
function moveInto(t: StoreTx, insert: Insert, records: readonly JournalRecord[]): void {
  for (const record of records) insert(record)
  t.putSetting(MOVED_THROUGH, records[records.length - 1].seq)
}

/**
 * Opens the journal of the store at `path` (recovering what a previous process left: inside one
 * transaction, every record past `movedThrough` goes into the table; then the old segments are
 * removed) and numbers the next delivery after everything the table has ever held.
 */
export function openJournal(db: Database, tx: StoreTx, insert: Insert, o: { path: string; durable: boolean }): InboxJournal {
  const dir = `${o.path}-inbox`
  const movedThrough = Number(tx.getSetting(MOVED_THROUGH) ?? 0)
  const { records, files } = recoverJournal(dir, movedThrough)
  if (records.length > 0) db.transaction(() => moveInto(tx, insert, records)).immediate()
  for (const file of files) unlinkSync(file)
  const highest = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'deliveries'").get()?.seq ?? 0
  return new InboxJournal({ dir, durable: o.durable, nextSeq: Math.max(highest, movedThrough, records.at(-1)?.seq ?? 0) + 1 })
}

/**
 * The store with the inbox journal in front of the deliveries table (inbox-journal.ts): appends go to
 * the journal; before a claim, journaled records move into the table; readers that name a delivery
 * not yet moved (an ack, an intake exception, getDelivery) move everything first; counts include the journal.
 */
export function journaled(store: Store, journal: InboxJournal, driver: StoreDriver, tx: StoreTx, insert: Insert, beforeAppend: () => void): Store {
  let moving: Promise<void> | undefined
  const moveSome = async (): Promise<number> => {
    while (moving) await moving
    const records = journal.take(MOVE_BATCH)
    if (records.length === 0) return 0
    moving = driver
      .write((t) => moveInto(t, insert, records))
      .then(
        () => journal.consume(),
        (error: unknown) => {
          journal.untake()
          throw error
        },
      )
      .finally(() => (moving = undefined))
    await moving
    return records.length
  }
  const moveAll = async (): Promise<void> => {
    while ((await moveSome()) > 0);
  }
  /** An operation naming a delivery that is still only in the journal waits until it is in the table. */
  const inTable = async (seqs: readonly number[]): Promise<void> => {
    const below = journal.claimBelow()
    if (seqs.some((seq) => seq >= below)) await moveAll()
  }
  return {
    ...store,
    appendDeliveries: async (items) => {
      beforeAppend()
      return journal.append(items, (key) => tx.findDeliverySeq(key))
    },
    claimDeliveries: async (owner, now, leaseMs, limit) => {
      await moveSome()
      return store.claimDeliveries(owner, now, leaseMs, limit)
    },
    applySnapshots: async (input, handlers) => {
      await inTable(input.ack)
      return store.applySnapshots(input, handlers)
    },
    recordException: async (input) => {
      if (input.deliverySeq !== undefined) await inTable([input.deliverySeq])
      return store.recordException(input)
    },
    getDelivery: async (seq) => {
      await inTable([seq])
      return store.getDelivery(seq)
    },
    counts: async () => {
      const counts = await store.counts()
      return { ...counts, deliveries: { ...counts.deliveries, pending: counts.deliveries.pending + journal.pending } }
    },
    close: async () => {
      try {
        await moveAll()
      } finally {
        journal.close()
        await store.close()
      }
    },
  }
}
