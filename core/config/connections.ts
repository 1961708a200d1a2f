import type { Config, ConnectionConfig } from '../sdk/config.js'
import type { ConnectorDefinition } from '../sdk/connector.js'
import { CartwireError } from '../sdk/errors.js'
import { isEnvMarker, resolveSecrets } from '../sdk/secrets.js'
import type { PluginSet } from './plugins.js'

/** A connection whose options passed the connector's schema, frozen; `setup` has not run yet. */
export interface PreparedConnection {
  id: string
  config: ConnectionConfig
  definition: ConnectorDefinition
  options: Readonly<Record<string, unknown>>
  timezone: string
}

export interface PrepareResult {
  connections: PreparedConnection[]
  /** `file: path: message` lines; non-empty means start must refuse */
  problems: string[]
  /** env() names that had no value */
  missingSecrets: string[]
  /** resolved secret values, for log masking */
  secretValues: string[]
}

/**
 * Validates each connection's options against its connector's schema at load time (the core validates,
 * plugins trust), resolving env() markers. Without `requireSecrets`, a missing secret is replaced by a
 * placeholder so `validate` and `test` check structure without the values (SEMANTICS.md §13).
 */
export function prepareConnections(config: Config, plugins: PluginSet, opts: { env?: NodeJS.ProcessEnv; requireSecrets?: boolean; file?: string } = {}): PrepareResult {
  const file = opts.file ?? 'automation.config.ts'
  const result: PrepareResult = { connections: [], problems: [], missingSecrets: [], secretValues: [] }
  const seen = new Set<string>()
  config.connections.forEach((connection, index) => {
    const where = `${file}: connections.${index}`
    if (seen.has(connection.id)) result.problems.push(`${where}.id: duplicate connection id "${connection.id}"`)
    seen.add(connection.id)
    const definition = typeof connection.connector === 'string' ? plugins.connectors.get(connection.connector) : connection.connector
    if (!definition) {
      const known = [...plugins.connectors.keys()].join(', ') || 'none'
      result.problems.push(`${where}.connector: unknown connector "${String(connection.connector)}" (known: ${known})`)
      return
    }
    const found = { missing: [] as string[], values: [] as string[] }
    let options = resolveSecrets(connection.options, opts.env ?? process.env, found) as Record<string, unknown>
    result.secretValues.push(...found.values)
    if (found.missing.length) {
      result.missingSecrets.push(...found.missing)
      if (opts.requireSecrets) result.problems.push(...found.missing.map((name) => `${where}.options: secret env("${name}") is not set`))
      options = resolveSecrets(connection.options, placeholderEnv(connection.options), { missing: [], values: [] }) as Record<string, unknown>
    }
    const parsed = definition.options.safeParse(options)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) result.problems.push(`${where}.options.${issue.path.join('.')}: ${issue.message}`)
      return
    }
    result.connections.push({
      id: connection.id,
      config: connection,
      definition,
      options: deepFreeze(parsed.data as Record<string, unknown>),
      timezone: connection.timezone ?? config.timezone,
    })
  })
  return result
}

/** `env('X')` → `<env:X>` so structure validates without the value. */
function placeholderEnv(options: unknown): NodeJS.ProcessEnv {
  const names: Record<string, string> = {}
  const walk = (v: unknown): void => {
    if (isEnvMarker(v)) names[v.name] = `<env:${v.name}>`
    else if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  walk(options)
  return names
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value as object)) deepFreeze(v)
  }
  return value
}

export function assertNoProblems(result: PrepareResult): void {
  if (result.problems.length) throw new CartwireError('ERR_CONFIG', result.problems.join('\n'), { details: result.problems })
}
