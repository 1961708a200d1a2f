import { pino } from 'pino'
import { CartwireError } from '../sdk/errors.js'
import type { Logger } from '../sdk/logger.js'

const REDACTED = '[REDACTED]'

/**
 * Keys whose values never reach a log line, whoever logs them and whatever they hold (pino redact, by
 * path, up to four levels deep). This catches secrets cartwire never resolved itself, such as a token in
 * a header a connector logs; known secret VALUES are masked wherever they appear, see below.
 */
const SECRET_KEYS = ['authorization', 'Authorization', 'cookie', 'accessToken', 'consumerSecret', 'webhookSecret', 'password', 'token']
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`])

export interface LoggerOptions {
  /** trace, debug, info, warn, error, fatal or silent. @default 'info' */
  level?: string
  /** human-readable lines instead of JSON. @default whether the destination is a terminal (process.stdout.isTTY for stdout) */
  pretty?: boolean
  /** values to mask wherever they appear (resolved env() secrets); more can be added later */
  secrets?: string[]
  /** @default stdout, written synchronously so the last lines before a crash are not lost */
  destination?: NodeJS.WritableStream
}

export type DaemonLogger = Logger & {
  /** masks these values from now on, in this logger and every child of it */
  addSecrets(values: string[]): void
}

/**
 * The daemon's logger: pino, JSON lines (SEMANTICS.md §13).
 *
 * Every known secret value is masked in the finished line, after serialization: in messages, fields,
 * child bindings, error messages and stacks, and URLs (also in its URL-encoded and JSON-escaped forms).
 * Masking the text rather than the objects is what makes "wherever it appears" true: a secret inside
 * a URL string inside an error's cause is still just text in the line. Every non-empty value is masked,
 * however short: a short secret hides some innocent text, which is the lesser evil.
 */
export function createLogger(opts: LoggerOptions = {}): DaemonLogger {
  const level = opts.level ?? 'info'
  if (!(level in pino.levels.values) && level !== 'silent') {
    throw new CartwireError('ERR_CONFIG', `log level "${level}" is not one of ${[...Object.keys(pino.levels.values), 'silent'].join(', ')}`)
  }
  const masker = createMasker(opts.secrets ?? [])
  const out = opts.destination ?? pino.destination({ dest: 1, sync: true })
  const pretty = opts.pretty ?? Boolean(((opts.destination ?? process.stdout) as { isTTY?: boolean }).isTTY)
  const stream = {
    write(line: string) {
      const masked = masker.mask(line)
      out.write(pretty ? formatPretty(masked) : masked)
    },
  }
  const logger = pino({ level, redact: { paths: REDACT_PATHS, censor: REDACTED } }, stream)
  return Object.assign(logger, { addSecrets: masker.add })
}

function createMasker(initial: string[]) {
  const secrets = new Set<string>()
  let pattern: RegExp | undefined
  const add = (values: string[]) => {
    for (const value of values) {
      if (!value) continue
      secrets.add(value)
      secrets.add(JSON.stringify(value).slice(1, -1))
      secrets.add(encodeURIComponent(value))
    }
    // longest first, so a secret that contains another is masked whole
    const forms = [...secrets].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    pattern = forms.length > 0 ? new RegExp(forms.join('|'), 'g') : undefined
  }
  add(initial)
  return { add, mask: (line: string) => (pattern ? line.replace(pattern, REDACTED) : line) }
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' }
const LEVEL_COLOURS: Record<number, string> = { 10: '90', 20: '36', 30: '32', 40: '33', 50: '31', 60: '35' }

/**
 * `12:04:05.123 INFO  step done  rule=large-order step=flag` for a terminal: local time, the level,
 * the message, then the fields (objects as JSON), an error's stack on the lines below. A small built-in
 * instead of pino-pretty: one dependency fewer for a few lines of formatting.
 */
function formatPretty(line: string): string {
  let record: Record<string, unknown>
  try {
    record = JSON.parse(line)
  } catch {
    return line
  }
  const { level, time, msg, pid: _pid, hostname: _hostname, err, ...fields } = record
  const when = new Date(Number(time)).toTimeString().slice(0, 8) + '.' + String(Number(time) % 1000).padStart(3, '0')
  const label = `\x1b[${LEVEL_COLOURS[Number(level)] ?? '0'}m${LEVEL_NAMES[Number(level)] ?? String(level)}\x1b[0m`
  const rest = Object.entries(fields).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
  const stack = err && typeof err === 'object' && 'stack' in err ? `\n  ${String(err.stack).replace(/\n/g, '\n  ')}` : ''
  return `${when} ${label} ${msg ?? ''}${rest.length ? '  ' + rest.join(' ') : ''}${stack}\n`
}
