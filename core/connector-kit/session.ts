import { isUtf8 } from 'node:buffer'
import { createHash, randomUUID } from 'node:crypto'
import { deepFreeze } from '../config/connections.js'
import { createMemoryKv } from '../execution/kv.js'
import { validateEntity } from '../model/schemas.js'
import { createHttpClient } from '../net/http-client.js'
import { systemClock, type Clock } from '../sdk/clock.js'
import type { ActionContext, ConnectorDefinition, ConnectorInstance, Decoded, Delivery, IncomingRequest, Snapshot } from '../sdk/connector.js'
import type { ResourceKind } from '../sdk/entities.js'
import { silentLogger } from '../sdk/logger.js'
import type { ConnectorFixture, FakePlatform } from './fixture.js'

/**
 * One connector set up against one freshly started fake platform: what every check of the kit works
 * on. The connector's REAL `setup()` runs with the context the daemon would give it (a per-connection
 * HTTP client, a memory kv, a silent logger, a clock and a webhook URL), options validated by its own
 * schema first, then frozen — as the core does at load time. `start()` is never called: the kit wants
 * no background traffic.
 */
export interface KitOptions {
  /** the connection id given to setup. @default `kit-<connector name>` */
  connection?: string
  /** the connector's clock. @default systemClock */
  clock?: Clock
  /** what `ctx.webhookUrl()` answers. @default a loopback address where nothing listens */
  webhookUrl?: string
  /** records the poll check seeds: enough for several pages of the connector's walk (at least 4). @default 120 */
  walkSize?: number
}

export interface KitSession {
  readonly connector: ConnectorDefinition
  readonly instance: ConnectorInstance
  readonly platform: FakePlatform
  readonly connection: string
  readonly clock: Clock
  /** the options the kit was given (not the connector's) */
  readonly kitOptions: KitOptions
  close(): Promise<void>
}

/** Thrown by a check that does not apply to this connector or fake; `testConnector` reports a skip. */
export class CheckNotApplicable extends Error {
  override name = 'CheckNotApplicable'
}

export async function openKitSession(connector: ConnectorDefinition, fixture: ConnectorFixture, opts: KitOptions = {}): Promise<KitSession> {
  const { platform, options } = await fixture.start()
  const connection = opts.connection ?? `kit-${connector.name}`
  const clock = opts.clock ?? systemClock
  const http = createHttpClient({ connection, clock })
  try {
    const parsed = connector.options.safeParse(options)
    if (!parsed.success) throw new Error(`the fixture's options do not pass ${connector.name}'s options schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    const webhookUrl = () => opts.webhookUrl ?? `http://127.0.0.1:9/webhooks/${encodeURIComponent(connection)}`
    const instance = await connector.setup({ connection, options: deepFreeze(parsed.data as Record<string, unknown>), webhookUrl, log: silentLogger, http, kv: createMemoryKv(clock), clock })
    return {
      connector, instance, platform, connection, clock, kitOptions: opts,
      async close() {
        try {
          await instance.close?.()
        } finally {
          await http.close()
          await platform.stop()
        }
      },
    }
  } catch (e) {
    await http.close()
    await platform.stop()
    throw e
  }
}

/** Opens a session, runs `fn`, and closes the session whatever happened. */
export async function withKitSession<T>(connector: ConnectorDefinition, fixture: ConnectorFixture, opts: KitOptions, fn: (s: KitSession) => Promise<T>): Promise<T> {
  const session = await openKitSession(connector, fixture, opts)
  try {
    return await fn(session)
  } finally {
    await session.close()
  }
}

/** A request as the inbox stores it and decode receives it (SEMANTICS.md §3): lower-cased headers, no authorization. */
export function deliveryOf(s: KitSession, req: IncomingRequest, seq = 1): Delivery {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && name.toLowerCase() !== 'authorization') headers[name.toLowerCase()] = value
  return { seq, connection: s.connection, source: 'webhook', receivedAt: new Date(s.clock.now()).toISOString(), headers, body: req.rawBody.toString(isUtf8(req.rawBody) ? 'utf8' : 'latin1') }
}

/** A downstream key shaped like the core's: base64url(sha256(…)). */
export function newKey(): string {
  return createHash('sha256').update(randomUUID()).digest('base64url')
}

export function actionContext(s: KitSession, key: string): ActionContext {
  return { key, connection: s.connection, log: silentLogger, clock: s.clock, signal: new AbortController().signal }
}

/** Throws unless `snapshot` is of `kind` (and `id`) and valid against schemas/entities. */
export function assertValidSnapshot(snapshot: Snapshot, kind: ResourceKind, id?: string): void {
  if (snapshot.kind !== kind) throw new Error(`expected a ${kind} snapshot, got ${snapshot.kind}`)
  const entity = snapshot.entity as { id?: unknown }
  if (id !== undefined && entity?.id !== id) throw new Error(`expected ${kind} ${id}, got ${String(entity?.id)}`)
  const issues = validateEntity(kind, snapshot.entity)
  if (issues.length) throw new Error(`${kind} ${String(entity?.id)} does not match schemas/entities: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`)
}

/** The verified, decoded snapshot of a resource as the platform holds it now (through `fetch` when thin). */
export async function currentSnapshot(s: KitSession, kind: ResourceKind, id: string): Promise<Snapshot> {
  const req = await s.platform.webhook(kind, id)
  const verdict = await s.instance.verify(req)
  if (!verdict.ok) throw new Error(`the fake's genuine ${kind} webhook was refused by verify: ${'reason' in verdict ? verdict.reason : ''}`)
  const decoded = await s.instance.decode(deliveryOf(s, req))
  const snapshot = snapshotOf(decoded, kind, id)
  if (snapshot) return snapshot
  const ref = decoded.find((item): item is Extract<Decoded, { ref: unknown }> => 'ref' in item && item.ref.kind === kind && item.ref.id === id)
  if (!ref || !s.instance.fetch) throw new Error(`decoding the ${kind} webhook for ${id} gave neither a snapshot nor a ref of it`)
  const fetched = await s.instance.fetch(ref.ref)
  if ('gone' in fetched) throw new Error(`fetch(${kind} ${id}) answered gone for a resource that exists`)
  return fetched
}

export function snapshotOf(decoded: readonly Decoded[], kind: ResourceKind, id: string): Snapshot | undefined {
  for (const item of decoded) if ('snapshot' in item && item.snapshot.kind === kind && (item.snapshot.entity as { id?: string }).id === id) return item.snapshot
  return undefined
}

/** The entity without its top-level `updatedAt`: what "its content differs" compares. */
export function contentOf(snapshot: Snapshot): unknown {
  const { updatedAt: _ignored, ...rest } = snapshot.entity as unknown as Record<string, unknown>
  return rest
}
