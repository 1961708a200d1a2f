import type { InventoryLevel } from '../../core/sdk/index.js'
import { legacyId, time, type Raw } from './normalize-parts.js'

/**
 * An inventory level is one SKU at one location; its canonical id is `${sku}@${locationId}` with
 * Shopify's numeric location id. Shopify keys levels by inventory item, which alone carries the SKU, so
 * every source is joined with its item: `{ id, sku, createdAt }` (the item's creation is the level's).
 */
export interface InventoryItemInfo {
  id: string
  sku: string
  createdAt: string
}

/** A REST `inventory_levels.json` element with its item. */
export function levelFromRest(raw: Raw, item: InventoryItemInfo): InventoryLevel {
  return level(item, String(raw.location_id), Number(raw.available ?? 0), raw.updated_at)
}

/** A GraphQL `InventoryLevel` (updatedAt, quantities) at `locationId` with its item. */
export function levelFromGraphql(raw: Raw, locationId: string, item: InventoryItemInfo): InventoryLevel {
  const available = (raw.quantities ?? []).find((q: Raw) => q.name === 'available')?.quantity
  return level(item, legacyId(locationId), Number(available ?? 0), raw.updatedAt)
}

function level(item: InventoryItemInfo, locationId: string, available: number, updatedAt: unknown): InventoryLevel {
  return {
    id: `${item.sku}@${locationId}`,
    sku: item.sku,
    locationId,
    available,
    inventoryItemId: legacyId(item.id),
    createdAt: time(item.createdAt, 'inventory item createdAt'),
    updatedAt: time(updatedAt, 'inventory level updated_at'),
  }
}
