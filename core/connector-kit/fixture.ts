import type { ResourceKind } from '../sdk/entities.js'
import type { IncomingRequest, JsonValue } from '../sdk/connector.js'

/**
 * What a connector author hands to `testConnector()` (core/connector-kit/test-connector.ts): a way to
 * start the connector's fake platform (a local HTTP server on port 0 that behaves as the platform
 * documents) and to make it do things. The kit drives the connector's real `setup()` against it.
 */
export interface ConnectorFixture {
  /** Starts the fake platform; returns it and the connection options that point at it. */
  start(): Promise<{ platform: FakePlatform; options: Record<string, unknown> }>
}

export interface FakePlatform {
  /** Resource kinds this connector and fake support (the kit tests each). */
  readonly kinds: readonly ResourceKind[]
  /** Creates `count` resources of `kind` on the platform, as a merchant would; returns their ids. */
  seed(kind: ResourceKind, count: number): Promise<string[]>
  /** Changes a resource on the platform (a real change: its updatedAt moves forward). */
  touch(kind: ResourceKind, id: string): Promise<void>
  /** A webhook exactly as the platform would send it for the resource's current state, correctly signed. */
  webhook(kind: ResourceKind, id: string): Promise<IncomingRequest>
  /** Same, signed with another secret (must be refused). */
  webhookWithWrongSecret(kind: ResourceKind, id: string): Promise<IncomingRequest>
  /** A thin webhook (id only) where the platform has them; undefined otherwise. */
  thinWebhook?(kind: ResourceKind, id: string): Promise<IncomingRequest>
  /** Deletes a resource, where the platform has deletes (the kit then expects `fetch` to answer `{ gone }`). */
  remove?(kind: ResourceKind, id: string): Promise<void>
  /** The kinds the connector's `poll` walks, when not all of `kinds`. @default kinds */
  readonly polledKinds?: readonly ResourceKind[]
  /**
   * Makes the next poll walk modify records while it runs: after the walk's first page is served,
   * `touch` these ids (the kit then checks nothing was skipped).
   */
  modifyDuringNextWalk(kind: ResourceKind, ids: string[]): void
  /**
   * For each capability the connector declares: params that act on resource `id` against this fake,
   * and how to read the effect back (the kit compares counts before and after).
   */
  capabilities: Record<string, CapabilityFixture>
  stop(): Promise<void>
}

/**
 * One capability against the fake. The kit seeds a fresh resource of `kind` for each check, so
 * `params(id)` must make a change on it (tag one it does not have, set a figure it does not hold).
 */
export interface CapabilityFixture {
  kind: ResourceKind
  params(id: string): Record<string, unknown>
  /**
   * How many of this capability's effects the platform holds for `id`, read from platform state (the
   * occurrences of the tag, the fulfillments of the order) — never a count of calls received, which
   * cannot tell a repeated effect from a harmless repeat.
   */
  effectCount(id: string): Promise<number>
  /**
   * The platform state this capability writes (the order's tags, the level's figure), without
   * timestamps. For `natural` capabilities the kit requires it unchanged by a second run.
   * @default effectCount alone is compared
   */
  state?(id: string): Promise<JsonValue>
}

export type { JsonValue }
