import type { Logger, Subscriptions } from '../../core/sdk/index.js'
import type { WooRest } from './rest.js'
import type { WooWebhook } from './woo-types.js'

/**
 * `cartwire connectors sync`: makes the store send every topic this connector decodes to
 * `<public url>/webhooks/<connection>`.
 * - A missing topic is created (`POST /webhooks`, status active, the first configured webhook secret,
 *   REST API v3 payloads). WooCommerce then pings the URL once, unsigned (see signature.ts).
 * - A webhook WooCommerce set to `disabled` (it does that after more than 5 consecutive failed
 *   deliveries, and never retries a delivery) is set `active` again and reported as a problem: what it
 *   would have sent in between is lost, and only the poll backstop brings those changes in. The core
 *   raises a connection exception from the report.
 * - A webhook a person `paused` is left paused and reported.
 * WooCommerce never deletes webhooks by itself, so `removed` stays empty.
 */
export const TOPICS = [
  'order.created', 'order.updated', 'order.deleted', 'order.restored',
  'product.created', 'product.updated', 'product.deleted', 'product.restored',
  'customer.created', 'customer.updated', 'customer.deleted',
] as const

export function createSubscriptions(rest: WooRest, connection: string, secret: string, log: Logger): Subscriptions {
  return {
    async sync(url: string) {
      const target = `${url.replace(/\/+$/, '')}/webhooks/${encodeURIComponent(connection)}`
      const hooks: WooWebhook[] = []
      for (let page = 1; ; page++) {
        const { data, headers } = await rest.call<WooWebhook[]>('GET', '/webhooks', { query: { per_page: 100, page } })
        hooks.push(...data)
        if (data.length === 0 || page >= Number(headers['x-wp-totalpages'] ?? 1)) break
      }
      const report = { created: [] as string[], updated: [] as string[], removed: [] as string[], problems: [] as string[] }
      for (const topic of TOPICS) {
        const mine = hooks.filter((h) => h.topic === topic && h.delivery_url === target)
        if (mine.some((h) => h.status === 'active')) continue
        const disabled = mine.find((h) => h.status === 'disabled')
        const paused = mine.find((h) => h.status === 'paused')
        try {
          if (disabled) {
            await rest.call('PUT', `/webhooks/${disabled.id}`, { body: { status: 'active' } })
            report.updated.push(topic)
            report.problems.push(`webhook ${disabled.id} (${topic}) had been disabled by WooCommerce after repeated failed deliveries; it is active again — deliveries in between were lost and only polling recovers those changes`)
            log.warn({ webhook: disabled.id, topic }, 're-enabled a webhook WooCommerce had disabled')
          } else if (paused) {
            report.problems.push(`webhook ${paused.id} (${topic}) is paused in WooCommerce; left as it is (a person paused it)`)
          } else {
            await rest.call('POST', '/webhooks', { body: { name: `cartwire ${connection} ${topic}`, topic, delivery_url: target, secret, status: 'active', api_version: 'wp_api_v3' } })
            report.created.push(topic)
          }
        } catch (e) {
          report.problems.push(`${topic}: ${(e as Error).message}`)
        }
      }
      return report
    },
  }
}
