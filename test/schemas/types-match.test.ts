import { describe, expect, it } from 'vitest'
import { SCHEMA_BASE, resolveSchemaRef } from '../../core/model/schemas.js'
import type {
  Address, Checkout, Customer, CustomerRef, FinancialStatus, FulfillmentStatus, InventoryLevel, Money, Order, OrderLine,
  OrderStatus, Product, ProductStatus, Refund, ResourceKind, Shipment, ShipmentStatus, Variant,
} from '../../core/sdk/entities.js'
import { RESOURCE_KINDS } from '../../core/sdk/entities.js'
import { EVENT_TYPES } from '../../core/sdk/events.js'

/**
 * core/sdk/entities.ts and schemas/entities must say the same thing. Each TS type gets a key list that
 * the compiler checks for exhaustiveness (a TS field added without updating the list fails `tsc`), and
 * the test compares the list with the schema (a schema property without a TS field fails here).
 */

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T]
type OptionalKeys<T> = Exclude<keyof T, RequiredKeys<T>>
type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T]
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false

interface Shape<T> {
  required: readonly RequiredKeys<T>[]
  optional: readonly OptionalKeys<T>[]
  nullable: readonly NullableKeys<T>[]
}
/** `unknown` when S lists every key of T, else an object naming what is missing (a compile error). */
type Exhaustive<T, S extends Shape<T>> = [Exclude<RequiredKeys<T>, S['required'][number]>] extends [never]
  ? [Exclude<OptionalKeys<T>, S['optional'][number]>] extends [never]
    ? [Exclude<NullableKeys<T>, S['nullable'][number]>] extends [never]
      ? unknown
      : { missingNullable: Exclude<NullableKeys<T>, S['nullable'][number]> }
    : { missingOptional: Exclude<OptionalKeys<T>, S['optional'][number]> }
  : { missingRequired: Exclude<RequiredKeys<T>, S['required'][number]> }

interface KeyLists {
  required: readonly string[]
  optional: readonly string[]
  nullable: readonly string[]
}
const shape = <T,>() => <const S extends Shape<T>>(s: S & Exhaustive<T, S>): KeyLists => s as unknown as KeyLists

type LineQuantity = NonNullable<Refund['lines']>[number]

const E = `${SCHEMA_BASE}entities/`
const SHAPES: Array<{ type: string; schema: string; shape: KeyLists }> = [
  { type: 'Money', schema: `${E}money.schema.json`, shape: shape<Money>()({ required: ['amount', 'currency'], optional: [], nullable: [] }) },
  {
    type: 'Address',
    schema: `${E}address.schema.json`,
    shape: shape<Address>()({ required: [], optional: ['name', 'company', 'line1', 'line2', 'city', 'region', 'postalCode', 'countryCode', 'phone'], nullable: [] }),
  },
  {
    type: 'Order',
    schema: `${E}order.schema.json`,
    shape: shape<Order>()({
      required: ['id', 'number', 'currency', 'totalPrice', 'subtotalPrice', 'status', 'financialStatus', 'fulfillmentStatus', 'rawStatus', 'email', 'tags', 'note', 'customer', 'lines', 'refunds', 'fulfillments', 'shippingAddress', 'checkoutId', 'createdAt', 'updatedAt'],
      optional: ['cancelledAt'],
      nullable: ['email', 'note', 'customer', 'shippingAddress', 'checkoutId', 'cancelledAt'],
    }),
  },
  {
    type: 'OrderLine',
    schema: `${E}order.schema.json#/$defs/line`,
    shape: shape<OrderLine>()({ required: ['id', 'sku', 'quantity', 'price'], optional: ['productId', 'variantId', 'title', 'total'], nullable: ['sku', 'productId', 'variantId'] }),
  },
  { type: 'Refund', schema: `${E}order.schema.json#/$defs/refund`, shape: shape<Refund>()({ required: ['id', 'amount', 'createdAt'], optional: ['reason', 'lines'], nullable: ['reason'] }) },
  { type: 'LineQuantity', schema: `${E}order.schema.json#/$defs/lineQuantity`, shape: shape<LineQuantity>()({ required: ['lineId', 'quantity'], optional: [], nullable: [] }) },
  {
    type: 'Shipment',
    schema: `${E}shipment.schema.json`,
    shape: shape<Shipment>()({
      required: ['id', 'orderId', 'status', 'createdAt', 'updatedAt'],
      optional: ['trackingNumber', 'trackingCompany', 'trackingUrl', 'lines'],
      nullable: ['trackingNumber', 'trackingCompany', 'trackingUrl'],
    }),
  },
  { type: 'CustomerRef', schema: `${E}customer.schema.json#/$defs/ref`, shape: shape<CustomerRef>()({ required: ['id', 'email', 'tags', 'acceptsMarketing'], optional: [], nullable: ['id', 'email'] }) },
  {
    type: 'Customer',
    schema: `${E}customer.schema.json`,
    shape: shape<Customer>()({
      required: ['id', 'email', 'tags', 'acceptsMarketing', 'createdAt', 'updatedAt'],
      optional: ['firstName', 'lastName', 'phone', 'ordersCount'],
      nullable: ['email', 'firstName', 'lastName', 'phone'],
    }),
  },
  {
    type: 'Product',
    schema: `${E}product.schema.json`,
    shape: shape<Product>()({ required: ['id', 'title', 'status', 'tags', 'variants', 'createdAt', 'updatedAt'], optional: ['handle', 'vendor'], nullable: ['handle', 'vendor'] }),
  },
  {
    type: 'Variant',
    schema: `${E}product.schema.json#/$defs/variant`,
    shape: shape<Variant>()({ required: ['id', 'sku', 'price'], optional: ['title', 'compareAtPrice', 'inventoryItemId'], nullable: ['sku', 'compareAtPrice', 'inventoryItemId'] }),
  },
  {
    type: 'InventoryLevel',
    schema: `${E}inventory.schema.json`,
    shape: shape<InventoryLevel>()({ required: ['id', 'sku', 'locationId', 'available', 'createdAt', 'updatedAt'], optional: ['inventoryItemId'], nullable: ['inventoryItemId'] }),
  },
  {
    type: 'Checkout',
    schema: `${E}checkout.schema.json`,
    shape: shape<Checkout>()({
      required: ['id', 'email', 'currency', 'totalPrice', 'lines', 'customer', 'completedAt', 'orderId', 'createdAt', 'updatedAt'],
      optional: ['abandonedCheckoutUrl'],
      nullable: ['email', 'customer', 'abandonedCheckoutUrl', 'completedAt', 'orderId'],
    }),
  },
]

const values = <U extends string>() => <const L extends readonly U[]>(list: L & ([Exclude<U, L[number]>] extends [never] ? unknown : { missing: Exclude<U, L[number]> })) => list
const ENUMS: Array<{ type: string; schema: string; values: readonly string[] }> = [
  { type: 'OrderStatus', schema: `${E}order.schema.json#/properties/status`, values: values<OrderStatus>()(['draft', 'open', 'on_hold', 'completed', 'cancelled', 'closed']) },
  {
    type: 'FinancialStatus',
    schema: `${E}order.schema.json#/properties/financialStatus`,
    values: values<FinancialStatus>()(['pending', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided', 'failed']),
  },
  { type: 'FulfillmentStatus', schema: `${E}order.schema.json#/properties/fulfillmentStatus`, values: values<FulfillmentStatus>()(['unfulfilled', 'partially_fulfilled', 'fulfilled', 'restocked']) },
  { type: 'ShipmentStatus', schema: `${E}shipment.schema.json#/properties/status`, values: values<ShipmentStatus>()(['pending', 'open', 'in_transit', 'delivered', 'failed', 'cancelled']) },
  { type: 'ProductStatus', schema: `${E}product.schema.json#/properties/status`, values: values<ProductStatus>()(['active', 'draft', 'archived']) },
  { type: 'ResourceKind', schema: `${SCHEMA_BASE}event.schema.json#/$defs/envelope/properties/resource/properties/kind`, values: values<ResourceKind>()(['order', 'product', 'inventory', 'customer', 'checkout', 'shipment']) },
]

type Schema = { required?: string[]; properties?: Record<string, Schema>; type?: string | string[]; anyOf?: Schema[]; enum?: string[] }
const schemaAt = (id: string) => resolveSchemaRef(id, id).schema as Schema
const allowsNull = (s: Schema): boolean => (Array.isArray(s.type) ? s.type.includes('null') : s.type === 'null') || (s.anyOf ?? []).some(allowsNull)
const sorted = (list: readonly string[]) => [...list].sort()

describe('core/sdk/entities.ts and schemas/entities agree', () => {
  it.each(SHAPES)('$type: the same required and optional properties', ({ schema, shape: s }) => {
    const json = schemaAt(schema)
    expect(sorted(json.required ?? [])).toEqual(sorted(s.required))
    expect(sorted(Object.keys(json.properties ?? {}))).toEqual(sorted([...s.required, ...s.optional]))
  })

  it.each(SHAPES)('$type: the same nullable properties', ({ schema, shape: s }) => {
    const props = schemaAt(schema).properties ?? {}
    expect(sorted(Object.keys(props).filter((name) => allowsNull(props[name])))).toEqual(sorted(s.nullable))
  })

  it.each(ENUMS)('$type: the same values', ({ schema, values: list }) => {
    expect(sorted(schemaAt(schema).enum ?? [])).toEqual(sorted(list))
  })

  it('every resource kind has an entity schema', () => {
    for (const kind of RESOURCE_KINDS) expect(() => schemaAt(`${E}${kind}.schema.json`)).not.toThrow()
  })

  it('the event schema lists exactly EVENT_TYPES', () => {
    expect(schemaAt(`${SCHEMA_BASE}event.schema.json#/$defs/envelope/properties/type`).enum).toEqual([...EVENT_TYPES])
  })
})

// the key lists above are really checked: leaving a key out does not compile
export function keyListsAreExhaustive(): void {
  // @ts-expect-error: Money's `currency` is missing from its list
  shape<Money>()({ required: ['amount'], optional: [], nullable: [] })
  // @ts-expect-error: OrderStatus's `closed` is missing from its list
  values<OrderStatus>()(['draft', 'open', 'on_hold', 'completed', 'cancelled'])
}
