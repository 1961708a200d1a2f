import type { ConnectorInstance } from '../../core/sdk/index.js'
import type { SandboxRuntime } from './runtime.js'
import { RUNTIME } from './runtime-key.js'

/**
 * The simulator's inside, for tests and the conformance fixture only (a plugin's users never import
 * this): the runtime behind a connector instance, and the pieces a test needs to play the merchant on
 * the same data folder.
 */
export function runtimeOf(instance: ConnectorInstance): SandboxRuntime {
  const rt = (instance as ConnectorInstance & { [RUNTIME]?: SandboxRuntime })[RUNTIME]
  if (!rt) throw new TypeError('not a sandbox connector instance')
  return rt
}

export type { SandboxRuntime } from './runtime.js'
export { SandboxState, World, writeWorld } from './state.js'
export { initialData } from './catalog.js'
export { seed, touch, remove } from './merchant.js'
export { createOrder } from './orders.js'
export { fulfil } from './lifecycle.js'
export { loadOrCreateSecret, secretFile } from './secret.js'
export { webhookRequest, HEADERS } from './webhooks.js'
export { findEntity, UPDATE_TOPIC, type SandboxData, type SandboxKind, type Change } from './data.js'
export { PAGE_SIZE } from './poll.js'
