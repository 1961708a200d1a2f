/**
 * "Did you mean …" for names people mistype in rule files (event types, actions, operators). Edit
 * distance with adjacent transpositions; a candidate is offered when it is within a third of the
 * longer name (at least 2 edits), closest first.
 */
export function closest(input: string, candidates: Iterable<string>, max = 3): string[] {
  const scored: Array<{ name: string; distance: number }> = []
  for (const name of new Set(candidates)) {
    const limit = Math.max(2, Math.floor(Math.max(input.length, name.length) / 3))
    const distance = editDistance(input.toLowerCase(), name.toLowerCase())
    if (distance <= limit) scored.push({ name, distance })
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((s) => s.name)
}

/** ` (did you mean a or b?)`, or '' when nothing is close. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return ''
  const quoted = suggestions.map((s) => `"${s}"`)
  return ` (did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?)`
}

function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[a.length][b.length]
}
