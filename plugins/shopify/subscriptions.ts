import type { Kv, Subscriptions } from '../../core/sdk/index.js'
import type { ShopifyApi } from './api.js'
import type { Raw } from './normalize-parts.js'

const KNOWN = 'subscriptions:topics'

/**
 * Keeps every configured topic pointed at `${url}/webhooks/<connection>` through REST `webhooks.json`
 * (the app's own subscriptions): a topic with no subscription is created, one pointing at another
 * address (an old public URL) is moved. Shopify deletes a subscription created through the API after
 * repeated failed deliveries; a topic this connection had subscribed and now finds missing is reported
 * in `removed` (and created again). The memory of what was subscribed lives in the connection's cache,
 * so after a restart a missing topic shows only as `created`. Subscriptions on another API version
 * than the connector's are reported: their payloads have that version's shape.
 */
export function createSubscriptions(api: ShopifyApi, connection: string, kv: Kv): Subscriptions {
  return {
    async sync(url) {
      const address = `${url.replace(/\/+$/, '')}/webhooks/${encodeURIComponent(connection)}`
      const result = { created: [] as string[], updated: [] as string[], removed: [] as string[], problems: [] as string[] }
      const existing = (await api.rest.request('webhooks.json?limit=250', { priority: 'fetch' })).json.webhooks as Raw[]
      const known = ((await kv.get(KNOWN)) as string[] | undefined) ?? []
      for (const topic of api.settings.topics) {
        const forTopic = existing.filter((w) => w.topic === topic)
        const mine = forTopic.find((w) => w.address === address) ?? forTopic[0]
        try {
          if (!mine) {
            if (known.includes(topic)) result.removed.push(topic)
            await api.rest.request('webhooks.json', { method: 'POST', priority: 'fetch', body: { webhook: { topic, address, format: 'json' } } })
            result.created.push(topic)
            continue
          }
          if (mine.address !== address) {
            await api.rest.request(`webhooks/${mine.id}.json`, { method: 'PUT', priority: 'fetch', body: { webhook: { id: mine.id, address } } })
            result.updated.push(topic)
          }
          if (mine.api_version && mine.api_version !== api.settings.apiVersion) result.problems.push(`${topic}: subscribed on API version ${mine.api_version}, the connector reads ${api.settings.apiVersion}`)
          if (mine.format && mine.format !== 'json') result.problems.push(`${topic}: format ${mine.format}, expected json`)
        } catch (e) {
          result.problems.push(`${topic}: ${(e as Error).message}`)
        }
      }
      await kv.set(KNOWN, [...api.settings.topics])
      return result
    },
  }
}
