import { listCollection } from './listing.js'
import { renderWebhook } from './model.js'
import type { Route } from './server.js'

/** /webhooks: list (status filter), create (WooCommerce then pings the URL), read, update. */
export const webhookRoutes: Route[] = [
  (fake, req) => {
    if (req.path !== '/webhooks') return undefined
    if (req.method === 'GET') {
      const status = req.query.get('status')
      const rows = [...fake.webhooks.values()].filter((w) => !status || status === 'all' || w.status === status).map((w) => ({ ...w, modifiedMs: w.createdMs }))
      const { items, headers } = listCollection(rows, req.query, req.selfUrl)
      return { status: 200, body: items.map(renderWebhook), headers }
    }
    if (req.method !== 'POST') return undefined
    const b = req.body ?? {}
    if (typeof b.topic !== 'string' || typeof b.delivery_url !== 'string') return { status: 400, body: { code: 'rest_missing_callback_param', message: 'Missing parameter(s): topic, delivery_url', data: { status: 400 } } }
    const hook = fake.createWebhook(b.topic, b.delivery_url, b.status ?? 'active', b.secret ?? fake.webhookSecret)
    if (b.name) hook.name = b.name
    fake.effects.push({ action: 'webhook', id: hook.id, body: b })
    return { status: 201, body: renderWebhook(hook) }
  },
  (fake, req) => {
    const m = /^\/webhooks\/(\d+)$/.exec(req.path)
    if (!m) return undefined
    const hook = fake.webhooks.get(Number(m[1]))
    if (!hook) return { status: 404, body: { code: 'woocommerce_rest_webhook_invalid_id', message: 'Invalid ID.', data: { status: 404 } } }
    if (req.method === 'GET') return { status: 200, body: renderWebhook(hook) }
    if (req.method !== 'PUT' && req.method !== 'POST') return undefined
    if (req.body?.status) hook.status = req.body.status
    fake.effects.push({ action: 'webhook', id: hook.id, body: req.body })
    return { status: 200, body: renderWebhook(hook) }
  },
]
