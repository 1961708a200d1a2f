import { CartwireError } from './errors.js'

/**
 * Parses a platform timestamp that carries an explicit zone (ISO-8601 with `Z` or an offset, or RFC 2822
 * with a zone) to epoch ms. A string without a zone is refused: strings are never compared as strings,
 * and a guessed zone silently reorders versions. Use `assumeUtc` only for fields the platform documents
 * as UTC without saying so in the string (WooCommerce `*_gmt`).
 */
export function parseTimestamp(value: string, opts: { assumeUtc?: boolean } = {}): number {
  const s = value.trim()
  const iso = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(s)
  if (iso) {
    let text = s.replace(' ', 'T')
    if (!iso[3]) {
      if (!opts.assumeUtc) throw new CartwireError('ERR_SCHEMA', `timestamp "${value}" has no zone`)
      text += 'Z'
    }
    // JS Date keeps ms only: trim sub-ms digits so "…:13.123456Z" parses
    text = text.replace(/(\.\d{3})\d+/, '$1')
    const ms = Date.parse(text)
    if (!Number.isNaN(ms)) return ms
  } else if (/^[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}(:\d{2})? ([+-]\d{4}|GMT|UTC|UT|Z)$/.test(s)) {
    const ms = Date.parse(s)
    if (!Number.isNaN(ms)) return ms
  }
  throw new CartwireError('ERR_SCHEMA', `timestamp "${value}" is not an ISO-8601 or RFC 2822 time with a zone`)
}

/** Normalizes a zoned platform timestamp to ISO-8601 UTC with milliseconds. */
export function toUtcIso(value: string, opts: { assumeUtc?: boolean } = {}): string {
  return new Date(parseTimestamp(value, opts)).toISOString()
}
