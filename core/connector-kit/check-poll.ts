import { expect } from 'vitest'
import type { JsonValue, Snapshot } from '../sdk/connector.js'
import type { ResourceKind } from '../sdk/entities.js'
import { parseTimestamp } from '../sdk/time.js'
import { assertValidSnapshot, CheckNotApplicable, currentSnapshot, type KitSession } from './session.js'

/** A walk longer than this is taken for a loop that never ends. */
const MAX_PAGES = 10_000

interface Walk {
  /** resource id → the updatedAt (epoch ms) of every snapshot of it the walk gave */
  seen: Map<string, number[]>
  /** the cursor of the last page: the one the core stores when the walk completes */
  cursor: JsonValue
}

/** Runs a walk to completion the way the core does (SEMANTICS.md §11), resolving refs through fetch. */
async function walkToEnd(s: KitSession, kind: ResourceKind, cursor: JsonValue | null): Promise<Walk> {
  const seen = new Map<string, number[]>()
  let last: { cursor: JsonValue } | undefined
  let pages = 0
  for await (const page of s.instance.poll!(cursor, new AbortController().signal)) {
    if (++pages > MAX_PAGES) throw new Error(`poll yielded more than ${MAX_PAGES} pages: the walk does not end`)
    for (const item of page.items) {
      let snapshot: Snapshot | undefined
      if ('snapshot' in item) snapshot = item.snapshot
      else if ('ref' in item && item.ref.kind === kind) {
        if (!s.instance.fetch) throw new Error(`poll gave a ref of ${kind} ${item.ref.id} but the connector has no fetch`)
        const fetched = await s.instance.fetch(item.ref)
        if (!('gone' in fetched)) snapshot = fetched
      }
      if (!snapshot || snapshot.kind !== kind) continue
      assertValidSnapshot(snapshot, kind)
      const { id, updatedAt } = snapshot.entity as { id: string; updatedAt: string }
      seen.set(id, [...(seen.get(id) ?? []), parseTimestamp(updatedAt)])
    }
    last = page
  }
  if (!last) throw new Error('poll ended without a page: a walk must yield at least one page (it may be empty) carrying the next cursor')
  const stored = JSON.parse(JSON.stringify(last.cursor)) as JsonValue
  expect(stored, 'the final cursor must survive JSON (the core stores it as JSON)').toEqual(last.cursor)
  return { seen, cursor: stored }
}

/**
 * A poll walk skips nothing, even while records change under it. Precisely:
 * 1. `walkSize` records are seeded; the fake is told to change three of them (the first two seeded and
 *    a middle one) right after it serves the walk's first page;
 * 2. walk A runs from no cursor to completion; then one more record, untouched so far, is changed;
 * 3. walk B runs from the cursor of A's last page, after a JSON round trip (what the core stores).
 * It requires that every seeded record not changed during A appears in A; that each record changed
 * during A appears at its new version (its current updatedAt) in A or B; and that the record changed
 * after A appears at its new version in B. Offset pagination fails the first (a changed record moves
 * and its neighbour slides onto a page already served); a final cursor past the platform's clock at the
 * walk's start fails the last.
 */
export async function checkPollWalk(s: KitSession, kind: ResourceKind): Promise<void> {
  if (!s.instance.poll) throw new CheckNotApplicable(`${s.connector.name} has no poll`)
  if (s.platform.polledKinds && !s.platform.polledKinds.includes(kind)) throw new CheckNotApplicable(`the fixture says the poll does not walk ${kind}`)
  const size = Math.max(4, s.kitOptions.walkSize ?? 120)
  const ids = await s.platform.seed(kind, size)
  const during = [...new Set([ids[0], ids[1], ids[Math.floor(size / 2)]])]
  const late = ids[size - 1]
  s.platform.modifyDuringNextWalk(kind, during)
  const a = await walkToEnd(s, kind, null)
  await s.platform.touch(kind, late)
  const current = new Map<string, number>()
  for (const id of [...during, late]) current.set(id, parseTimestamp(((await currentSnapshot(s, kind, id)).entity as { updatedAt: string }).updatedAt))
  const b = await walkToEnd(s, kind, a.cursor)
  const atCurrent = (walk: Walk, id: string) => (walk.seen.get(id) ?? []).includes(current.get(id)!)

  const missing = ids.filter((id) => !during.includes(id) && !a.seen.has(id))
  expect(missing, `records not changed during the walk that the walk did not return (${a.seen.size} ${kind} ids seen)`).toEqual([])
  const stale = during.filter((id) => !atCurrent(a, id) && !atCurrent(b, id))
  expect(stale, 'records changed during the walk that neither it nor the next walk returned at their new version').toEqual([])
  expect(atCurrent(b, late), `a record changed after the walk must be returned at its new version by the next walk, from the stored cursor ${JSON.stringify(a.cursor)}`).toBe(true)
}
