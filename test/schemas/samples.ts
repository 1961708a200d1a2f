import type { Address, Checkout, Customer, CustomerRef, InventoryLevel, Order, OrderLine, Product, Refund, Shipment, Variant } from '../../core/sdk/entities.js'
import { T1, makeCheckout, makeCustomer, makeInventoryLevel, makeOrder, makeProduct, makeShipment, money } from '../support/entities.js'

/**
 * One sample per canonical type with every optional field present (`satisfies Required<…>` makes the
 * compiler insist), so a schema that forgets or mistypes an optional field is caught by validation.
 */

export const fullAddress = {
  name: 'Ada Lovelace', company: 'Engines Ltd', line1: '1 Analytical St', line2: 'Floor 2', city: 'Berlin',
  region: 'BE', postalCode: '10115', countryCode: 'DE', phone: '+49 30 1234567',
} satisfies Required<Address>

export const fullLine = {
  id: 'line-1', sku: 'TSHIRT-M', productId: 'product-1', variantId: 'variant-1', title: 'T-shirt M', quantity: 2,
  price: money('200.00'), total: money('400.00'),
} satisfies Required<OrderLine>

export const fullRefund = {
  id: 'refund-1', amount: money('20.00'), createdAt: T1, reason: 'damaged', lines: [{ lineId: 'line-1', quantity: 1 }],
} satisfies Required<Refund>

export const fullShipment = {
  ...makeShipment(),
  trackingNumber: '00340434161094042557', trackingCompany: 'DHL', trackingUrl: 'https://www.dhl.de/track?id=00340434161094042557',
  lines: [{ lineId: 'line-1', quantity: 2 }],
} satisfies Required<Shipment>

export const fullCustomerRef = { id: 'customer-1', email: 'ada@example.com', tags: ['vip'], acceptsMarketing: true } satisfies Required<CustomerRef>

export const fullOrder = {
  ...makeOrder(),
  customer: fullCustomerRef,
  lines: [fullLine],
  refunds: [fullRefund],
  fulfillments: [fullShipment],
  shippingAddress: fullAddress,
  cancelledAt: T1,
} satisfies Required<Order>

export const fullVariant = {
  id: 'variant-1', sku: 'TSHIRT-M', title: 'M', price: money('19.90'), compareAtPrice: money('24.90'), inventoryItemId: 'item-1',
} satisfies Required<Variant>

export const fullProduct = { ...makeProduct(), handle: 't-shirt', vendor: 'Cartwire Apparel', variants: [fullVariant] } satisfies Required<Product>
export const fullInventoryLevel = { ...makeInventoryLevel(), inventoryItemId: 'item-1' } satisfies Required<InventoryLevel>
export const fullCustomer = { ...makeCustomer(), firstName: 'Ada', lastName: 'Lovelace', phone: '+49 30 1234567', ordersCount: 3 } satisfies Required<Customer>
export const fullCheckout = {
  ...makeCheckout(),
  lines: [fullLine], customer: fullCustomerRef, abandonedCheckoutUrl: 'https://shop.example.com/checkouts/checkout-1/recover',
  completedAt: T1, orderId: 'order-1001', updatedAt: T1,
} satisfies Required<Checkout>
