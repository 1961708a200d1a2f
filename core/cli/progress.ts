/**
 * A small progress bar for long CLI work (migrate; later replay and backfill), always on stderr so
 * piped stdout stays clean:
 * - on a TTY: one line redrawn in place (`\r`), cleared when done;
 * - otherwise (CI logs, files): a plain line each time another tenth of the work is done, plus the
 *   last one — periodic by progress, not by time, so a log reads the same on every run;
 * - under `--quiet`: nothing.
 */
export type ProgressSink =
  | { kind: 'tty'; write(chunk: string): void; columns?: number }
  | { kind: 'lines'; line(text: string): void }
  | { kind: 'quiet' }

export interface Progress {
  /** `done` of `total` units finished; `detail` names what is being done now */
  update(done: number, detail?: string): void
  /** the work is over: a TTY line is cleared, a plain line says so */
  finish(detail?: string): void
}

export type ProgressFactory = (label: string, total: number) => Progress

const WIDTH = 24

export function createProgress(sink: ProgressSink, label: string, total: number): Progress {
  if (sink.kind === 'quiet') return { update() {}, finish() {} }
  let lastTenth = -1
  let drawn = 0
  const render = (done: number, detail?: string): string => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1
    return `${label} ${bar(ratio)} ${done}/${total}${detail ? ` ${detail}` : ''}`
  }
  return {
    update(done, detail) {
      if (sink.kind === 'lines') {
        const tenth = total > 0 ? Math.floor((Math.min(done, total) * 10) / total) : 10
        if (tenth === lastTenth) return
        lastTenth = tenth
        sink.line(render(done, detail))
        return
      }
      const text = fit(render(done, detail), sink.columns)
      sink.write(`\r${text}${' '.repeat(Math.max(0, drawn - text.length))}`)
      drawn = text.length
    },
    finish(detail) {
      if (sink.kind === 'lines') {
        if (lastTenth !== 10) sink.line(render(total, detail))
        lastTenth = 10
        return
      }
      if (drawn > 0) sink.write(`\r${' '.repeat(drawn)}\r`)
      drawn = 0
    },
  }
}

function bar(ratio: number): string {
  const full = Math.round(ratio * WIDTH)
  return `[${'#'.repeat(full)}${'-'.repeat(WIDTH - full)}] ${String(Math.round(ratio * 100)).padStart(3)}%`
}

/** A redrawn line must not wrap, or `\r` redraws only its last row. */
function fit(text: string, columns?: number): string {
  return columns && text.length >= columns ? text.slice(0, Math.max(0, columns - 1)) : text
}
