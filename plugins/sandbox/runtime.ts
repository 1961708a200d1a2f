import { randomInt } from 'node:crypto'
import path from 'node:path'
import type { ConnectorContext } from '../../core/sdk/index.js'
import { initialData } from './catalog.js'
import type { Change, SandboxData } from './data.js'
import { Deliverer } from './deliver.js'
import { generate } from './generator.js'
import { touch } from './merchant.js'
import { resolveSecrets } from './secret.js'
import { SandboxState, writeWorld, type World, type Written } from './state.js'
import type { PayloadMode } from './webhooks.js'

/** The options after validation (index.ts has the schema and the defaults). */
export interface SandboxOptions {
  dataDir?: string
  ordersPerMinute: number
  seed?: number
  webhookSecret?: string | string[]
  historyLimit: number
  payload: PayloadMode
}

/**
 * One sandbox connection at run time: its data file, its webhook secret, its deliverer and its
 * generator. `setup` builds it without touching the disk; `start` begins traffic, `close` ends it.
 */
export class SandboxRuntime {
  readonly state: SandboxState
  readonly deliverer: Deliverer
  private secrets?: string[]
  private generator?: NodeJS.Timeout

  constructor(readonly ctx: ConnectorContext<SandboxOptions>) {
    const { options, clock } = ctx
    this.state = new SandboxState(path.resolve(options.dataDir ?? path.join('data', 'sandbox', ctx.connection)), () => initialData(options.seed ?? randomInt(2 ** 31), clock.now()))
    this.deliverer = new Deliverer({ state: this.state, clock, http: ctx.http, log: ctx.log, url: () => ctx.webhookUrl(), secret: () => this.webhookSecrets()[0], payload: options.payload })
  }

  get dataDir(): string {
    return this.state.dir
  }

  /** Secrets to verify with, the signing one first (generated into the data folder unless configured). */
  webhookSecrets(): string[] {
    this.secrets ??= resolveSecrets(this.ctx.options.webhookSecret, this.dataDir)
    return this.secrets
  }

  read(): SandboxData {
    return this.state.read()
  }

  /** One write to the store; its changes are queued and, once started, delivered. */
  write<T>(fn: (world: World) => T): Written<T> {
    const written = writeWorld(this.state, this.ctx.clock, fn)
    if (written.changes.length) this.deliverer.kick()
    return written
  }

  /** One tick of simulated activity (generator.ts); returns the changes it announced. */
  tick(): Change[] {
    return this.write((world) => generate(world, { historyLimit: this.ctx.options.historyLimit })).changes
  }

  /** Sends every due webhook now (tests; the daemon's deliverer runs on its own once started). */
  deliverNow(): Promise<number> {
    return this.deliverer.deliverNow()
  }

  /**
   * The platform clock now, without advancing it: the earliest time the next write can carry (every
   * stamp is later than the last one and not behind the injected clock; state.ts World.stamp).
   */
  now(): number {
    return Math.max(this.ctx.clock.now(), this.read().clock + 1)
  }

  /** The merchant edits a test asked for while a walk runs (the `walkEdits` seam in data.ts). */
  applyWalkEdits(): void {
    if (this.read().walkEdits.length === 0) return
    this.write((world) => {
      for (const { kind, id } of world.data.walkEdits) touch(world, kind, id)
      world.data.walkEdits = []
    })
  }

  start(): void {
    this.deliverer.start()
    const perMinute = this.ctx.options.ordersPerMinute
    if (perMinute > 0 && !this.generator) {
      this.generator = setInterval(() => {
        try {
          this.tick()
        } catch (e) {
          this.ctx.log.error({ err: (e as Error).message }, 'sandbox generator tick failed')
        }
      }, 60_000 / perMinute)
      this.generator.unref()
    }
  }

  async close(): Promise<void> {
    clearInterval(this.generator)
    this.generator = undefined
    await this.deliverer.stop()
  }
}
