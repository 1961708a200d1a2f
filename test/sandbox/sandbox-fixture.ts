import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ConnectorFixture, FakePlatform } from '../../core/connector-kit/fixture.js'
import { systemClock, type Clock, type Order, type Product, type ResourceKind } from '../../core/sdk/index.js'
import { findEntity, initialData, loadOrCreateSecret, remove, SandboxState, seed, touch, UPDATE_TOPIC, webhookRequest, writeWorld, type SandboxKind, type World } from '../../plugins/sandbox/internal.js'

/**
 * The conformance fixture for the sandbox. Its "platform" is the sandbox's own data folder: the fixture
 * opens the same data file as the connector and plays the merchant on it (the file is read and written
 * whole on every operation, so both always see one store). Webhooks are built from the file and signed
 * with the secret generated into the folder, which the connector finds there on its own.
 */
export const SANDBOX_KINDS: readonly SandboxKind[] = ['order', 'product', 'inventory', 'customer']

export function sandboxFixture(opts: { clock?: Clock; seed?: number } = {}): ConnectorFixture {
  const clock = opts.clock ?? systemClock
  const seedValue = opts.seed ?? 42
  return {
    async start() {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'cartwire-sandbox-kit-'))
      const state = new SandboxState(dataDir, () => initialData(seedValue, clock.now()))
      const secret = loadOrCreateSecret(dataDir)
      const edit = <T>(fn: (world: World) => T): T => writeWorld(state, clock, fn).result
      const kindOf = (kind: ResourceKind): SandboxKind => {
        if (!(SANDBOX_KINDS as readonly string[]).includes(kind)) throw new Error(`the sandbox has no ${kind}`)
        return kind as SandboxKind
      }
      const entityOf = (kind: ResourceKind, id: string) => {
        const entity = findEntity(state.read(), kindOf(kind), id)
        if (!entity) throw new Error(`the sandbox has no ${kind} ${id}`)
        return entity
      }
      const request = (kind: ResourceKind, id: string, signingSecret: string, mode: 'full' | 'thin') => {
        const entity = entityOf(kind, id)
        return webhookRequest({ topic: UPDATE_TOPIC[kindOf(kind)], kind: kindOf(kind), id, entity, at: entity.updatedAt }, randomUUID(), signingSecret, mode)
      }
      const order = (id: string) => entityOf('order', id) as Order
      const platform: FakePlatform = {
        kinds: SANDBOX_KINDS,
        seed: async (kind, count) => edit((world) => seed(world, kindOf(kind), count)),
        touch: async (kind, id) => edit((world) => touch(world, kindOf(kind), id)),
        webhook: async (kind, id) => request(kind, id, secret, 'full'),
        webhookWithWrongSecret: async (kind, id) => request(kind, id, 'not-the-sandbox-secret', 'full'),
        thinWebhook: async (kind, id) => request(kind, id, secret, 'thin'),
        remove: async (kind, id) => edit((world) => remove(world, kindOf(kind), id)),
        modifyDuringNextWalk(kind, ids) {
          state.update((data) => {
            data.walkEdits.push(...ids.map((id) => ({ kind: kindOf(kind), id })))
          })
        },
        capabilities: {
          'order.addTags': { kind: 'order', params: (id) => ({ orderId: id, tags: ['kit-tag'] }), effectCount: async (id) => order(id).tags.filter((t) => t === 'kit-tag').length, state: async (id) => order(id).tags },
          'order.addNote': { kind: 'order', params: (id) => ({ orderId: id, note: 'kit note' }), effectCount: async (id) => (order(id).note ?? '').split('kit note').length - 1 },
          'order.setStatus': { kind: 'order', params: (id) => ({ orderId: id, status: 'on_hold' }), effectCount: async (id) => (order(id).status === 'on_hold' ? 1 : 0), state: async (id) => order(id).status },
          'inventory.set': {
            kind: 'inventory',
            params: (id) => ({ sku: id.split('@')[0], locationId: id.split('@')[1], available: 4242 }),
            effectCount: async (id) => ((entityOf('inventory', id) as { available: number }).available === 4242 ? 1 : 0),
            state: async (id) => (entityOf('inventory', id) as { available: number }).available,
          },
          'product.setPrice': {
            kind: 'product',
            params: (id) => ({ sku: (entityOf('product', id) as Product).variants[0].sku, price: '123.45' }),
            effectCount: async (id) => (entityOf('product', id) as Product).variants.filter((v) => v.price.amount === '123.45').length,
            state: async (id) => (entityOf('product', id) as Product).variants.map((v) => v.price.amount),
          },
          'fulfillment.create': { kind: 'order', params: (id) => ({ orderId: id, trackingNumber: 'KIT-TRACK-1' }), effectCount: async (id) => order(id).fulfillments.length },
        },
        async stop() {
          rmSync(dataDir, { recursive: true, force: true })
        },
      }
      return { platform, options: { dataDir, seed: seedValue, ordersPerMinute: 0 } }
    },
  }
}
