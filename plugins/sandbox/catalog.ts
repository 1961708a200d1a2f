import type { Customer, InventoryLevel, Product } from '../../core/sdk/index.js'
import { DATA_VERSION, type SandboxData } from './data.js'
import { eur } from './money.js'
import { Random } from './random.js'

/**
 * The store a fresh sandbox opens with: a small EUR catalog, two stock locations, and a customer base
 * (some tagged vip or wholesale, so tag-based rules have something to match). It existed before the
 * connection did: every timestamp is in the past, and no webhook announces it — the first poll walk
 * stores it silently as pre-existing (SEMANTICS.md §2).
 *
 * On purpose, the catalog carries one real-world flaw: the archived 2023 tote bag still has the SKU of
 * the current one, so `product.setPrice` on `TOTE` is `ERR_AMBIGUOUS_SKU`.
 */
export const LOCATIONS = ['berlin', 'munich'] as const

interface ProductSpec {
  title: string
  vendor: string
  status?: Product['status']
  tags: string[]
  variants: Array<{ sku: string; title: string; cents: number }>
}

const PRODUCTS: ProductSpec[] = [
  { title: 'Merino T-shirt', vendor: 'Nordfaser', tags: ['apparel'], variants: [{ sku: 'TSHIRT-MERINO-S', title: 'S', cents: 3900 }, { sku: 'TSHIRT-MERINO-M', title: 'M', cents: 3900 }, { sku: 'TSHIRT-MERINO-L', title: 'L', cents: 3900 }] },
  { title: 'Canvas sneakers', vendor: 'Laufwerk', tags: ['shoes'], variants: [{ sku: 'SNEAKER-40', title: '40', cents: 8900 }, { sku: 'SNEAKER-42', title: '42', cents: 8900 }, { sku: 'SNEAKER-44', title: '44', cents: 8900 }] },
  { title: 'Ceramic mug', vendor: 'Tonwerk', tags: ['kitchen'], variants: [{ sku: 'MUG-WHITE', title: 'White', cents: 1450 }, { sku: 'MUG-BLACK', title: 'Black', cents: 1450 }] },
  { title: 'Espresso machine Pro', vendor: 'Caffè Rosso', tags: ['kitchen', 'high-value'], variants: [{ sku: 'ESPRESSO-PRO', title: 'Default', cents: 64900 }] },
  { title: 'Wool blanket', vendor: 'Nordfaser', tags: ['home'], variants: [{ sku: 'BLANKET-GREY', title: 'Grey', cents: 12900 }, { sku: 'BLANKET-SAND', title: 'Sand', cents: 12900 }] },
  { title: 'Leather backpack', vendor: 'Sattlerei Huber', tags: ['bags'], variants: [{ sku: 'BACKPACK-BROWN', title: 'Brown', cents: 21900 }] },
  { title: 'Tote bag', vendor: 'Laufwerk', tags: ['bags'], variants: [{ sku: 'TOTE', title: 'Natural', cents: 2400 }] },
  { title: 'Tote bag (2023 edition)', vendor: 'Laufwerk', status: 'archived', tags: ['bags'], variants: [{ sku: 'TOTE', title: 'Natural', cents: 1900 }] },
  { title: 'Gift card 50 EUR', vendor: 'Sandbox Store', tags: ['gift'], variants: [{ sku: 'GIFT-50', title: '50 EUR', cents: 5000 }] },
]

const FIRST_NAMES = ['Ada', 'Grace', 'Linus', 'Margaret', 'Alan', 'Hedy', 'Konrad', 'Emmy', 'Tim', 'Barbara', 'Dennis', 'Frances', 'Ken', 'Radia', 'Niklaus', 'Sophie']
const LAST_NAMES = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Turing', 'Lamarr', 'Zuse', 'Noether', 'Berners', 'Liskov', 'Ritchie', 'Allen', 'Thompson', 'Perlman', 'Wirth', 'Wilson']
export const CITIES = [
  { city: 'Berlin', postalCode: '10115', countryCode: 'DE' },
  { city: 'Hamburg', postalCode: '20095', countryCode: 'DE' },
  { city: 'Vienna', postalCode: '1010', countryCode: 'AT' },
  { city: 'Amsterdam', postalCode: '1012', countryCode: 'NL' },
  { city: 'Lyon', postalCode: '69001', countryCode: 'FR' },
  { city: 'Milan', postalCode: '20121', countryCode: 'IT' },
] as const

const DAY = 86_400_000
const INITIAL_CUSTOMERS = 24

/** A customer with a name drawn from `rng`; `n` makes the id and the email unique. */
export function newCustomer(rng: Random, n: number, at: string): Customer {
  const firstName = rng.pick(FIRST_NAMES)
  const lastName = rng.pick(LAST_NAMES)
  const segment = rng.weighted<string | null>([[null, 7], ['vip', 1.5], ['wholesale', 1.5]])
  const acceptsMarketing = rng.chance(0.5)
  return {
    id: `customer-${n}`,
    email: `${firstName}.${lastName}.${n}@example.com`.toLowerCase(),
    firstName,
    lastName,
    phone: null,
    tags: [...(segment ? [segment] : []), ...(acceptsMarketing ? ['newsletter'] : [])],
    acceptsMarketing,
    ordersCount: 0,
    createdAt: at,
    updatedAt: at,
  }
}

function products(start: number): { products: Product[]; inventory: InventoryLevel[] } {
  const inventory: InventoryLevel[] = []
  const list = PRODUCTS.map((spec, index): Product => {
    const n = index + 1
    const at = new Date(start + index * 3_600_000).toISOString()
    const variants = spec.variants.map((v, i) => ({ id: `variant-${n}-${i + 1}`, sku: v.sku, title: v.title, price: eur(v.cents), compareAtPrice: null, inventoryItemId: `item-${v.sku}` }))
    for (const v of variants) {
      for (const location of LOCATIONS) {
        if (inventory.some((level) => level.id === `${v.sku}@${location}`)) continue // the duplicated SKU shares its levels
        inventory.push({ id: `${v.sku}@${location}`, sku: v.sku, locationId: location, available: location === 'berlin' ? 40 : 15, inventoryItemId: v.inventoryItemId, createdAt: at, updatedAt: at })
      }
    }
    return { id: `product-${n}`, title: spec.title, status: spec.status ?? 'active', handle: spec.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-$/, ''), vendor: spec.vendor, tags: spec.tags, variants, createdAt: at, updatedAt: at }
  })
  return { products: list, inventory }
}

/** A new store for `seed`, created at `now` (epoch ms). */
export function initialData(seed: number, now: number): SandboxData {
  const rng = new Random(seed)
  const catalog = products(now - 90 * DAY)
  const customers = Array.from({ length: INITIAL_CUSTOMERS }, (_, i) => newCustomer(rng, i + 1, new Date(now - 60 * DAY + i * DAY).toISOString()))
  return {
    version: DATA_VERSION,
    seed,
    rng: rng.state,
    clock: now,
    next: { order: 1001, customer: INITIAL_CUSTOMERS + 1, product: PRODUCTS.length + 1, shipment: 1, refund: 1 },
    locations: [...LOCATIONS],
    ...catalog,
    customers,
    orders: [],
    fulfillmentKeys: [],
    outbox: [],
    walkEdits: [],
  }
}
