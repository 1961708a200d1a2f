import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FakeShopify } from '../fakes/shopify/server.js'

/**
 * A project folder with one Shopify connection `shop-main` on the fake (orders/create and orders/paid
 * subscribed), an empty rules folder and `config` merged into automation.config.ts; the caller removes `dir`.
 */
export function writeShopifyProject(fake: FakeShopify, config: Record<string, unknown>): { dir: string; configPath: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cartwire-shopify-project-'))
  mkdirSync(path.join(dir, 'rules'))
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}')
  const options = { shop: fake.shop, baseUrl: fake.url, accessToken: fake.token, webhookSecret: fake.secret, apiVersion: fake.version, topics: ['orders/create', 'orders/paid'] }
  const configPath = path.join(dir, 'automation.config.ts')
  writeFileSync(configPath, `export default ${JSON.stringify({ connections: [{ id: 'shop-main', connector: 'shopify', options }], ...config })}\n`)
  return { dir, configPath }
}
