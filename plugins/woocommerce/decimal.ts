import { CartwireError } from '../../core/sdk/index.js'

/**
 * Exact decimal arithmetic on WooCommerce's money strings ("512.00", "-10.00"): sums and comparisons
 * of refunds and line subtotals are done on scaled bigints, never on binary floats.
 */

interface Scaled {
  units: bigint
  scale: number
}

function parse(value: string): Scaled {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim())
  if (!m) throw new CartwireError('ERR_DECODE', `"${value}" is not a decimal amount`)
  const fraction = m[3] ?? ''
  const units = BigInt(`${m[2]}${fraction}`) * (m[1] ? -1n : 1n)
  return { units, scale: fraction.length }
}

function align(a: Scaled, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale)
}

function format({ units, scale }: Scaled): string {
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0')
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
  return negative ? `-${text}` : text
}

/** The exact sum, with as many fraction digits as the longest operand. `sum([])` is "0". */
export function sumDecimals(values: readonly string[]): string {
  const parsed = values.map(parse)
  const scale = Math.max(0, ...parsed.map((p) => p.scale))
  return format({ units: parsed.reduce((acc, p) => acc + align(p, scale), 0n), scale })
}

export function absDecimal(value: string): string {
  const p = parse(value)
  return format({ units: p.units < 0n ? -p.units : p.units, scale: p.scale })
}

/** -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  const pa = parse(a)
  const pb = parse(b)
  const scale = Math.max(pa.scale, pb.scale)
  const d = align(pa, scale) - align(pb, scale)
  return d < 0n ? -1 : d > 0n ? 1 : 0
}

/**
 * A JSON number as the decimal string it was written as (`20.5` → "20.5"). WooCommerce sends a line's
 * unit `price` as a number; JS prints the shortest round-trip form, which is the decimal PHP encoded.
 */
export function numberToDecimal(value: number | string): string {
  if (typeof value === 'string') return parse(value) && value.trim()
  if (!Number.isFinite(value)) throw new CartwireError('ERR_DECODE', `price ${value} is not finite`)
  const text = String(value)
  return /e/i.test(text) ? value.toFixed(20).replace(/\.?0+$/, '') : text
}
