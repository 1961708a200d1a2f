import { z } from 'zod'
import { defineAction } from '../../core/sdk/index.js'

const params = z.strictObject({
  message: z.string(),
  /** @default 'info' */
  level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** extra structured data, kept under `fields` so it cannot overwrite the line's own keys (level, msg, time) */
  fields: z.record(z.string(), z.json()).optional(),
})

/**
 * `log`: writes one line to the daemon's log, e.g. to trace a rule while writing it. The line carries the
 * step's idempotency key and event id, so it can be found next to the step's own outcome line. It goes
 * through the daemon's logger: resolved secrets are masked as in every other line.
 */
export default defineAction({
  name: 'log',
  // `natural`: a crash between writing and committing makes the step run again, and the only effect of
  // that is the same line logged twice, which harms nothing; no in-doubt exception is worth raising for it.
  idempotency: 'natural',
  params,
  async run(ctx, p) {
    ctx.log[p.level]({ key: ctx.key, ...(ctx.event && { event: ctx.event.id }), ...(p.fields && { fields: p.fields }) }, p.message)
  },
})
