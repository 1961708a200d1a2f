/**
 * Realistic WooCommerce REST v3 bodies (the webhook body is the same representation), written for these
 * tests after the shapes in WooCommerce's REST docs: local `date_x` next to UTC `date_x_gmt` (site in
 * UTC+2), money as strings, a line's unit `price` as a JSON number, refunds listed with a negative
 * total and no date, `meta_data` with internal keys, empty strings for absent values.
 */

export function orderPayload(overrides: Record<string, unknown> = {}) {
  return {
    id: 727,
    parent_id: 0,
    status: 'processing',
    currency: 'EUR',
    version: '9.8.5',
    prices_include_tax: true,
    date_created: '2024-05-01T12:10:05',
    date_created_gmt: '2024-05-01T10:10:05',
    date_modified: '2024-05-01T12:11:40',
    date_modified_gmt: '2024-05-01T10:11:40',
    discount_total: '10.00',
    discount_tax: '0.00',
    shipping_total: '4.90',
    shipping_tax: '0.00',
    cart_tax: '0.00',
    total: '55.90',
    total_tax: '0.00',
    customer_id: 0,
    order_key: 'wc_order_kX2pQz9aBcDeF',
    billing: { first_name: 'Grace', last_name: 'Hopper', company: '', address_1: 'Rue de Rivoli 10', address_2: '', city: 'Paris', state: '', postcode: '75001', country: 'FR', email: 'grace@example.org', phone: '+33 1 23 45 67 89' },
    shipping: { first_name: 'Grace', last_name: 'Hopper', company: 'Navy Labs', address_1: 'Rue de Rivoli 10', address_2: 'Bât. B', city: 'Paris', state: '', postcode: '75001', country: 'FR', phone: '' },
    payment_method: 'bacs',
    payment_method_title: 'Direct bank transfer',
    transaction_id: '',
    customer_ip_address: '198.51.100.23',
    customer_user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4)',
    created_via: 'checkout',
    customer_note: 'Please leave at the door',
    date_completed: null,
    date_completed_gmt: null,
    date_paid: '2024-05-01T12:11:40',
    date_paid_gmt: '2024-05-01T10:11:40',
    cart_hash: '6f1a0b9e2c5d',
    number: '727',
    meta_data: [{ id: 9101, key: '_wc_order_attribution_source_type', value: 'organic' }, { id: 9102, key: 'is_vat_exempt', value: 'no' }],
    line_items: [
      { id: 315, name: 'Mug - Blue', product_id: 93, variation_id: 95, quantity: 2, tax_class: '', subtotal: '41.00', subtotal_tax: '0.00', total: '31.00', total_tax: '0.00', taxes: [], meta_data: [{ id: 2901, key: 'pa_color', value: 'blue', display_key: 'Color', display_value: 'Blue' }], sku: 'MUG-BLUE', price: 20.5, image: { id: '96', src: 'https://shop.example/wp-content/uploads/mug-blue.jpg' }, parent_name: 'Mug' },
      { id: 316, name: 'Gift card', product_id: 22, variation_id: 0, quantity: 1, tax_class: '', subtotal: '20.00', subtotal_tax: '0.00', total: '20.00', total_tax: '0.00', taxes: [], meta_data: [], sku: '', price: 20, image: { id: '', src: '' }, parent_name: null },
    ],
    tax_lines: [],
    shipping_lines: [{ id: 317, method_title: 'Flat rate', method_id: 'flat_rate', instance_id: '1', total: '4.90', total_tax: '0.00', taxes: [], meta_data: [] }],
    fee_lines: [],
    coupon_lines: [{ id: 318, code: 'spring10', discount: '10.00', discount_tax: '0.00', meta_data: [] }],
    refunds: [],
    payment_url: 'https://shop.example/checkout/order-pay/727/?pay_for_order=true&key=wc_order_kX2pQz9aBcDeF',
    is_editable: false,
    needs_payment: false,
    needs_processing: true,
    currency_symbol: '€',
    _links: { self: [{ href: 'https://shop.example/wp-json/wc/v3/orders/727' }], collection: [{ href: 'https://shop.example/wp-json/wc/v3/orders' }] },
    ...overrides,
  }
}

export function simpleProductPayload(overrides: Record<string, unknown> = {}) {
  return {
    id: 22,
    name: 'Pour-over kettle',
    slug: 'pour-over-kettle',
    permalink: 'https://shop.example/product/pour-over-kettle/',
    date_created: '2024-03-02T09:00:00',
    date_created_gmt: '2024-03-02T08:00:00',
    date_modified: '2024-05-01T12:30:00',
    date_modified_gmt: '2024-05-01T10:30:00',
    type: 'simple',
    status: 'publish',
    featured: false,
    catalog_visibility: 'visible',
    sku: 'KETTLE-1',
    price: '39.90',
    regular_price: '49.90',
    sale_price: '39.90',
    on_sale: true,
    manage_stock: true,
    stock_quantity: 14,
    stock_status: 'instock',
    backorders: 'no',
    tags: [{ id: 31, name: 'Brewing ', slug: 'brewing' }],
    variations: [],
    meta_data: [],
    ...overrides,
  }
}

export function variationPayload(overrides: Record<string, unknown> = {}) {
  return {
    id: 95,
    name: 'Mug - Blue',
    parent_id: 93,
    type: 'variation',
    status: 'publish',
    date_created: '2024-03-02T09:05:00',
    date_created_gmt: '2024-03-02T08:05:00',
    date_modified: '2024-05-01T12:31:00',
    date_modified_gmt: '2024-05-01T10:31:00',
    sku: 'MUG-BLUE',
    price: '20.50',
    regular_price: '20.50',
    sale_price: '',
    manage_stock: true,
    stock_quantity: 3,
    stock_status: 'instock',
    attributes: [{ id: 1, name: 'Color', option: 'Blue' }],
    meta_data: [],
    ...overrides,
  }
}

export function variableProductPayload(overrides: Record<string, unknown> = {}) {
  return { ...simpleProductPayload({ id: 93, name: 'Mug', slug: 'mug', type: 'variable', sku: 'MUG', price: '20.50', regular_price: '', sale_price: '', on_sale: false, manage_stock: false, stock_quantity: null, variations: [94, 95] }), ...overrides }
}

export function customerPayload(overrides: Record<string, unknown> = {}) {
  return {
    id: 8,
    date_created: '2023-11-20T15:00:00',
    date_created_gmt: '2023-11-20T14:00:00',
    date_modified: null,
    date_modified_gmt: null,
    email: 'ada@example.com',
    first_name: 'Ada',
    last_name: 'Lovelace',
    role: 'customer',
    username: 'ada',
    billing: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' },
    shipping: { first_name: 'Ada', last_name: 'Lovelace' },
    is_paying_customer: true,
    avatar_url: 'https://secure.gravatar.com/avatar/00000000000000000000000000000000?s=96&d=mm&r=g',
    meta_data: [{ id: 501, key: 'crm_tags', value: 'vip, wholesale ,' }, { id: 502, key: 'last_update', value: '1714557000' }],
    ...overrides,
  }
}
