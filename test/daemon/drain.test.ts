import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../core/store/open.js'
import { startLocalServer } from '../net/local-server.js'
import { newOrder, startTestDaemon, until } from './daemon-env.js'

describe('stopping the daemon', () => {
  it('finishes the run in flight, commits its step, and only then closes the store', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const sink = await startLocalServer(async (_req, res) => {
      await held
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
    const rule = { id: 'notify-paid', on: ['order.paid'], then: [{ id: 'notify', action: 'http.request', params: { method: 'POST', url: `${sink.origin}/hook`, body: { order: '{{order.id}}' } } }] }
    const t = await startTestDaemon({ rules: [rule] })
    expect((await t.post('orders/create', newOrder(t.platform, 'order-7001'))).status).toBe(202)
    await sink.arrived(1)

    const stopped = t.daemon.stop()
    // the stop is waiting for the run; /readyz would now say draining
    await until(() => t.logged('draining: no new requests; finishing work in flight').length === 1, 'the drain to begin')
    release()
    await stopped
    expect(t.logged('stopped')).toHaveLength(1)

    const store = await openStore({ driver: 'sqlite', path: path.join(t.dir, 'data', 'cartwire.db') }, { readonly: true })
    try {
      const [entry] = await store.listLedger({})
      expect(entry).toMatchObject({ ruleId: 'notify-paid', stepId: 'notify', state: 'done' })
      expect(await store.listExceptions({})).toEqual([])
    } finally {
      await store.close()
      await sink.close()
      await t.close()
    }
  })
})
