import type { LiveConnection, Runtime } from '../engine/runtime.js'
import { UNIFIED_ACTIONS } from '../model/unified-actions.js'
import { validateActionParams } from '../model/schemas.js'
import type { ActionStep } from '../rules/types.js'
import type { FieldEffect } from '../sdk/action.js'
import type { ActionHandler, IdempotencyClass, ProbeResult, ActionContext } from '../sdk/connector.js'
import { CartwireError } from '../sdk/errors.js'
import type { StoredEvent, LedgerEntry } from '../store/contract.js'

/** Everything needed to run one action step, resolved from the step, its target and its params. */
export interface StepTarget {
  target: string
  plugin: string
  idempotency: IdempotencyClass
  run: ActionHandler
  probe?: (ctx: ActionContext, params: unknown) => Promise<ProbeResult>
  /** params as they will be sent: interpolated, defaulted and validated */
  params: Record<string, unknown>
  effect: FieldEffect[] | null
  resource: LedgerEntry['resource']
}

/**
 * Resolves where an action step goes and how safe it is to repeat: a unified action runs on the target
 * connection's connector with the class it declares; anything else is a standalone action (http.request,
 * log, custom). Throws coded user errors (ERR_CAPABILITY, ERR_UNKNOWN_ACTION, ERR_PARAMS).
 */
export function resolveStepTarget(rt: Runtime, step: ActionStep, event: StoredEvent | undefined, resolved: Record<string, unknown>): StepTarget {
  const target = step.target ?? event?.source
  if (!target) throw new CartwireError('ERR_CONFIG', `step ${step.id} has no target connection`)
  const unified = UNIFIED_ACTIONS[step.action]
  if (unified) {
    const connection = rt.connections.get(target)
    if (!connection) throw new CartwireError('ERR_UNKNOWN_CONNECTION', `step ${step.id} targets connection "${target}", which the config does not have`)
    const capability = connection.definition.capabilities[step.action]
    const handler = connection.instance.actions[step.action]
    if (!capability || !handler) throw new CartwireError('ERR_CAPABILITY', `connection ${target} (${connection.definition.name}) cannot ${step.action}`)
    const params = unified.needsOrderId ? withDefaultOrder(resolved, event, target) : resolved
    assertValid(validateActionParams(step.action, params), step)
    return {
      target,
      plugin: connection.definition.name,
      idempotency: capability.idempotency,
      run: handler,
      probe: connection.instance.probe ? (ctx, p) => connection.instance.probe!(step.action, ctx, p) : undefined,
      params,
      effect: unified.effect(params),
      resource: resourceOf(unified.kind, params, connection),
    }
  }
  const action = rt.actions.get(step.action)
  if (!action) throw new CartwireError('ERR_UNKNOWN_ACTION', `no action named ${step.action}`)
  const withFlag = step.idempotent === undefined ? resolved : { ...resolved, idempotent: step.idempotent }
  const parsed = action.params.safeParse(withFlag)
  if (!parsed.success) assertValid(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })), step)
  const params = parsed.data as Record<string, unknown>
  return {
    target,
    plugin: action.name,
    idempotency: action.idempotencyFor?.(params) ?? action.idempotency,
    run: (ctx, p) => action.run(ctx, p),
    probe: action.probe ? (ctx, p) => action.probe!(ctx, p) : undefined,
    params,
    effect: null,
    resource: null,
  }
}

/** Order actions act on the event's order unless params name `orderId` (SEMANTICS.md §9). */
function withDefaultOrder(params: Record<string, unknown>, event: StoredEvent | undefined, target: string): Record<string, unknown> {
  if (params.orderId === undefined && event?.resource.kind === 'order' && event.source === target) {
    return { ...params, orderId: event.resource.id }
  }
  return params
}

function resourceOf(kind: string, params: Record<string, unknown>, connection: LiveConnection): LedgerEntry['resource'] {
  if (kind === 'order' && typeof params.orderId === 'string') return { connection: connection.id, kind: 'order', id: params.orderId }
  if (kind === 'inventory' && typeof params.sku === 'string' && typeof params.locationId === 'string') return { connection: connection.id, kind: 'inventory', id: `${params.sku}@${params.locationId}` }
  return null
}

function assertValid(issues: Array<{ path: string; message: string }> | null, step: ActionStep): void {
  if (issues && issues.length) {
    throw new CartwireError('ERR_PARAMS', `step ${step.id} (${step.action}): ${issues.map((i) => `${i.path || '(params)'}: ${i.message}`).join('; ')}`, { details: issues })
  }
}
