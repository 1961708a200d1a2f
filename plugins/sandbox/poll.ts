import type { FetchResult, JsonValue, PollPage, ResourceRef } from '../../core/sdk/index.js'
import { findEntity, listOf, type SandboxData, type SandboxKind } from './data.js'

/**
 * Polling and fetching: the sandbox reads its own data file.
 *
 * A walk lists every resource of every kind ordered by (updatedAt, kind, id), seek-paginated in pages
 * of 50, re-reading the file for each page as a platform answers each request from its current state.
 * The cursor is `{ since }`: the platform clock when the walk started (SEMANTICS.md §11: walkStart on
 * the platform's own clock), read as the earliest time the next write can carry. The overlap is zero,
 * on purpose: every write is atomic and stamped strictly later than every earlier one by the same clock,
 * so anything changed after the walk started carries a time ≥ `since`, and the next walk, which starts
 * at `since` inclusive, finds it — and nothing older. A record changed during the walk moves behind the
 * walk's position and is met again later in the same walk.
 */
export const PAGE_SIZE = 50

const KINDS: readonly SandboxKind[] = ['order', 'product', 'inventory', 'customer']

interface Position {
  at: number
  key: string
}

function entries(data: SandboxData, after: Position) {
  return KINDS.flatMap((kind) => listOf(data, kind).map((entity) => ({ kind, entity, at: Date.parse(entity.updatedAt), key: `${kind}:${entity.id}` })))
    .filter((e) => e.at > after.at || (e.at === after.at && e.key > after.key))
    .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

function sinceOf(cursor: JsonValue | null): number {
  const since = cursor && typeof cursor === 'object' && !Array.isArray(cursor) ? cursor.since : undefined
  const ms = typeof since === 'string' ? Date.parse(since) : NaN
  return Number.isNaN(ms) ? 0 : ms
}

export interface WalkSource {
  read(): SandboxData
  /** the platform clock now, without advancing it */
  now(): number
  /** called once, after the walk's first page is served (the merchant-edits test seam) */
  afterFirstPage(): void
}

export async function* walk(source: WalkSource, cursor: JsonValue | null, signal: AbortSignal): AsyncIterable<PollPage> {
  const walkStart = source.now()
  const next: JsonValue = { since: new Date(walkStart).toISOString() }
  // '' sorts before every key, so records stamped exactly at `since` are included
  let after: Position = { at: sinceOf(cursor), key: '' }
  for (let page = 0; ; page++) {
    signal.throwIfAborted()
    const pending = entries(source.read(), after)
    const items = pending.slice(0, PAGE_SIZE)
    if (items.length) after = { at: items[items.length - 1].at, key: items[items.length - 1].key }
    // copies: the state's cached data must not leave this module (state.ts)
    yield { items: items.map(({ kind, entity }) => ({ snapshot: { kind, entity: structuredClone(entity) } })), cursor: next }
    if (page === 0) source.afterFirstPage()
    if (pending.length <= PAGE_SIZE) return
  }
}

export function fetchResource(data: SandboxData, ref: ResourceRef): FetchResult {
  const entity = KINDS.includes(ref.kind as SandboxKind) ? findEntity(data, ref.kind as SandboxKind, ref.id) : undefined
  return entity ? { kind: ref.kind as SandboxKind, entity: structuredClone(entity) } : { gone: { kind: ref.kind, id: ref.id } }
}
