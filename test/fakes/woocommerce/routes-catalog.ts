import { listCollection } from './listing.js'
import { renderCustomer, renderProduct, type FakeProduct } from './model.js'
import type { FakeResponse, Route, WooFake } from './server.js'

/** /products (SKU search includes variations), /products/<id>/variations, /customers/<id>, settings. */
const invalidProduct: FakeResponse = { status: 404, body: { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 404 } } }

function render(fake: WooFake, p: FakeProduct) {
  return renderProduct(p, p.type === 'variable' ? fake.variationsOf(p.id) : [])
}

function update(fake: WooFake, p: FakeProduct, body: Record<string, unknown>): FakeResponse {
  const stock = 'stock_quantity' in body || 'manage_stock' in body
  const price = 'regular_price' in body || 'sale_price' in body
  fake.updateProduct(p.id, (x) => {
    if ('manage_stock' in body) x.manageStock = body.manage_stock as boolean
    if ('stock_quantity' in body) x.stockQuantity = body.stock_quantity as number
    if ('regular_price' in body) x.regularPrice = String(body.regular_price)
    if ('sale_price' in body) x.salePrice = String(body.sale_price)
  })
  if (stock) fake.effects.push({ action: 'stock', id: p.id, body })
  if (price) fake.effects.push({ action: 'price', id: p.id, body })
  return { status: 200, body: render(fake, p) }
}

export const catalogRoutes: Route[] = [
  (fake, req) => {
    if (req.method !== 'GET' || req.path !== '/products') return undefined
    const sku = req.query.get('sku')
    // with `sku`, WooCommerce searches product and product_variation posts, matching exactly
    const rows = [...fake.products.values()].filter((p) => !p.trashed && (sku ? sku.split(',').includes(p.sku) : p.type !== 'variation'))
    const { items, headers } = listCollection(rows, req.query, req.selfUrl)
    return { status: 200, body: items.map((p) => render(fake, p)), headers }
  },
  (fake, req) => {
    const m = /^\/products\/(\d+)$/.exec(req.path)
    if (!m) return undefined
    const p = fake.products.get(Number(m[1]))
    if (!p) return invalidProduct
    if (req.method === 'GET') return { status: 200, body: render(fake, p) }
    return req.method === 'PUT' || req.method === 'POST' ? update(fake, p, req.body ?? {}) : undefined
  },
  (fake, req) => {
    const m = /^\/products\/(\d+)\/variations$/.exec(req.path)
    if (!m || req.method !== 'GET') return undefined
    if (!fake.products.get(Number(m[1]))) return invalidProduct
    const { items, headers } = listCollection(fake.variationsOf(Number(m[1])), req.query, req.selfUrl)
    return { status: 200, body: items.map((v) => render(fake, v)), headers }
  },
  (fake, req) => {
    const m = /^\/products\/(\d+)\/variations\/(\d+)$/.exec(req.path)
    if (!m) return undefined
    const v = fake.products.get(Number(m[2]))
    if (!v || v.type !== 'variation' || v.parentId !== Number(m[1])) return { status: 404, body: { code: 'woocommerce_rest_product_variation_invalid_id', message: 'Invalid ID.', data: { status: 404 } } }
    if (req.method === 'GET') return { status: 200, body: render(fake, v) }
    return req.method === 'PUT' || req.method === 'POST' ? update(fake, v, req.body ?? {}) : undefined
  },
  (fake, req) => {
    const m = /^\/customers\/(\d+)$/.exec(req.path)
    if (!m || req.method !== 'GET') return undefined
    const c = fake.customers.get(Number(m[1]))
    return c ? { status: 200, body: renderCustomer(c) } : { status: 404, body: { code: 'woocommerce_rest_invalid_id', message: 'Invalid resource ID.', data: { status: 404 } } }
  },
  (_fake, req) => {
    if (req.method !== 'GET' || req.path !== '/settings/general/woocommerce_currency') return undefined
    return { status: 200, body: { id: 'woocommerce_currency', label: 'Currency', type: 'select', default: 'USD', value: 'EUR' } }
  },
]
