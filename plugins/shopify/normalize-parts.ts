import { CartwireError, toUtcIso, type Address, type CustomerRef, type Money } from '../../core/sdk/index.js'

/**
 * Pieces every normalizer shares. Normalization must be deterministic: the same platform state gives
 * the same canonical entity whether it came by webhook, REST or GraphQL, so Shopify's retries with the
 * original payload and a poll of an unchanged record change nothing (SEMANTICS.md §1).
 */

/** A Shopify payload object: the REST/webhook JSON or a GraphQL node. */
export type Raw = Record<string, any>

/** An id as a string: numbers and strings (safe-json keeps big ids as strings) alike; null when absent. */
export function idOf(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'bigint') return String(value)
  throw new CartwireError('ERR_DECODE', `expected an id, got ${JSON.stringify(value)}`)
}

export function requireId(value: unknown, what: string): string {
  const id = idOf(value)
  if (id === null) throw new CartwireError('ERR_DECODE', `${what} has no id`)
  return id
}

/** `gid://shopify/Order/123` → `123`; a plain id is returned as it is. */
export function legacyId(value: string): string {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/([^/?]+)/.exec(value)
  return match ? match[1] : value
}

export function gid(type: string, id: string): string {
  return id.startsWith('gid://') ? id : `gid://shopify/${type}/${id}`
}

/**
 * A decimal string as Shopify gives it, with at least two fraction digits so REST ("19.90") and GraphQL
 * ("19.9") spell one amount alike; never rounded.
 */
export function decimal(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : ''
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) throw new CartwireError('ERR_DECODE', `expected a decimal amount, got ${JSON.stringify(value)}`)
  const fraction = (match[3] ?? '').padEnd(2, '0')
  return `${match[1]}${match[2]}.${fraction}`
}

/** Exact sum of decimal strings (scaled integers, never floats). */
export function sumDecimals(values: readonly string[]): string {
  const scale = Math.max(2, ...values.map((v) => decimal(v).split('.')[1].length))
  let total = 0n
  for (const value of values) {
    const [whole, fraction] = decimal(value).split('.')
    const negative = whole.startsWith('-')
    const units = BigInt(whole.replace('-', '')) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, '0'))
    total += negative ? -units : units
  }
  const sign = total < 0n ? '-' : ''
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, '0')
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`
}

export function money(value: unknown, currency: string): Money {
  return { amount: decimal(value ?? '0'), currency }
}

/**
 * Shopify tags: a comma-separated string (REST, webhooks) or a list (GraphQL) → trimmed, de-duplicated,
 * sorted (Shopify keeps them sorted; sorting here makes every source agree).
 */
export function tagsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : []
  return [...new Set(list.map((tag) => tag.trim()).filter(Boolean))].sort()
}

/** A zoned Shopify time → ISO UTC (never a string comparison, never a guessed zone). */
export function time(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new CartwireError('ERR_DECODE', `${what} is missing`)
  return toUtcIso(value)
}

export function optionalTime(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? toUtcIso(value) : null
}

/** A non-empty trimmed string, else null. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null
}

export function address(raw: Raw | null | undefined): Address | null {
  if (!raw) return null
  const name = text(raw.name) ?? text([raw.first_name, raw.last_name].filter(Boolean).join(' '))
  const fields: Record<keyof Address, string | null> = {
    name, company: text(raw.company), line1: text(raw.address1), line2: text(raw.address2), city: text(raw.city),
    region: text(raw.province), postalCode: text(raw.zip), countryCode: text(raw.country_code)?.toUpperCase() ?? null, phone: text(raw.phone),
  }
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)) as Address
}

/**
 * Marketing consent: `email_marketing_consent.state` since 2022 (`subscribed`), the older boolean
 * `accepts_marketing` where a payload still has it.
 */
export function acceptsMarketing(raw: Raw): boolean {
  const state = raw.email_marketing_consent?.state
  if (typeof state === 'string') return state === 'subscribed'
  return raw.accepts_marketing === true
}

export function customerRef(raw: Raw | null | undefined): CustomerRef | null {
  if (!raw) return null
  return { id: idOf(raw.id), email: text(raw.email), tags: tagsOf(raw.tags), acceptsMarketing: acceptsMarketing(raw) }
}
