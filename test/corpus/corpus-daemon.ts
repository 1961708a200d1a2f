import { createHmac, randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { startDaemon, type Daemon } from '../../core/daemon/daemon.js'
import { TestcartServer } from '../fakes/testcart-server.js'
import type { BodySpec, CorpusCase, Signer } from './types.js'

/** 11 MiB: a 10 MB string fits, a few more bytes do not. */
export const BODY_LIMIT = 11 * 1024 * 1024

/** Each connection's signing secret and header: two testcart shops, one Shopify, one WooCommerce. */
export const SIGNERS: Record<Exclude<Signer, false>, { header: string; secret: string }> = {
  shop: { header: 'x-testcart-hmac-sha256', secret: 'testcart-secret' },
  'shop-b': { header: 'x-testcart-hmac-sha256', secret: 'shop-b-secret' },
  shopify: { header: 'x-shopify-hmac-sha256', secret: 'shopify-secret' },
  woo: { header: 'x-wc-webhook-signature', secret: 'woo-secret' },
}

const CONNECTION_SIGNER: Record<string, Exclude<Signer, false>> = { shop: 'shop', 'shop-b': 'shop-b', 'shopify-x': 'shopify', 'woo-x': 'woo' }

const TESTCART = path.resolve('test/support/testcart-connector.ts')
const SHOPIFY = path.resolve('plugins/shopify/index.ts')
const WOO = path.resolve('plugins/woocommerce/index.ts')

/**
 * The config of the corpus daemon: testcart `shop` and `shop-b` (different secrets, so a signature for
 * one is a forgery for the other), `shopify-x` and `woo-x` (their own signature headers), all pointing
 * at the testcart fake so nothing leaves the machine; sqlite in a temp folder; one rule that logs.
 */
function writeCorpusProject(platform: TestcartServer, dir: string): string {
  mkdirSync(path.join(dir, 'rules'), { recursive: true })
  // an ES module project: without it tsx loads the config as CommonJS and core a second time, and a
  // plugin's ERR_TOPIC fails `instanceof CartwireError` and is recorded as ERR_DECODE (reported, not fixed)
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }')
  const rule = { id: 'log-paid', on: ['order.paid'], sources: ['shop', 'shop-b'], then: [{ id: 'log', action: 'log', params: { message: 'paid {{order.id}}' } }] }
  writeFileSync(path.join(dir, 'rules', 'log-paid.json'), JSON.stringify(rule))
  const config = {
    store: { driver: 'sqlite', path: './data/cartwire.db' },
    server: { port: 0, host: '127.0.0.1', bodyLimit: BODY_LIMIT, admin: { port: 0, host: '127.0.0.1' } },
  }
  const url = platform.url
  const connections = [
    `{ id: 'shop', connector: testcart, options: ${JSON.stringify({ baseUrl: url, webhookSecret: SIGNERS.shop.secret })}, poll: false }`,
    `{ id: 'shop-b', connector: testcart, options: ${JSON.stringify({ baseUrl: url, webhookSecret: SIGNERS['shop-b'].secret })}, poll: false }`,
    `{ id: 'shopify-x', connector: shopify, options: ${JSON.stringify({ shop: 'corpus.myshopify.com', baseUrl: url, accessToken: 'shpat_corpus', webhookSecret: SIGNERS.shopify.secret, currency: 'EUR' })}, poll: false }`,
    `{ id: 'woo-x', connector: woo, options: ${JSON.stringify({ url, consumerKey: 'ck_corpus', consumerSecret: 'cs_corpus', webhookSecret: SIGNERS.woo.secret, currency: 'EUR' })}, poll: false }`,
  ]
  const text = [
    `import testcart from ${JSON.stringify(TESTCART)}`,
    `import shopify from ${JSON.stringify(SHOPIFY)}`,
    `import woo from ${JSON.stringify(WOO)}`,
    `export default { ...${JSON.stringify(config)}, connections: [${connections.join(', ')}] }`,
  ].join('\n')
  const configPath = path.join(dir, 'automation.config.ts')
  writeFileSync(configPath, text)
  return configPath
}

export interface CorpusDaemon {
  daemon: Daemon
  platform: TestcartServer
  close(): Promise<void>
}

/** The real daemon in this process on port 0; its log is discarded (cases assert on answers and the store). */
export async function startCorpusDaemon(): Promise<CorpusDaemon> {
  const platform = await new TestcartServer().start()
  const dir = mkdtempSync(path.join(tmpdir(), 'cartwire-corpus-'))
  const configPath = writeCorpusProject(platform, dir)
  const destination = new Writable({ write: (_chunk, _encoding, done) => done() })
  const daemon = await startDaemon({ configPath, log: { destination, pretty: false, level: 'warn' }, workers: { idleMs: 50 } })
  return {
    daemon,
    platform,
    async close() {
      await daemon.stop()
      await platform.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export function bytesOf(body: BodySpec | undefined): Buffer {
  if (body === undefined) return Buffer.alloc(0)
  if (typeof body === 'string') return Buffer.from(body, 'utf8')
  if (typeof body === 'function') return body()
  return Buffer.from(body.base64, 'base64')
}

export interface Answer {
  status: number
  body: Record<string, unknown> | undefined
  /** the exact bytes sent as the body */
  sent: Buffer
}

/** The request line, headers and body a case describes. */
function prepare(c: CorpusCase): { path: string; method: string; headers: string[]; body: Buffer } {
  const r = c.request
  const body = bytesOf(r.body)
  const signer = r.sign === undefined ? CONNECTION_SIGNER[r.connection] : r.sign
  const defaults: Record<string, string | null> = { 'content-type': 'application/json', 'x-testcart-topic': 'orders/create', 'x-testcart-webhook-id': randomUUID() }
  if (signer) defaults[SIGNERS[signer].header] = createHmac('sha256', SIGNERS[signer].secret).update(r.signOver === undefined ? body : bytesOf(r.signOver)).digest('base64')
  const merged = { ...defaults, ...r.headers }
  // raw array headers get no defaults from node:http: Host is ours to send
  const headers: string[] = ['host', 'corpus.test']
  for (const [name, value] of Object.entries(merged)) if (value !== null) headers.push(name, value)
  for (const [name, value] of r.rawHeaders ?? []) headers.push(name, value)
  if (r.declare !== undefined) headers.push('content-length', String(r.declare))
  else if (!r.chunked) headers.push('content-length', String(body.length))
  if (r.expectContinue) headers.push('expect', '100-continue')
  return { path: r.path ?? `/webhooks/${r.connection}`, method: r.method ?? 'POST', headers, body }
}

/**
 * Sends one case on a fresh connection (no agent: an early 413 closes its socket) and resolves with
 * the answer. Write errors after an early answer are expected and ignored.
 */
export function send(baseUrl: string, c: CorpusCase): Promise<Answer> {
  const { path: target, method, headers, body } = prepare(c)
  return new Promise((resolve, reject) => {
    let answered = false
    // host, port and path apart: a URL string would be normalized (dot segments, %2e) before it is sent
    const { hostname, port } = new URL(baseUrl)
    const req = request({ hostname, port, path: target, method, headers, agent: false }, (res) => {
      answered = true
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, sent: body })
        req.destroy()
      })
    })
    req.on('error', (e) => (answered ? undefined : reject(new Error(`${c.name}: ${e.message}`))))
    if (c.request.expectContinue) return void req.on('continue', () => req.end(body))
    if (c.request.declare !== undefined) return void req.flushHeaders()
    const step = c.request.chunked ?? body.length
    for (let at = 0; at < body.length; at += step) req.write(body.subarray(at, at + step))
    if (c.request.end !== false) req.end()
  })
}
