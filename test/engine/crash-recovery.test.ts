import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../core/store/open.js'
import { TestcartServer } from '../fakes/testcart-server.js'
import { makeOrder } from '../support/entities.js'

/**
 * SIGKILL between an action and its commit (the failpoint `after-action-before-commit`), then a restart:
 * each idempotency class recovers as SEMANTICS.md §5 says. The fake platform lives in this process, so
 * what it received is counted by something the crash cannot touch.
 */
const CHILD = path.resolve('test/support/crash-child.ts')
const ORDER = 'order-1001'

const cases = [
  { cls: 'natural', step: { id: 'tag', action: 'order.addTags', params: { tags: ['vip'] } }, path: `/orders/${ORDER}/tags` },
  { cls: 'keyed', step: { id: 'ship', action: 'fulfillment.create', params: { trackingNumber: 'TRACK-1' } }, path: `/orders/${ORDER}/fulfillments` },
  { cls: 'probe', step: { id: 'note', action: 'order.addNote', params: { note: 'Large order' } }, path: `/orders/${ORDER}/notes` },
  { cls: 'unsafe', step: { id: 'notify', action: 'http.request', params: { method: 'POST', url: 'SINK', body: { order: '{{order.number}}' } } }, path: '/sink' },
] as const

describe('crash between action and commit, then restart', () => {
  let platform: TestcartServer
  let dir: string
  beforeAll(async () => {
    platform = await new TestcartServer().start()
    dir = mkdtempSync(path.join(tmpdir(), 'cartwire-crash-'))
  })
  afterAll(async () => {
    await platform.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Async on purpose: the fake platform answers from this process's event loop while the child runs. */
  async function runChild(name: string, input: object, failpoints?: string) {
    const file = path.join(dir, `${name}.json`)
    writeFileSync(file, JSON.stringify(input))
    const log = path.join(dir, `${name}.failpoints`)
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], {
      env: { ...process.env, CARTWIRE_FAILPOINTS: failpoints ?? '', CARTWIRE_FAILPOINTS_LOG: log },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (code, sig) => resolve([code, sig])))
    return { signal, status, stderr, hits: existsSync(log) ? readFileSync(log, 'utf8') : '' }
  }

  it.each(cases)('a $cls step recovers by its class', async ({ cls, step, path: effectPath }) => {
    // created after the connection's baseline (set when the first child starts), so the order is new
    const later = new Date(Date.now() + 60_000).toISOString()
    const order = platform.put(makeOrder({ createdAt: later, updatedAt: later }))
    const rule = { id: `crash-${cls}`, on: ['order.paid'], then: [{ ...step, params: JSON.parse(JSON.stringify(step.params).replace('SINK', `${platform.url}/sink`)) }] }
    const storePath = path.join(dir, `${cls}.db`)
    const webhook = platform.webhook('orders/paid', order)
    const base = { storePath, baseUrl: platform.url, secret: platform.secret, rules: [rule], leaseMs: 1500, untilMs: 20_000 }
    const callsBefore = platform.calls.filter((c) => c.path === effectPath).length

    const crashed = await runChild(`${cls}-1`, { ...base, webhook: { headers: webhook.headers, body: webhook.rawBody.toString() } }, 'after-action-before-commit:exit')
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL')
    expect(crashed.hits).toContain('after-action-before-commit')
    const firstCalls = platform.calls.filter((c) => c.path === effectPath).slice(callsBefore)
    expect(firstCalls).toHaveLength(1)

    const restarted = await runChild(`${cls}-2`, base)
    expect(restarted.status, restarted.stderr).toBe(0)
    const calls = platform.calls.filter((c) => c.path === effectPath).slice(callsBefore)
    const store = await openStore({ driver: 'sqlite', path: storePath }, { readonly: true })
    const [entry] = await store.listLedger({})
    const exceptions = await store.listExceptions({})
    await store.close()

    if (cls === 'natural' || cls === 'keyed') {
      expect(calls, 're-run once with the same key').toHaveLength(2)
      expect(calls[1].key).toBe(calls[0].key)
      expect(entry.state).toBe('done')
      expect(exceptions).toHaveLength(0)
    }
    if (cls === 'keyed') expect(platform.effects.filter((e) => e.action === 'fulfillment' && e.key === calls[0].key), 'the platform honoured the key').toHaveLength(1)
    if (cls === 'probe') {
      expect(calls, 'probed, not repeated').toHaveLength(1)
      expect(entry.state).toBe('done')
      expect(exceptions).toHaveLength(0)
    }
    if (cls === 'unsafe') {
      expect(calls, 'never re-run blindly').toHaveLength(1)
      expect(entry.state).toBe('in_doubt')
      expect(exceptions).toHaveLength(1)
      expect(exceptions[0]).toMatchObject({ kind: 'step', code: 'ERR_IN_DOUBT', state: 'open' })
    }
  })
})
