import { z } from 'zod'

/**
 * Secrets never appear in config files: `env('SHOPIFY_TOKEN')` marks where a value comes from. The core
 * resolves markers at start (`--require-secrets` or `start` fail on a missing one), masks every resolved
 * value in logs, and `validate`/`test` check structure without needing the values.
 */
export const ENV_MARKER = Symbol.for('cartwire.env')

export interface EnvMarker {
  readonly [ENV_MARKER]: true
  readonly name: string
}

export function env(name: string): EnvMarker {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TypeError(`env(): "${name}" is not a valid environment variable name`)
  return Object.freeze({ [ENV_MARKER]: true as const, name, toJSON: () => `env(${name})` })
}

export function isEnvMarker(value: unknown): value is EnvMarker {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ENV_MARKER] === true
}

/**
 * An option that holds a secret. Accepts a string (tests, local setups) or an env marker; after the core
 * resolves markers it always sees a string. `secret().list()` accepts one or several, for rotation.
 */
export function secret() {
  return z.union([z.string().min(1), z.custom<EnvMarker>(isEnvMarker, { message: 'expected a string or env("NAME")' })]).describe('secret')
}

export function secretList() {
  const one = secret()
  return z.union([one, z.array(one).min(1)]).describe('secret-list')
}

/** Resolves markers in a plain options object; records each resolved value for masking. */
export function resolveSecrets(value: unknown, source: NodeJS.ProcessEnv, found: { missing: string[]; values: string[] }): unknown {
  if (isEnvMarker(value)) {
    const resolved = source[value.name]
    if (resolved === undefined || resolved === '') {
      found.missing.push(value.name)
      return undefined
    }
    found.values.push(resolved)
    return resolved
  }
  if (Array.isArray(value)) return value.map((v) => resolveSecrets(v, source, found))
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSecrets(v, source, found)]))
  }
  return value
}
