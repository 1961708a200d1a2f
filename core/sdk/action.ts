import type { z } from 'zod'
import type { ActionContext, ActionResult, IdempotencyClass, ProbeResult } from './connector.js'

/**
 * What an action step expects to change on its target resource, recorded at reserve so that the echo
 * of cartwire's own write is recognised even when it arrives before the commit (SEMANTICS.md §12).
 * `equals`: the field will hold exactly this value; `includes`: the field (array or string) will contain it;
 * `follows`: the field changes as a consequence of the others.
 */
export interface FieldEffect {
  path: string
  equals?: unknown
  includes?: unknown[]
  /**
   * The field is the platform's bookkeeping of this write's other effects (a raw status string, a
   * cancelledAt stamp): any change to it is explained when another effect of the same write explains a
   * change in that version. An effect with none of equals, includes and follows names the field but
   * explains nothing.
   */
  follows?: true
}

/**
 * A custom or built-in action that does not belong to a connector (http.request, log, email, …).
 * Params are validated with `params` at load time (after interpolation, at run time, once more).
 */
export interface ActionDefinition<S extends z.ZodType = z.ZodType> {
  name: string
  /** @default 'unsafe' */
  idempotency: IdempotencyClass
  params: S
  /**
   * Some actions decide their class per step (http.request is `keyed` when the step sets
   * `"idempotent": true`); the core asks with the step's static params.
   */
  idempotencyFor?(params: z.output<S>): IdempotencyClass
  run(ctx: ActionContext, params: z.output<S>): Promise<ActionResult>
  probe?(ctx: ActionContext, params: z.output<S>): Promise<ProbeResult>
}
