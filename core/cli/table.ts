import path from 'node:path'

/**
 * Human output of list commands: left-aligned columns two spaces apart, a header line, the last column
 * unpadded (it is usually a message). Cells are single-line: newlines become spaces.
 */
export function formatTable(headers: string[], rows: string[][]): string[] {
  const cells = [headers, ...rows].map((row) => row.map((cell) => cell.replace(/\s*\n\s*/g, ' ')))
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)))
  return cells.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  )
}

/** `42s`, `5m`, `3h`, `2d`: the largest whole unit, for an age column. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m`
  if (s < 86_400) return `${Math.floor(s / 3600)}h`
  return `${Math.floor(s / 86_400)}d`
}

/** At most `max` characters, an ellipsis marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** A path as a user reads it: relative to the working folder when inside it, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
}

/** A JSON document for `--json` output: indented, one `out` call. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2)
}
