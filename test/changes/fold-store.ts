import { createDeriver } from '../../core/changes/derive.js'
import type { FetchResult } from '../../core/sdk/connector.js'
import type { Order } from '../../core/sdk/entities.js'
import type { ResourceRef } from '../../core/sdk/events.js'
import type { Derivation, DeriveEnv, IncomingItem, NewEvent, OwnWrite, ResourceState } from '../../core/store/contract.js'
import { ORDER } from './order-builder.js'

/**
 * A tiny in-memory store that folds derivations the way a real store does inside `applySnapshots`:
 * 'store' upserts the state and inserts events whose ids are new; 'events' inserts events; 'fetch' asks
 * the fake platform (`fetch`) for its current state and applies that as origin 'fetch'.
 */
export interface FoldOptions {
  connection?: string
  baselineAt?: number
  canFetch?: boolean
  /** the platform's current state of a resource */
  fetch?: (ref: ResourceRef) => FetchResult
}

export interface TrailEntry {
  item: IncomingItem
  derivation: Derivation
}

export class FoldStore {
  readonly states = new Map<string, ResourceState>()
  readonly events = new Map<string, NewEvent>()
  readonly trail: TrailEntry[] = []
  readonly counters: string[] = []
  ownWrites: OwnWrite[] = []
  private readonly derive = createDeriver()
  private readonly connection: string
  private readonly baselineAt: number
  private readonly canFetch: boolean

  constructor(private readonly options: FoldOptions = {}) {
    this.connection = options.connection ?? 'shop-main'
    this.baselineAt = options.baselineAt ?? Date.parse('2024-05-01T00:00:00Z')
    this.canFetch = options.canFetch ?? options.fetch !== undefined
  }

  apply(item: IncomingItem, receivedAt = '2024-05-02T00:00:00.000Z'): Derivation {
    const ref = refOf(item)
    const key = `${ref.kind}:${ref.id}`
    const env: DeriveEnv = {
      connection: this.connection,
      baselineAt: this.baselineAt,
      now: Date.parse(receivedAt),
      receivedAt,
      canFetch: this.canFetch,
      ownWrites: this.ownWrites,
      eventExists: (id) => this.events.has(id),
    }
    const derivation = this.derive(this.states.get(key), item, env)
    this.trail.push({ item, derivation })
    if (derivation.action === 'store' || derivation.action === 'events') {
      if (derivation.state) this.states.set(key, derivation.state)
      for (const event of derivation.events) if (!this.events.has(event.id)) this.events.set(event.id, event)
      if (derivation.action === 'store') this.counters.push(...(derivation.counters ?? []))
    }
    if (derivation.action === 'fetch') {
      if (!this.options.fetch) throw new Error('derive asked for a fetch the connector cannot do')
      const current = this.options.fetch(derivation.ref)
      this.apply('gone' in current ? { gone: current.gone, origin: 'fetch' } : { snapshot: current, origin: 'fetch' }, receivedAt)
    }
    return derivation
  }

  state(kind: ResourceRef['kind'], id: string): ResourceState | undefined {
    return this.states.get(`${kind}:${id}`)
  }

  /** The stored order (null: a tombstone). */
  order(id = ORDER): Order | null | undefined {
    return this.state('order', id)?.entity as Order | null | undefined
  }

  /** Events in insertion order. */
  list(): NewEvent[] {
    return [...this.events.values()]
  }

  types(): string[] {
    return this.list().map((event) => event.type)
  }
}

function refOf(item: IncomingItem): ResourceRef {
  if ('hint' in item) return item.hint.ref
  if ('gone' in item) return { kind: item.gone.kind, id: item.gone.id }
  return { kind: item.snapshot.kind, id: item.snapshot.entity.id }
}
