import type { ZodType } from 'zod'
import { unifiedActionNames } from '../model/schemas.js'
import type { CapabilitySpec, IdempotencyClass } from '../sdk/connector.js'
import type { EventType } from '../sdk/events.js'
import type { ActionStep, Rule } from './types.js'

/**
 * What rules are judged against: the configured connections (their connector's static data) and the
 * standalone actions. Built by the config loader; validation, matching and rule tests all take it,
 * so they agree on which connections a rule applies to.
 */
export interface ConnectorInfo {
  name: string
  emits: readonly EventType[]
  capabilities: Readonly<Record<string, CapabilitySpec>>
  /** the connector has `fetch(ref)`: after a wait the core can re-read current state (SEMANTICS.md §8) */
  canFetch: boolean
}

export interface ValidationEnv {
  connections: ReadonlyArray<{ id: string; connector: ConnectorInfo }>
  /** standalone actions (http.request, log, custom ones from the config), not run by a connection */
  actions: ReadonlyMap<string, { idempotency: IdempotencyClass; params?: ZodType }>
  /** the config's `vars`: `vars.*` paths are checked against them; omitted: not checked */
  vars?: Record<string, unknown>
}

export type ActionKind = 'connector' | 'standalone' | 'unknown'

let unified: ReadonlySet<string> | undefined

export function isUnifiedAction(name: string): boolean {
  unified ??= new Set(unifiedActionNames())
  return unified.has(name)
}

/**
 * Who runs an action: a unified action is always a connection's capability; otherwise a standalone
 * action of the config wins; otherwise a capability some connector declares (platform-specific);
 * otherwise nobody.
 */
export function actionKind(name: string, env: ValidationEnv): ActionKind {
  if (isUnifiedAction(name)) return 'connector'
  if (env.actions.has(name)) return 'standalone'
  if (env.connections.some((c) => Object.hasOwn(c.connector.capabilities, name))) return 'connector'
  return 'unknown'
}

/** Capabilities the event's source must have: connector actions of steps without a `target`. */
export function sourceCapabilities(rule: Rule, env: ValidationEnv): string[] {
  const needed = rule.then
    .filter((step): step is ActionStep => step.kind === 'action' && step.target === undefined)
    .map((step) => step.action)
    .filter((action) => actionKind(action, env) === 'connector')
  return [...new Set(needed)]
}

export interface RuleConnections {
  /** connections whose events the rule matches */
  included: string[]
  /** connections it does not apply to, with the reason (for `validate` and the operator UI) */
  excluded: Array<{ id: string; reason: string; cause: 'unknown' | 'emits' | 'capability' }>
}

/**
 * The connections a rule applies to (SEMANTICS.md §9), used by `validate` and by the engine at run
 * time (RuleIndex): those named in `sources`, or when omitted every connection; in both cases only
 * those that emit one of the `on` types and have every capability the steps without `target` need.
 * Scheduled triggers have no source: a rule with only schedules applies to no connection.
 */
export function ruleConnections(rule: Rule, env: ValidationEnv): RuleConnections {
  const included: string[] = []
  const excluded: RuleConnections['excluded'] = []
  if (rule.on.length === 0) return { included, excluded }
  const needed = sourceCapabilities(rule, env)
  const candidates = rule.sources ? rule.sources : env.connections.map((c) => c.id)
  for (const id of candidates) {
    const connection = env.connections.find((c) => c.id === id)
    if (!connection) {
      excluded.push({ id, reason: 'no such connection in the config', cause: 'unknown' })
      continue
    }
    const { connector } = connection
    const missing = needed.filter((capability) => !Object.hasOwn(connector.capabilities, capability))
    if (!rule.on.some((type) => connector.emits.includes(type))) {
      excluded.push({ id, reason: `${connector.name} emits none of ${rule.on.join(', ')}`, cause: 'emits' })
    } else if (missing.length > 0) {
      excluded.push({ id, reason: `${connector.name} lacks ${missing.join(', ')}`, cause: 'capability' })
    } else included.push(id)
  }
  return { included, excluded }
}
