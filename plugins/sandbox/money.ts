import { CartwireError, type Money } from '../../core/sdk/index.js'

/**
 * The sandbox sells in EUR only and computes in integer cents, so no binary float ever touches an
 * amount; entities carry decimal strings (DESIGN.md §3).
 */
export const CURRENCY = 'EUR'

export function fromCents(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

export function toCents(amount: string): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount)
  if (!match) throw new CartwireError('ERR_PARAMS', `"${amount}" is not a decimal amount`)
  const fraction = (match[3] ?? '').padEnd(3, '0')
  // a third fraction digit rounds half up: EUR has two minor units
  const cents = Number(match[2]) * 100 + Number(fraction.slice(0, 2)) + (Number(fraction[2]) >= 5 ? 1 : 0)
  return match[1] ? -cents : cents
}

export function eur(cents: number): Money {
  return { amount: fromCents(cents), currency: CURRENCY }
}

/** A price param as the action schemas allow it: a decimal string or a non-negative number. */
export function priceFromParam(value: number | string): Money {
  return eur(typeof value === 'number' ? Math.round(value * 100) : toCents(value))
}
