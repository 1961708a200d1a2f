/**
 * The GraphQL documents the connector sends, each named (`Cartwire…`) so logs, the fake and Shopify's
 * own tooling can tell them apart, with the requested cost used before Shopify has reported one.
 * Costs follow Shopify's rules (object 1, connection 2 + first × node); mutations are 10.
 */

export const VARIANTS_PER_PAGE = 100
export const VARIANTS_IN_POLL = 20

const VARIANT_FIELDS = 'id sku title price compareAtPrice inventoryItem { id }'
const PRODUCT_FIELDS = 'id title status handle vendor tags createdAt updatedAt'

export const SHOP = { document: 'query CartwireShop { shop { currencyCode } }', cost: 1 }

export const PRODUCT = {
  document: `query CartwireProduct($id: ID!, $after: String) { product(id: $id) { ${PRODUCT_FIELDS} variants(first: ${VARIANTS_PER_PAGE}, after: $after) { nodes { ${VARIANT_FIELDS} } pageInfo { hasNextPage endCursor } } } }`,
  cost: 3 + VARIANTS_PER_PAGE * 2,
}

export function productsPage(first: number) {
  return {
    document: `query CartwireProducts($first: Int!, $after: String, $query: String) { products(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) { nodes { ${PRODUCT_FIELDS} variants(first: ${VARIANTS_IN_POLL}) { nodes { ${VARIANT_FIELDS} } pageInfo { hasNextPage } } } pageInfo { hasNextPage endCursor } } }`,
    cost: 2 + first * (3 + VARIANTS_IN_POLL * 2),
  }
}

export const VARIANTS_BY_SKU = {
  document: 'query CartwireVariantsBySku($query: String!) { productVariants(first: 10, query: $query) { nodes { id sku product { id } inventoryItem { id } } } }',
  cost: 2 + 10 * 3,
}

export const LOCATIONS = { document: 'query CartwireLocations { locations(first: 250) { nodes { id } } }', cost: 2 + 250 }

export const INVENTORY_ITEMS = {
  document: 'query CartwireInventoryItems($ids: [ID!]!) { nodes(ids: $ids) { ... on InventoryItem { id sku createdAt } } }',
  cost: (count: number) => 1 + count,
}

export const INVENTORY_LEVEL = {
  document:
    'query CartwireInventoryLevel($id: ID!, $locationId: ID!) { inventoryItem(id: $id) { id sku createdAt inventoryLevel(locationId: $locationId) { updatedAt quantities(names: ["available"]) { name quantity } } } }',
  cost: 4,
}

export const TAGS_ADD = {
  document: 'mutation CartwireTagsAdd($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id ... on Order { tags } } userErrors { field message } } }',
  cost: 10,
}

export const TAGS_REMOVE = {
  document: 'mutation CartwireTagsRemove($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { node { id ... on Order { tags } } userErrors { field message } } }',
  cost: 10,
}

export const ORDER_NOTE = { document: 'query CartwireOrderNote($id: ID!) { order(id: $id) { id note } }', cost: 1 }

export const ORDER_UPDATE_NOTE = {
  document: 'mutation CartwireOrderUpdateNote($input: OrderInput!) { orderUpdate(input: $input) { order { id note } userErrors { field message } } }',
  cost: 10,
}

/**
 * `inventorySetQuantities`: compare-and-swap is `compareQuantity` before 2026-01 and `changeFromQuantity`
 * after; from 2026-04 the `@idempotent` directive is mandatory (Shopify rejects the call without it).
 */
export function inventorySet(withIdempotencyKey: boolean) {
  const keyVariable = withIdempotencyKey ? ', $key: String!' : ''
  const directive = withIdempotencyKey ? ' @idempotent(key: $key)' : ''
  return {
    document: `mutation CartwireInventorySet($input: InventorySetQuantitiesInput!${keyVariable}) { inventorySetQuantities(input: $input)${directive} { inventoryAdjustmentGroup { id } userErrors { field message code } } }`,
    cost: 10,
  }
}

export const VARIANTS_BULK_UPDATE = {
  document:
    'mutation CartwireVariantsBulkUpdate($productId: ID!, $variants: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $productId, variants: $variants) { productVariants { id price compareAtPrice } userErrors { field message code } } }',
  cost: 10,
}

export const PRODUCT_UPDATE = {
  document: 'mutation CartwireProductUpdate($product: ProductUpdateInput!) { productUpdate(product: $product) { product { id status } userErrors { field message } } }',
  cost: 10,
}

export const FULFILLMENT_ORDERS = {
  document:
    'query CartwireFulfillmentOrders($id: ID!) { order(id: $id) { id fulfillmentOrders(first: 5) { nodes { id status lineItems(first: 50) { nodes { id remainingQuantity lineItem { id } } } } } } }',
  cost: 2 + 5 * (3 + 50 * 2),
}

export const FULFILLMENT_CREATE = {
  document: 'mutation CartwireFulfillmentCreate($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id status } userErrors { field message } } }',
  cost: 10,
}

export const ORDER_FULFILLMENTS = {
  document: 'query CartwireOrderFulfillments($id: ID!) { order(id: $id) { id fulfillments(first: 50) { id trackingInfo { number } } } }',
  cost: 2 + 50 * 2,
}
