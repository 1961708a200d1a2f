import type { z } from 'zod'
import type { ActionDefinition } from './action.js'
import type { ConnectorDefinition } from './connector.js'

/**
 * A connector is data plus `setup`. The definition is returned frozen so the static part can be read
 * without running anything; options are validated per connection at load time (core/registry).
 */
export function defineConnector<S extends z.ZodType>(definition: ConnectorDefinition<S>): ConnectorDefinition<S> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) throw new TypeError(`defineConnector: name "${definition.name}" must be kebab-case`)
  return Object.freeze({ ...definition, kind: 'connector' as const })
}

/** An action is data plus `run`. @see ActionDefinition */
export function defineAction<S extends z.ZodType>(definition: Omit<ActionDefinition<S>, 'idempotency'> & Partial<Pick<ActionDefinition<S>, 'idempotency'>>): ActionDefinition<S> {
  if (!/^[a-z][a-zA-Z0-9-]*(\.[a-z][a-zA-Z0-9-]*)*$/.test(definition.name)) throw new TypeError(`defineAction: name "${definition.name}" must look like noun.verb`)
  return Object.freeze({ idempotency: 'unsafe' as const, ...definition, kind: 'action' as const })
}

export function isConnectorDefinition(value: unknown): value is ConnectorDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: string }).kind === 'connector'
}

export function isActionDefinition(value: unknown): value is ActionDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: string }).kind === 'action'
}
