import type { PreparedConnection } from '../config/connections.js'
import type { RuleIndex } from '../rules/match.js'
import type { ActionDefinition } from '../sdk/action.js'
import type { Clock } from '../sdk/clock.js'
import type { Config } from '../sdk/config.js'
import type { ConnectorInstance } from '../sdk/connector.js'
import type { Hooks } from '../sdk/hooks.js'
import type { HttpClient } from '../sdk/http.js'
import type { Logger } from '../sdk/logger.js'
import type { Store } from '../store/contract.js'
import type { ResolvedRetryPolicy } from '../execution/backoff.js'

/** A connection after `setup`: its options, its connector instance and its HTTP client. */
export interface LiveConnection extends PreparedConnection {
  instance: ConnectorInstance
  http: HttpClient & { close(): Promise<void> }
}

/**
 * What every part of the engine works with. One object, passed as an argument (context is an argument;
 * no module state). `rules` and `paused` are swapped or mutated by reload and pause; everything else is
 * fixed for the runtime's life.
 */
export interface Runtime {
  store: Store
  clock: Clock
  log: Logger
  config: Config
  connections: ReadonlyMap<string, LiveConnection>
  actions: ReadonlyMap<string, ActionDefinition>
  rules: RuleIndex
  paused: Set<string>
  retry: ResolvedRetryPolicy
  hooks: Hooks[]
  /** worker identity for leases */
  owner: string
  /** run lease length; a worker renews at a third of it and aborts its call before it ends */
  leaseMs: number
  random: () => number
}

/** `(resource, rule)`: the lane a run belongs to (SEMANTICS.md §6). */
export function laneOf(event: { source: string; resource: { kind: string; id: string } }, ruleId: string): string {
  return `${event.source}|${event.resource.kind}|${event.resource.id}|${ruleId}`
}
