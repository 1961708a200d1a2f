import { z } from 'zod'
import { defineConnector, EVENT_TYPES, secretList, type ConnectorContext, type ConnectorInstance } from '../../core/sdk/index.js'
import { sandboxActions, sandboxProbe } from './actions.js'
import { fetchResource, walk } from './poll.js'
import { SandboxRuntime, type SandboxOptions } from './runtime.js'
import { RUNTIME } from './runtime-key.js'
import { decodeDelivery, HEADERS, verifyRequest } from './webhooks.js'

const options = z.object({
  /** where the store's data file and webhook secret live. @default './data/sandbox/<connection id>' */
  dataDir: z.string().min(1).optional(),
  /** new orders per minute once the daemon runs (`0`: no generated activity). @default 6 */
  ordersPerMinute: z.number().min(0).max(600).default(6),
  /** PRNG seed used when the data folder is created (same seed, same ticks, same clock: same store). @default random */
  seed: z.number().int().min(0).optional(),
  /** overrides the secret generated into the data folder; a list during a rotation. @default generated */
  webhookSecret: secretList().optional(),
  /** orders kept in the data file; older ones are forgotten. @default 500 */
  historyLimit: z.number().int().min(10).max(100_000).default(500),
  /** `thin`: webhooks carry only the id, and the daemon fetches the rest. @default 'full' */
  payload: z.enum(['full', 'thin']).default('full'),
})

const EMITTED = ['order.', 'shipment.', 'product.', 'inventory.', 'customer.']

/**
 * `sandbox`: a simulated store with no platform behind it (README.md). Its catalog, stock, customers and
 * orders live in a lowdb JSON file; once the daemon starts it, it generates orders and their life
 * (payments, shipments, cancellations, refunds, stock moves) and delivers every change as a signed
 * webhook to the daemon's own `/webhooks/<connection>`. It answers polls and fetches from the same file,
 * and its unified capabilities change it, so rules visibly act on it.
 */
export default defineConnector({
  name: 'sandbox',
  version: '1.0.0',
  options,
  emits: EVENT_TYPES.filter((type) => EMITTED.some((prefix) => type.startsWith(prefix))),
  capabilities: {
    'order.addTags': { idempotency: 'natural' },
    'order.addNote': { idempotency: 'probe' },
    'order.setStatus': { idempotency: 'natural' },
    'inventory.set': { idempotency: 'natural' },
    'product.setPrice': { idempotency: 'natural' },
    'fulfillment.create': { idempotency: 'keyed' },
  },
  setup(ctx: ConnectorContext<z.output<typeof options>>) {
    // nothing here touches the disk or the network: CLI commands and tests call setup without traffic
    const rt = new SandboxRuntime(ctx as ConnectorContext<SandboxOptions>)
    const instance: ConnectorInstance = {
      verify: (req) => verifyRequest(req, rt.webhookSecrets()),
      dedupeKey: (req) => req.headers[HEADERS.deliveryId],
      decode: (delivery) => decodeDelivery(delivery),
      fetch: async (ref) => fetchResource(rt.read(), ref),
      poll: (cursor, signal) => walk({ read: () => rt.read(), now: () => rt.now(), afterFirstPage: () => rt.applyWalkEdits() }, cursor, signal),
      actions: sandboxActions(rt),
      probe: (capability, actx, params) => sandboxProbe(rt, capability, actx, params),
      start: async () => rt.start(),
      close: () => rt.close(),
    }
    return Object.assign(instance, { [RUNTIME]: rt })
  },
})
