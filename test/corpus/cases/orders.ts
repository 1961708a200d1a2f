import type { Order } from '../../../core/sdk/entities.js'
import { makeOrder } from '../../support/entities.js'

/** A valid order as the testcart connector receives it; ids are per case so cases never collide. */
export function order(id: string, overrides: Partial<Order> = {}): Order {
  return makeOrder({ id: `corpus-${id}`, number: '7001', ...overrides })
}

export function orderText(id: string, overrides: Partial<Order> = {}): string {
  return JSON.stringify(order(id, overrides))
}

/** A valid order changed by `mutate` (which may break it on purpose), as JSON text. */
export function mutated(id: string, mutate: (o: Record<string, unknown>) => void): string {
  const o = order(id) as unknown as Record<string, unknown>
  mutate(o)
  return JSON.stringify(o)
}
