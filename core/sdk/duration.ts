const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `500ms`, `30s`, `10m`, `2h`, `1d` → milliseconds (1d = 24 hours elapsed). Throws on anything else. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text)
  if (!match) throw new TypeError(`"${text}" is not a duration like 30s, 10m, 2h or 1d`)
  return Number(match[1]) * UNITS[match[2]]
}

export function isDuration(text: unknown): text is string {
  return typeof text === 'string' && /^(\d+)(ms|s|m|h|d)$/.test(text)
}
