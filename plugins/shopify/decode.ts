import { CartwireError, type Decoded, type Delivery, type ResourceKind } from '../../core/sdk/index.js'
import { normalizeCheckout, normalizeCustomer } from './normalize-customer.js'
import { normalizeOrder, orderId } from './normalize-order.js'
import { idOf, legacyId, optionalTime, requireId, type Raw } from './normalize-parts.js'
import { productFromRest, REST_VARIANT_LIMIT } from './normalize-product.js'
import { parseJson } from './safe-json.js'
import { TOPICS, type TopicSpec } from './topics.js'

/** An inventory ref before its SKU is known: the fetch resolves `item:<inventoryItemId>@<locationId>`. */
export const ITEM_REF_PREFIX = 'item:'

export interface DecodeEnv {
  /** the shop currency (product payloads carry none) */
  currency(): Promise<string>
  /** an inventory item's SKU (null: none), to name a level canonically */
  skuOfItem(inventoryItemId: string): Promise<string | null>
}

/**
 * A verified delivery → canonical snapshots, refs, tombstones and hints, by `X-Shopify-Topic`
 * (topics.ts says which). An unknown topic is ERR_TOPIC and an unreadable body ERR_DECODE: both become
 * intake exceptions with the raw delivery kept, never a refusal (a 4xx to an authentic delivery makes
 * Shopify drop the subscription).
 */
export async function decodeDelivery(delivery: Delivery, env: DecodeEnv): Promise<Decoded[]> {
  const topic = delivery.headers['x-shopify-topic']
  const spec = topic ? TOPICS[topic] : undefined
  if (!topic || !spec) throw new CartwireError('ERR_TOPIC', `Shopify topic ${JSON.stringify(topic ?? null)} is not one the connector decodes`)
  let payload: Raw
  try {
    payload = parseJson(delivery.body) as Raw
  } catch (e) {
    throw new CartwireError('ERR_DECODE', `${topic}: body is not JSON: ${(e as Error).message}`, { cause: e })
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new CartwireError('ERR_DECODE', `${topic}: body is not a JSON object`)
  if (spec.mode === 'gone') return [{ gone: { kind: spec.kind, id: resourceId(spec.kind, payload), ...deletedAt(delivery) } }]
  if (topic === 'inventory_levels/update') return inventoryRef(payload, env)
  if (spec.mode === 'ref') return [{ ref: refOf(topic, spec, payload) }]
  if (spec.kind === 'product' && (payload.variants?.length ?? 0) >= REST_VARIANT_LIMIT) return [{ ref: { kind: 'product', id: resourceId('product', payload) } }]
  const snapshot = await snapshotOf(spec.kind, payload, env)
  const hint = spec.hint ? [{ hint: { type: spec.hint, ref: { kind: spec.kind, id: snapshot.entity.id } } }] : []
  return [{ snapshot }, ...hint]
}

async function snapshotOf(kind: ResourceKind, payload: Raw, env: DecodeEnv) {
  switch (kind) {
    case 'order':
      return { kind, entity: normalizeOrder(payload) } as const
    case 'customer':
      return { kind, entity: normalizeCustomer(payload) } as const
    case 'checkout':
      return { kind, entity: normalizeCheckout(payload) } as const
    case 'product':
      return { kind, entity: productFromRest(payload, await env.currency()) } as const
    default:
      throw new CartwireError('ERR_DECODE', `no snapshot decoder for ${kind}`)
  }
}

/**
 * An inventory level payload names its item, not its SKU: the ref is `sku@location` once the item's SKU
 * is known (cached; one GraphQL read otherwise). An item without a SKU has no canonical level and is
 * ignored. Should the lookup fail, the ref names the item (`item:<id>@location`) and `fetch` resolves it
 * — a failing fetch leaves the delivery for a retry, where a failing decode would become an exception.
 */
async function inventoryRef(payload: Raw, env: DecodeEnv): Promise<Decoded[]> {
  const item = requireId(payload.inventory_item_id, 'inventory level item')
  const location = requireId(payload.location_id, 'inventory level location')
  let sku: string | null | undefined
  try {
    sku = await env.skuOfItem(item)
  } catch {
    sku = undefined
  }
  if (sku === null) return []
  return [{ ref: { kind: 'inventory', id: sku === undefined ? `${ITEM_REF_PREFIX}${item}@${location}` : `${sku}@${location}` } }]
}

/** Thin topics name the resource whose current state the core fetches. */
function refOf(topic: string, spec: TopicSpec, payload: Raw) {
  if (topic === 'orders/edited') return { kind: spec.kind, id: requireId(payload.order_edit?.order_id, 'order edit') }
  // refunds/create and fulfillments/*: the order they belong to
  const owner = idOf(payload.order_id)
  return { kind: spec.kind, id: owner ?? resourceId(spec.kind, payload) }
}

function resourceId(kind: ResourceKind, payload: Raw): string {
  if (kind === 'order') return orderId(payload)
  return typeof payload.admin_graphql_api_id === 'string' ? legacyId(payload.admin_graphql_api_id) : requireId(payload.id, kind)
}

/** A delete payload is `{ id }` only; `X-Shopify-Triggered-At` is the platform's time of the delete. */
function deletedAt(delivery: Delivery): { deletedAt?: string } {
  try {
    const at = optionalTime(delivery.headers['x-shopify-triggered-at'])
    return at ? { deletedAt: at } : {}
  } catch {
    return {}
  }
}
