import { z } from 'zod'
import type { ActionDefinition } from './action.js'
import type { ConnectorDefinition } from './connector.js'
import type { Hooks } from './hooks.js'

/** A duration like `500ms`, `30s`, `10m`, `2h`, `1d` (1d = 24 hours elapsed). */
export const durationSchema = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration like 30s, 10m, 2h or 1d')

const connectionSchema = z.object({
  /** the user's name for this connection, e.g. `shopify-main` */
  id: z.string().regex(/^[a-z0-9][a-z0-9-_]*$/, 'lower-case letters, digits, - and _'),
  /** connector name (`shopify`) or the connector definition itself */
  connector: z.union([z.string(), z.custom<ConnectorDefinition>((v) => typeof v === 'object' && v !== null && 'setup' in v)]),
  /** validated against the connector's own options schema at load time */
  options: z.record(z.string(), z.unknown()).default({}),
  /** cron expression for the polling backstop; omitted: the connector's default, `false`: never */
  poll: z.union([z.string(), z.literal(false)]).optional(),
  /** the connection's currency for scheduled contexts */
  currency: z.string().length(3).optional(),
  /** per-connection override of the config timezone */
  timezone: z.string().optional(),
})

const storeSchema = z.discriminatedUnion('driver', [
  z.object({
    driver: z.literal('sqlite'),
    /** @default './data/cartwire.db' */
    path: z.string().default('./data/cartwire.db'),
    /** `full` survives power loss; `normal` survives process death only. @default 'full' */
    synchronous: z.enum(['full', 'normal']).default('full'),
  }),
  z.object({
    driver: z.literal('lowdb'),
    /** omitted: in memory (tests, simulate); a path: one JSON file rewritten on every operation */
    path: z.string().optional(),
  }),
  z.object({ driver: z.literal('postgres'), url: z.string() }),
])

const retrySchema = z.object({
  /** total attempts including the first. @default 5 */
  attempts: z.number().int().min(1).max(100).default(5),
  /** first backoff. @default '1s' */
  base: durationSchema.default('1s'),
  /** backoff cap. @default '5m' */
  max: durationSchema.default('5m'),
  /** growth factor. @default 2 */
  factor: z.number().min(1).max(10).default(2),
  /** ± fraction of randomness. @default 0.2 */
  jitter: z.number().min(0).max(1).default(0.2),
})

export const configSchema = z.object({
  connections: z.array(connectionSchema).default([]),
  store: storeSchema.default({ driver: 'sqlite', path: './data/cartwire.db', synchronous: 'full' }),
  server: z
    .object({
      /** @default 8080 */
      port: z.number().int().min(0).max(65535).default(8080),
      /** @default '0.0.0.0' */
      host: z.string().default('0.0.0.0'),
      /** the URL platforms reach this daemon at (`connectors sync`, and the daemon's own subscription checks) */
      publicUrl: z.string().url().optional(),
      /** with publicUrl: how often the daemon checks and repairs the platforms' webhook subscriptions. @default '1h' */
      subscriptionsEvery: durationSchema.default('1h'),
      /** @default 5242880 (5 MiB) */
      bodyLimit: z.number().int().min(1024).default(5 * 1024 * 1024),
      admin: z
        .object({
          /** @default 8081 */
          port: z.number().int().min(0).max(65535).default(8081),
          /** @default '127.0.0.1' */
          host: z.string().default('127.0.0.1'),
          token: z.unknown().optional(),
        })
        .default({ port: 8081, host: '127.0.0.1' }),
    })
    .default({ port: 8080, host: '0.0.0.0', subscriptionsEvery: '1h', bodyLimit: 5 * 1024 * 1024, admin: { port: 8081, host: '127.0.0.1' } }),
  /** IANA zone for schedules and quiet hours. @default 'UTC' */
  timezone: z.string().default('UTC'),
  /** folder of rule files, relative to the config file. @default './rules' */
  rules: z.string().default('./rules'),
  /** extra plugins (connectors and actions) by definition */
  plugins: z.array(z.custom<ConnectorDefinition | ActionDefinition>((v) => typeof v === 'object' && v !== null)).default([]),
  retry: retrySchema.default({ attempts: 5, base: '1s', max: '5m', factor: 2, jitter: 0.2 }),
  retention: z
    .object({
      /** @default '30d' */
      events: durationSchema.default('30d'),
      /** must be ≥ events. @default '90d' */
      ledger: durationSchema.default('90d'),
    })
    .default({ events: '30d', ledger: '90d' }),
  /** ticks missed while down run once at start when within this window. @default '1h' */
  catchUpWindow: durationSchema.default('1h'),
  /** loop breaker: at most `max` runs per (resource, rule) within `window`. */
  loopBreaker: z.object({ max: z.number().int().min(1).default(10), window: durationSchema.default('10m') }).default({ max: 10, window: '10m' }),
  /** constants rules see as `vars` */
  vars: z.record(z.string(), z.unknown()).default({}),
  hooks: z.custom<Hooks>((v) => typeof v === 'object' && v !== null).optional(),
  /** worker concurrency. @default 8 */
  workers: z.number().int().min(1).max(256).default(8),
})

export type ConfigInput = z.input<typeof configSchema>
export type Config = z.output<typeof configSchema>
export type ConnectionConfig = Config['connections'][number]
export type RetryPolicy = Config['retry']

/** Identity at runtime; gives editors the types of automation.config.ts. Validation happens on load. */
export function defineConfig(config: ConfigInput): ConfigInput {
  return config
}
