import { z } from 'zod'
import { unifiedActionNames } from '../../core/model/schemas.js'
import type { ValidationEnv } from '../../core/rules/connections.js'
import { EVENT_TYPES } from '../../core/sdk/events.js'

/**
 * The config the rule suites validate against (the default config has no `shopify-main`):
 * - shopify-main: emits every event type, has every unified action, can fetch;
 * - woo-main: emits order, inventory and product events, can tag and set status and stock but not
 *   add notes, has a platform-specific `woo.setMeta`, cannot fetch (so waits on it earn a warning);
 * - standalone actions: http.request and log (JSON schemas in schemas/actions), and a custom
 *   `slack.post` with a zod params schema.
 */
export function testEnv(overrides: Partial<ValidationEnv> = {}): ValidationEnv {
  return {
    connections: [
      {
        id: 'shopify-main',
        connector: {
          name: 'shopify',
          emits: EVENT_TYPES,
          capabilities: Object.fromEntries(unifiedActionNames().map((name) => [name, { idempotency: 'natural' as const }])),
          canFetch: true,
        },
      },
      {
        id: 'woo-main',
        connector: {
          name: 'woocommerce',
          emits: EVENT_TYPES.filter((type) => /^(order|inventory|product)\./.test(type)),
          capabilities: { 'order.addTags': { idempotency: 'natural' }, 'order.setStatus': { idempotency: 'natural' }, 'inventory.set': { idempotency: 'natural' }, 'woo.setMeta': { idempotency: 'natural' } },
          canFetch: false,
        },
      },
    ],
    actions: new Map([
      ['http.request', { idempotency: 'unsafe' as const }],
      ['log', { idempotency: 'natural' as const }],
      ['slack.post', { idempotency: 'unsafe' as const, params: z.object({ channel: z.string().regex(/^#/), text: z.string(), count: z.number().optional() }) }],
    ]),
    vars: { opsBaseUrl: 'https://ops.example.com', discount: { code: 'VIP10', percent: 10 } },
    ...overrides,
  }
}

/** The environment of the repository's own automation.config.ts (the quick start the examples run on). */
export async function projectEnv(): Promise<ValidationEnv> {
  const { loadProject } = await import('../../core/cli/project.js')
  return (await loadProject({ config: new URL('../../automation.config.ts', import.meta.url).pathname })).env
}
