import { randomUUID } from 'node:crypto'
import { mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { LowSync } from 'lowdb'
import { DataFileSync } from 'lowdb/node'
import type { Clock } from '../../core/sdk/index.js'
import { DATA_VERSION, type Change, type SandboxData, type SandboxEntity, type SandboxKind, type Topic } from './data.js'
import { Random } from './random.js'

/**
 * The outbox keeps this many undelivered webhooks; older ones are dropped, as a platform gives up on
 * an endpoint, and the poll backstop finds their changes. It fills only while the daemon refuses or is
 * not listening (the generator runs in the daemon), and the whole file is rewritten on each write.
 */
export const OUTBOX_LIMIT = 250

/**
 * The data file, through lowdb's synchronous adapter (compact JSON: the file is rewritten whole on
 * every write). Every operation starts from the file as it is on disk, applies its change and writes it
 * back (to a temp file, then renamed) without yielding to the event loop, so everything in one process
 * that opens the same folder — the connector, the conformance fixture playing the merchant — sees one
 * consistent store, and a crash leaves either the old or the new file. One process per data folder:
 * two daemons sharing one are not supported.
 *
 * Parsing a few megabytes on every read would dominate, so the parsed data is kept while the file's
 * identity (inode, size, mtime in ns) is the one this instance last read or wrote. `read()` hands out
 * that cached object: callers must not change it outside `update`, and must copy what they pass on.
 * Nothing touches the disk until the first operation (setup stays free of side effects).
 */
export class SandboxState {
  private db?: LowSync<SandboxData | null>
  private seen?: string

  constructor(
    readonly dir: string,
    private readonly create: () => SandboxData,
  ) {}

  get file(): string {
    return path.join(this.dir, 'sandbox.json')
  }

  read(): SandboxData {
    const db = this.open()
    if (db.data === null || this.seen !== this.identity()) {
      db.read()
      if (db.data === null) {
        db.data = this.create()
        this.write()
      }
      this.seen = this.identity()
    }
    if (db.data.version !== DATA_VERSION) throw new Error(`${this.file}: data version ${db.data.version} is not ${DATA_VERSION}; move the folder away to start afresh`)
    return db.data
  }

  /** Reads, applies `fn`, writes. When `fn` throws nothing is written and the cache is dropped. */
  update<T>(fn: (data: SandboxData) => T): T {
    const data = this.read()
    let result: T
    try {
      result = fn(data)
    } catch (e) {
      this.db!.data = null
      throw e
    }
    this.write()
    return result
  }

  private write(): void {
    this.db!.write()
    this.seen = this.identity()
  }

  private identity(): string | undefined {
    const stat = statSync(this.file, { bigint: true, throwIfNoEntry: false })
    return stat && `${stat.ino}:${stat.size}:${stat.mtimeNs}`
  }

  private open(): LowSync<SandboxData | null> {
    if (!this.db) {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 })
      this.db = new LowSync<SandboxData | null>(new DataFileSync<SandboxData | null>(this.file, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) }), null)
    }
    return this.db
  }
}

/**
 * One write to the simulated store: the data, the PRNG, the platform clock and the changes it
 * announces. Functions that change the store take a World and call `stamp()` for each entity they
 * change and `emit()` for each webhook the change should send.
 */
export class World {
  readonly changes: Change[] = []

  constructor(
    readonly data: SandboxData,
    readonly rng: Random,
    private readonly clock: Clock,
  ) {}

  /** The platform clock: strictly later on every call, never behind the injected clock; ISO UTC with ms. */
  stamp(): string {
    this.data.clock = Math.max(this.clock.now(), this.data.clock + 1)
    return new Date(this.data.clock).toISOString()
  }

  /** Announces the entity as it is now (copied, so later edits in the same write do not leak into it). */
  emit(topic: Topic, kind: SandboxKind, entity: SandboxEntity): void {
    this.changes.push({ topic, kind, id: entity.id, entity: structuredClone(entity), at: new Date(this.data.clock).toISOString() })
  }

  emitDeleted(topic: Topic, kind: SandboxKind, id: string): void {
    this.changes.push({ topic, kind, id, entity: null, at: new Date(this.data.clock).toISOString() })
  }
}

export interface Written<T> {
  /** what `fn` returned */
  result: T
  /** the changes it announced, now in the outbox */
  changes: Change[]
}

/**
 * Applies `fn` as one write and queues its changes in the outbox in the same write, so a crash can
 * neither lose an announced change nor announce one that did not happen.
 */
export function writeWorld<T>(state: SandboxState, clock: Clock, fn: (world: World) => T): Written<T> {
  return state.update((data) => {
    const rng = new Random(data.rng)
    const world = new World(data, rng, clock)
    const result = fn(world)
    data.rng = rng.state
    const queued = world.changes.map((change) => ({ ...change, deliveryId: randomUUID(), attempts: 0, nextAttemptAt: 0 }))
    data.outbox = [...data.outbox, ...queued].slice(-OUTBOX_LIMIT)
    return { result, changes: world.changes }
  })
}
