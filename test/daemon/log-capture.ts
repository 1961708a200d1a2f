import { Writable } from 'node:stream'
import { createLogger, type LoggerOptions } from '../../core/daemon/logger.js'

/** The daemon's real logger writing JSON lines into memory, for tests that assert on what an operator reads. */
export function captureLog(opts: Omit<LoggerOptions, 'destination'> = {}) {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean))
      done()
    },
  })
  const log = createLogger({ level: 'debug', pretty: false, ...opts, destination })
  return { log, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) }
}
