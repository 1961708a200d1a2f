/**
 * The engine in a child process on a sqlite file, for crash tests. argv[2] is a JSON file:
 * `{ storePath, baseUrl, secret, rules, webhook?: { headers, body }, leaseMs, untilMs }`. It delivers the
 * webhook (if any), then works until nothing is left to do (runs whose lease a dead process still holds
 * are waited for, up to untilMs), and exits 0. Failpoints come from CARTWIRE_FAILPOINTS.
 */
import { readFileSync } from 'node:fs'
import { Engine } from '../../core/engine/engine.js'
import type { ActionDefinition } from '../../core/sdk/action.js'
import { openStore } from '../../core/store/open.js'
import httpAction from '../../plugins/http/index.js'
import { rulesFrom } from './harness.js'
import testcart from './testcart-connector.js'

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const store = await openStore({ driver: 'sqlite', path: input.storePath })
const engine = await Engine.create({
  config: {
    connections: [{ id: 'shop', connector: testcart, options: { baseUrl: input.baseUrl, webhookSecret: input.secret } }],
    retry: { attempts: 3, base: '100ms', max: '1s', factor: 2, jitter: 0 },
  },
  plugins: { connectors: new Map([['testcart', testcart]]), actions: new Map<string, ActionDefinition>([[httpAction.name, httpAction as ActionDefinition]]) },
  store,
  rules: rulesFrom(input.rules),
  leaseMs: input.leaseMs,
})
if (input.webhook) {
  const answer = await engine.receive('shop', { method: 'POST', headers: input.webhook.headers, rawBody: Buffer.from(input.webhook.body), query: {} })
  if (answer.status >= 300) throw new Error(`webhook refused: ${JSON.stringify(answer)}`)
}
const deadline = Date.now() + input.untilMs
for (;;) {
  await engine.runUntilQuiet()
  const counts = await store.counts()
  const open = (counts.runs.running ?? 0) + (counts.runs.queued ?? 0) + (counts.runs.retry_wait ?? 0) + counts.deliveries.pending
  if (open === 0 || Date.now() > deadline) break
  await new Promise((resolve) => setTimeout(resolve, 50))
}
await engine.close()
await store.close()
