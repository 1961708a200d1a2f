import { z } from 'zod'
import { secret, secretList } from '../../core/sdk/index.js'
import { TOPICS } from './topics.js'

/** What a poll walk covers, in this order. */
export const POLL_RESOURCES = ['orders', 'products', 'customers', 'inventory'] as const
export type PollResource = (typeof POLL_RESOURCES)[number]

/**
 * The newest stable Admin API version when this connector was written (Shopify releases one a quarter
 * and supports each for about a year). The connector adapts to older versions where the API changed
 * under it: `inventorySetQuantities` takes `compareQuantity` before 2026-01 and `changeFromQuantity`
 * (plus a mandatory `@idempotent` key from 2026-04) after.
 */
export const DEFAULT_API_VERSION = '2026-10'

export const options = z.object({
  /** The shop's permanent domain, e.g. `my-shop.myshopify.com`. */
  shop: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'expected <name>.myshopify.com'),
  /** Where the Admin API is reached. Tests point it at a local fake. @default `https://<shop>` */
  baseUrl: z.string().url().optional(),
  /** Admin API access token of the custom app (`shpat_…`). */
  accessToken: secret(),
  /** The app's client secret that signs webhooks; a list during a rotation (a delivery signed by any is accepted). */
  webhookSecret: secretList(),
  /** Admin API version, `YYYY-MM`. @default '2026-10' */
  apiVersion: z.string().regex(/^\d{4}-(01|04|07|10)$/, 'expected YYYY-01|04|07|10').default(DEFAULT_API_VERSION),
  /** Webhook topics `subscriptions.sync` keeps pointed at cartwire. @default every topic the connector decodes */
  topics: z.array(z.enum(Object.keys(TOPICS) as [string, ...string[]])).min(1).optional(),
  /** What a poll walk covers. @default ['orders', 'products', 'customers', 'inventory'] */
  poll: z.array(z.enum(POLL_RESOURCES)).default([...POLL_RESOURCES]),
  /** Subtracted from the walk's start (Shopify's clock) to give the next walk's `updated_at_min`. @default 120000 */
  overlapMs: z.number().int().min(0).default(120_000),
  /** REST page size (Shopify's maximum is 250). @default 250 */
  pageSize: z.number().int().min(1).max(250).default(250),
  /** GraphQL products per poll page (each with up to 20 variants; keeps a page's cost under 1,000). @default 20 */
  productPageSize: z.number().int().min(1).max(50).default(20),
  /** Inventory locations a poll walk covers. @default every active location */
  locationIds: z.array(z.string().regex(/^\d+$/)).optional(),
  /** The shop currency for product prices. @default read once from the shop */
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  /** REST leak rate of the shop's plan (2 Standard, 4 Advanced, 20 Plus); the bucket size is read from responses. @default 2 */
  restLeakPerSecond: z.number().positive().default(2),
  /** Share of each rate-limit bucket that actions may never use, kept for polls and fetches. @default 0.25 */
  intakeReserve: z.number().min(0).max(0.9).default(0.25),
})

export type ShopifyOptions = z.output<typeof options>

/** Options after the core resolved secrets, with defaults applied and derived values filled in. */
export interface Settings {
  base: string
  apiVersion: string
  accessToken: string
  webhookSecrets: string[]
  topics: string[]
}

export function settingsOf(o: ShopifyOptions): Settings {
  const secrets = Array.isArray(o.webhookSecret) ? o.webhookSecret : [o.webhookSecret]
  return {
    base: (o.baseUrl ?? `https://${o.shop}`).replace(/\/+$/, ''),
    apiVersion: o.apiVersion,
    accessToken: String(o.accessToken),
    webhookSecrets: secrets.map(String),
    topics: o.topics ?? Object.keys(TOPICS),
  }
}

/** `YYYY-MM` versions compare as strings. */
export function versionAtLeast(version: string, min: string): boolean {
  return version >= min
}
