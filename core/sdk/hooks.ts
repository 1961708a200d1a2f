import type { ActionContext, ActionResult } from './connector.js'
import type { CommerceEvent } from './events.js'
import type { SerializedError } from './errors.js'

/**
 * The closed list of hooks for custom code. Run modes:
 * - `sequential`: awaited one after another in config order; the return value (if any) replaces the input.
 * - `parallel`:   started together, awaited, results ignored; a throw is logged, never fails the work.
 */
export interface HookStepInfo {
  rule: string
  step: string
  action: string
  target: string
}

export interface Hooks {
  /** parallel — every stored event, after its runs were planned */
  onEvent?: (event: CommerceEvent) => void | Promise<void>
  /** sequential, may transform — before an action runs; return new params or nothing */
  beforeAction?: (info: HookStepInfo, params: unknown, ctx: ActionContext) => unknown | Promise<unknown>
  /** parallel — after an action succeeded and its step committed */
  afterAction?: (info: HookStepInfo, result: ActionResult, ctx: ActionContext) => void | Promise<void>
  /** parallel — after an exception was recorded */
  onException?: (exception: { id: string; kind: string; code: string; error: SerializedError }) => void | Promise<void>
  /** sequential — once the daemon is ready to serve */
  onReady?: () => void | Promise<void>
  /** sequential — while the daemon shuts down, after work drained */
  onClose?: () => void | Promise<void>
}

export const HOOK_MODES = {
  onEvent: 'parallel',
  beforeAction: 'sequential',
  afterAction: 'parallel',
  onException: 'parallel',
  onReady: 'sequential',
  onClose: 'sequential',
} as const satisfies Record<keyof Hooks, 'sequential' | 'parallel'>

export type HookName = keyof typeof HOOK_MODES
