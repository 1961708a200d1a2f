import { randomUUID } from 'node:crypto'
import { CartwireError, type ActionContext, type InventoryLevel } from '../../../core/sdk/index.js'
import type { ShopifyApi } from '../api.js'
import { assertNoUserErrors } from '../graphql.js'
import { gid } from '../normalize-parts.js'
import { versionAtLeast } from '../options.js'
import { INVENTORY_LEVEL, inventorySet } from '../queries.js'

interface SetParams {
  sku: string
  locationId?: string
  available: number
}

/** How often a write may find the quantity changed under it before the step retries with backoff. */
const CAS_ATTEMPTS = 5
const STALE = new Set(['COMPARE_QUANTITY_STALE', 'CHANGE_FROM_QUANTITY_STALE'])

/**
 * `inventory.set`: an absolute quantity through `inventorySetQuantities` with compare-and-swap. It reads
 * the level, returns at once when it already holds the target, and otherwise writes "set to N if it is
 * still M"; a stale compare means someone moved it meanwhile, so it reads again — and a level that now
 * equals the target is success. Idempotency class `natural`: running it again leaves the level at N.
 *
 * Version notes: the compare field is `compareQuantity` before 2026-01 and `changeFromQuantity` from
 * it; from 2026-04 the mutation also demands `@idempotent(key:)`. The key is fresh per request: safety
 * comes from the compare, and a key reused with a different compare is refused by Shopify
 * (IDEMPOTENCY_KEY_PARAMETER_MISMATCH).
 */
export function createInventoryActions(api: ShopifyApi) {
  const version = api.settings.apiVersion
  const compareField = versionAtLeast(version, '2026-01') ? 'changeFromQuantity' : 'compareQuantity'
  const keyed = versionAtLeast(version, '2026-01')
  const mutation = inventorySet(keyed)

  async function readAvailable(itemId: string, locationId: string, signal: AbortSignal): Promise<number> {
    const data = await api.graphql.query(INVENTORY_LEVEL.document, { id: gid('InventoryItem', itemId), locationId: gid('Location', locationId) }, { priority: 'action', signal, cost: INVENTORY_LEVEL.cost })
    const level = data.inventoryItem?.inventoryLevel
    if (!level) throw new CartwireError('ERR_NOT_FOUND', `inventory item ${itemId} is not stocked at location ${locationId}`)
    return Number(level.quantities.find((q: { name: string }) => q.name === 'available')?.quantity ?? 0)
  }

  return async function setInventory(ctx: ActionContext, p: SetParams) {
    const event = ctx.event
    const locationId = p.locationId ?? (event?.resource.kind === 'inventory' ? (event.data as InventoryLevel).locationId : undefined)
    if (!locationId) throw new CartwireError('ERR_PARAMS', 'inventory.set on Shopify needs locationId (or an inventory event to take it from)')
    const { inventoryItemId } = await api.variantBySku(p.sku, 'action', ctx.signal)
    if (!inventoryItemId) throw new CartwireError('ERR_NOT_FOUND', `SKU ${p.sku} has no inventory item`)
    for (let attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
      const current = await readAvailable(inventoryItemId, locationId, ctx.signal)
      if (current === p.available) return { available: p.available, changed: false }
      const input = {
        name: 'available',
        reason: 'correction',
        referenceDocumentUri: `gid://cartwire/Step/${encodeURIComponent(ctx.key)}`,
        ...(compareField === 'compareQuantity' && { ignoreCompareQuantity: false }),
        quantities: [{ inventoryItemId: gid('InventoryItem', inventoryItemId), locationId: gid('Location', locationId), quantity: p.available, [compareField]: current }],
      }
      const data = await api.graphql.query(mutation.document, { input, ...(keyed && { key: randomUUID() }) }, { priority: 'action', signal: ctx.signal, cost: mutation.cost })
      const payload = data.inventorySetQuantities
      if (payload?.userErrors?.some((e: { code?: string }) => STALE.has(e.code ?? ''))) continue
      assertNoUserErrors(payload, `Shopify inventorySetQuantities for ${p.sku} at ${locationId}`)
      return { available: p.available, changed: true }
    }
    throw new CartwireError('ERR_UPSTREAM', `inventory of ${p.sku} at ${locationId} changed under each of ${CAS_ATTEMPTS} writes; retrying later`)
  }
}
