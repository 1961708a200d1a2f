import type { z } from 'zod'
import type { EntityByKind, ResourceKind } from './entities.js'
import type { CommerceEvent, EventType, ResourceRef } from './events.js'
import type { Clock } from './clock.js'
import type { HttpClient } from './http.js'
import type { Logger } from './logger.js'

/**
 * The connector contract (SEMANTICS.md §10). A connector is plain data plus `setup()`; the core reads
 * the data without running anything, validates options once at load time, freezes them, and calls
 * `setup` once per connection. A connector never touches the store: the core owns cursors, snapshots
 * and the ledger.
 */

/**
 * How safe it is to run a capability again after a crash left its outcome unknown (SEMANTICS.md §5):
 * - `natural`: repeating it has the same effect (absolute set, add tags): re-run with the same key;
 * - `keyed`:   the platform honours the idempotency key: re-run with the same key;
 * - `probe`:   the connector can check whether the effect exists: probe, run only if absent;
 * - `unsafe`:  none of the above: never re-run blindly; the step becomes an in-doubt exception.
 */
export type IdempotencyClass = 'natural' | 'keyed' | 'probe' | 'unsafe'

export interface CapabilitySpec {
  idempotency: IdempotencyClass
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** A normalized, complete entity as the platform holds it now. */
export interface Snapshot<K extends ResourceKind = ResourceKind> {
  kind: K
  entity: EntityByKind[K]
  /**
   * Bump when the connector's normalization changes shape; added fields of a new normalizer version
   * are not reported as changes. @default 1
   */
  normalizerVersion?: number
}

export interface GoneRef extends ResourceRef {
  /** the platform's delete time (zoned ISO string), when it says */
  deletedAt?: string
}

/** What `decode` turns a delivery into. */
export type Decoded =
  /** full entity */
  | { snapshot: Snapshot }
  /** a thin webhook: the core calls `fetch(ref)` */
  | { ref: ResourceRef }
  /** the resource was deleted */
  | { gone: GoneRef }
  /** the topic names an event (e.g. orders/paid): fires once if the stored state is in its class */
  | { hint: { type: EventType; ref: ResourceRef } }

export interface Delivery {
  /** inbox sequence number */
  seq: number
  connection: string
  source: 'webhook' | 'poll'
  receivedAt: string
  /** lower-cased header names; authorization removed */
  headers: Readonly<Record<string, string>>
  /** raw body exactly as received */
  body: string
}

export interface IncomingRequest {
  method: string
  /** lower-cased header names */
  headers: Readonly<Record<string, string | undefined>>
  rawBody: Buffer
  query: Readonly<Record<string, string>>
}

export type VerifyResult =
  | { ok: true }
  /** a platform ping (e.g. WooCommerce's unsigned creation ping): answered 200, not stored */
  | { ok: true; ping: true }
  | { ok: false; reason: string }

export interface PollPage {
  items: Decoded[]
  /**
   * Where the next walk starts. The core stores it only when the walk completes (the iterator ends),
   * so a connector yields the final cursor (walkStart − overlap, on the platform's clock) on its last page.
   */
  cursor: JsonValue
}

export type FetchResult = Snapshot | { gone: GoneRef }

export interface ActionContext {
  /** the event the step runs for; absent for scheduled rules */
  event?: CommerceEvent
  /** downstream idempotency key: base64url(sha256(ledger tuple)), `/edit-<n>` after edit-and-retry */
  key: string
  connection: string
  log: Logger
  clock: Clock
  /** aborted before the step's lease ends */
  signal: AbortSignal
}

export type ActionResult = JsonValue | void

export type ActionHandler<P = any> = (ctx: ActionContext, params: P) => Promise<ActionResult>

export interface ProbeResult {
  /** the effect of this step (identified by ctx.key and params) already exists on the platform */
  found: boolean
  result?: JsonValue
}

export interface Kv {
  get(key: string): Promise<JsonValue | undefined>
  set(key: string, value: JsonValue, ttlMs?: number): Promise<void>
  delete(key: string): Promise<void>
}

export interface ConnectorContext<O> {
  connection: string
  options: Readonly<O>
  /**
   * Where this daemon receives this connection's webhooks: `server.publicUrl` (or the local listener's
   * address once it listens) + `/webhooks/<connection>`. A function: the port is known only after listen.
   */
  webhookUrl(): string
  log: Logger
  http: HttpClient
  kv: Kv
  clock: Clock
}

export interface Subscriptions {
  /**
   * Ensure the platform sends this connection's topics to `${publicUrl}/webhooks/<connection>`; report what
   * had to change and what the platform had removed or disabled.
   */
  sync(publicUrl: string): Promise<{ created: string[]; updated: string[]; removed: string[]; problems: string[] }>
}

export interface ConnectorInstance {
  verify(req: IncomingRequest): VerifyResult | Promise<VerifyResult>
  /**
   * The platform's delivery id, when it has one (`X-Shopify-Webhook-Id`, BigCommerce `hash`): the inbox
   * drops a delivery whose key it has seen. Only a dedupe hint, never an event id.
   */
  dedupeKey?(req: IncomingRequest): string | undefined
  decode(delivery: Delivery): Decoded[] | Promise<Decoded[]>
  fetch?(ref: ResourceRef, signal?: AbortSignal): Promise<FetchResult>
  poll?(cursor: JsonValue | null, signal: AbortSignal): AsyncIterable<PollPage>
  subscriptions?: Subscriptions
  actions: Record<string, ActionHandler>
  /** for `probe` capabilities: does the effect of this step exist? */
  probe?(capability: string, ctx: ActionContext, params: any): Promise<ProbeResult>
  /**
   * Background activity the connector runs while the daemon serves (the sandbox's order generator, a
   * platform's streaming feed). Called by `cartwire start` once intake is listening, never by CLI commands
   * or tests that only need decode/fetch/actions. `close` stops it.
   */
  start?(): Promise<void>
  close?(): Promise<void>
}

export interface ConnectorDefinition<S extends z.ZodType = z.ZodType> {
  name: string
  version: string
  options: S
  emits: readonly EventType[]
  capabilities: Readonly<Record<string, CapabilitySpec>>
  setup(ctx: ConnectorContext<z.output<S>>): ConnectorInstance | Promise<ConnectorInstance>
}
