import type { EntityByKind, Money, ResourceKind } from '../sdk/entities.js'
import { SCHEMA_BASE, schemaDocuments } from './schemas.js'

/**
 * Views: what rules see of an entity (schemas/context.schema.json `$defs/*View`).
 *
 * A view is the canonical entity with every Money field `x` turned into a number in major units
 * (`Number(amount)`) and the exact Money kept beside it as `xMoney`; tags trimmed, empty ones dropped.
 * The numbers are for comparisons and arithmetic in conditions (`>= 500`) only: a float cannot hold
 * every decimal, so anything that writes an amount back uses the exact `…Money` string.
 *
 * Which fields are Money is read from schemas/entities (a property whose schema refers to
 * money.schema.json), not listed here. Pure: the input is never mutated or shared with the output.
 */

export type MoneyKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends Money ? K : never }[keyof T]

/** The view type of a canonical value: Money → number, `xMoney` beside each Money field. */
export type ViewOf<T> = T extends Money
  ? number
  : T extends readonly (infer U)[]
    ? ViewOf<U>[]
    : T extends object
      ? { [K in keyof T]: ViewOf<T[K]> } & { [K in keyof T as K extends MoneyKeys<T> ? `${K & string}Money` : never]: T[K] }
      : T

export type View<K extends ResourceKind> = ViewOf<EntityByKind[K]>

/** `kind` only types the result: the same rule makes the view of every kind. */
export function toView<K extends ResourceKind>(_kind: K, entity: EntityByKind[K]): View<K> {
  return viewOf(entity)
}

/** The view of any canonical value (a refund, a fulfillment, a line). */
export function viewOf<T>(value: T): ViewOf<T> {
  return convert(value, moneyKeys()) as ViewOf<T>
}

function convert(value: unknown, money: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => convert(item, money))
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    if (money.has(key) && (child === null || isMoney(child))) {
      out[key] = child === null ? null : Number(child.amount)
      out[`${key}Money`] = child === null ? null : { amount: child.amount, currency: child.currency }
    } else if (key === 'tags' && Array.isArray(child)) {
      out[key] = trimTags(child)
    } else {
      out[key] = convert(child, money)
    }
  }
  return out
}

/** json-logic `in` tests array membership, so " vip" must become "vip"; an empty tag is no tag. */
export function trimTags(tags: readonly unknown[]): string[] {
  return tags.filter((tag): tag is string => typeof tag === 'string').map((tag) => tag.trim()).filter((tag) => tag !== '')
}

function isMoney(value: unknown): value is Money {
  return value !== null && typeof value === 'object' && typeof (value as Money).amount === 'string' && typeof (value as Money).currency === 'string'
}

let cachedMoneyKeys: ReadonlySet<string> | undefined

/** Names of entity properties whose schema is Money (`{ $ref: money }` or `anyOf [money, null]`). */
export function moneyKeys(): ReadonlySet<string> {
  if (cachedMoneyKeys) return cachedMoneyKeys
  const keys = new Set<string>()
  for (const [id, doc] of schemaDocuments()) if (id.startsWith(`${SCHEMA_BASE}entities/`)) collectMoneyKeys(doc, keys)
  cachedMoneyKeys = keys
  return keys
}

function collectMoneyKeys(schema: unknown, into: Set<string>): void {
  if (Array.isArray(schema)) return schema.forEach((item) => collectMoneyKeys(item, into))
  if (schema === null || typeof schema !== 'object') return
  const record = schema as Record<string, unknown>
  const properties = record.properties as Record<string, unknown> | undefined
  for (const [name, prop] of Object.entries(properties ?? {})) if (refersToMoney(prop)) into.add(name)
  for (const [key, child] of Object.entries(record)) if (key !== 'examples') collectMoneyKeys(child, into)
}

function refersToMoney(schema: unknown): boolean {
  const record = (schema ?? {}) as Record<string, unknown>
  if (typeof record.$ref === 'string') return /(^|\/)money\.schema\.json$/.test(record.$ref)
  return Array.isArray(record.anyOf) && record.anyOf.some(refersToMoney)
}
