import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { Engine } from '../../core/engine/engine.js'
import { ManualClock, type ActionDefinition } from '../../core/sdk/index.js'
import { openStore } from '../../core/store/open.js'
import logAction from '../../plugins/log/index.js'
import sandbox from '../../plugins/sandbox/index.js'
import { createOrder, runtimeOf, type SandboxRuntime } from '../../plugins/sandbox/internal.js'
import { rulesFrom } from '../support/harness.js'
import { perTest, T_START } from './support.js'

/**
 * The sandbox inside the real engine. A small local HTTP listener stands in for the daemon's intake and
 * hands each `POST /webhooks/:connection` to `engine.receive`; the engine's `server.publicUrl` points
 * at it, so the sandbox delivers through `ctx.webhookUrl()` exactly as under `cartwire start`.
 */
const t = perTest()

async function start(rules: object[]) {
  let engine: Engine | undefined
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const connection = decodeURIComponent((req.url ?? '').split('/')[2] ?? '')
    const answer = await engine!.receive(connection, { method: req.method ?? 'POST', headers: req.headers as Record<string, string>, rawBody: Buffer.concat(chunks), query: {} })
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const clock = new ManualClock(T_START)
  const store = await openStore({ driver: 'lowdb' }, { clock })
  engine = await Engine.create({
    config: {
      connections: [{ id: 'demo', connector: sandbox, options: { dataDir: t.dir(), seed: 7, ordersPerMinute: 0 } }],
      store: { driver: 'lowdb' },
      server: { publicUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
    },
    plugins: { connectors: new Map([['sandbox', sandbox]]), actions: new Map<string, ActionDefinition>([[logAction.name, logAction as ActionDefinition]]) },
    store,
    rules: rulesFrom(rules),
    clock,
    random: () => 0.5,
  })
  t.defer(async () => {
    await engine!.close()
    await store.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  await engine.startConnectors()
  const rt: SandboxRuntime = runtimeOf(engine.rt.connections.get('demo')!.instance)
  /** Delivers and processes until the sandbox has nothing left to send and the engine nothing left to do. */
  const settle = async () => {
    for (let round = 0; round < 20; round++) {
      await rt.deliverNow()
      if ((await engine!.runUntilQuiet()) === 0 && rt.read().outbox.length === 0) return
    }
    throw new Error('the sandbox and the engine did not settle')
  }
  const events = async (type: string, resourceId?: string) => (await store.listEvents({ limit: 100_000 })).filter((e) => e.type === type && (!resourceId || e.resource.id === resourceId))
  return { engine, store, rt, settle, events }
}

describe('the sandbox inside the engine', () => {
  it("delivers a rule's change back to the daemon, where it is recognised as cartwire's own write", async () => {
    const d = await start([
      { id: 'tag-paid', on: ['order.paid'], then: [{ action: 'order.addTags', params: { tags: ['cartwire-seen'] } }] },
      { id: 'note-on-update', on: ['order.updated'], then: [{ action: 'order.addNote', params: { note: 'order changed' } }] },
    ])
    const order = d.rt.write((world) => createOrder(world, { paid: true })).result
    await d.settle()

    const stored = d.rt.read().orders.find((o) => o.id === order.id)!
    expect(stored.tags, 'the rule visibly changed the sandbox').toContain('cartwire-seen')
    const [step] = (await d.store.listLedger({ state: 'done' })).filter((e) => e.ruleId === 'tag-paid')
    const updates = await d.events('order.updated', order.id)
    expect(updates).toHaveLength(1)
    expect(updates[0]).toMatchObject({ changes: ['tags'], causedBy: step.key })
    expect(updates[0].trace.skipped).toEqual([{ rule: 'note-on-update', reason: 'own-change' }])
    expect(stored.note, 'the skipped rule wrote nothing').toBeNull()
  })

  it('lets the next poll find a change whose webhook never arrived, and stores the pre-existing catalog silently', async () => {
    const d = await start([])
    const order = d.rt.write((world) => createOrder(world, { paid: false })).result
    d.rt.state.update((data) => {
      data.outbox = [] // the webhook is lost
    })
    await d.engine.poll('demo')
    await d.settle()
    expect(await d.events('order.created', order.id)).toHaveLength(1)
    expect(await d.events('product.created'), 'the catalog existed before the connection').toEqual([])
  })

  it('fires the milestones of generated activity once each, however many webhooks announced them', async () => {
    const d = await start([])
    for (let i = 0; i < 20; i++) {
      d.rt.tick()
      await d.settle()
    }
    await d.engine.poll('demo')
    await d.settle()
    const created = await d.events('order.created')
    expect(created.length).toBe(d.rt.read().orders.length)
    expect(new Set(created.map((e) => e.resource.id)).size, 'one order.created per order').toBe(created.length)
    const paid = await d.events('order.paid')
    expect(new Set(paid.map((e) => e.resource.id)).size).toBe(paid.length)
    expect(await d.store.listExceptions(), 'every delivery decoded and validated').toEqual([])
  })
})
