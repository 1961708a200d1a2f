import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestcartServer } from '../fakes/testcart-server.js'
import { newOrder, startTestDaemon, until, writeProject, type TestDaemon } from './daemon-env.js'
import { startDaemon } from '../../core/daemon/daemon.js'

const TAG_RULE = { id: 'tag-paid', on: ['order.paid'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['paid-seen'] } }] }

describe('the admin API', () => {
  let t: TestDaemon
  beforeAll(async () => {
    t = await startTestDaemon({ rules: [TAG_RULE] })
  })
  afterAll(() => t.close())

  // `any`: each answer is checked by shape where it is used
  const json = async (res: Response) => [res.status, (await res.json()) as any] as const

  /** An order whose tag call the platform refuses (422): a step exception, open. */
  async function stepException(id: string) {
    t.platform.failNext({ path: `/orders/${id}/tags`, status: 422, times: 1 })
    expect((await t.post('orders/create', newOrder(t.platform, id))).status).toBe(202)
    return until(async () => (await t.daemon.store.listExceptions({ kind: 'step', state: 'open' })).find((e) => e.resource?.id === id), `the step exception of ${id}`)
  }

  it('refuses requests without the token, with a wrong one, and forwarded ones', async () => {
    const none = await t.admin('/api/status', { token: null })
    expect(await json(none)).toEqual([401, { ok: false, code: 'ERR_UNAUTHORIZED', message: expect.any(String) }])
    expect(none.headers.get('www-authenticate')).toBe('Bearer')
    expect((await json(await t.admin('/api/status', { token: 'wrong-token' })))[1]).toMatchObject({ code: 'ERR_UNAUTHORIZED' })
    expect((await t.admin('/api/status', { token: `${t.daemon.adminToken}x` })).status).toBe(401)
    for (const header of ['forwarded', 'x-forwarded-for']) {
      const res = await t.admin('/api/status', { headers: { [header]: 'for=203.0.113.7' } })
      expect(await json(res), header).toEqual([403, { ok: false, code: 'ERR_FORBIDDEN', message: expect.any(String) }])
    }
    expect((await t.admin('/metrics', { token: null, headers: { forwarded: 'for=203.0.113.7' } })).status).toBe(403)
  })

  it('writes the generated token to the data folder, readable by its owner only', () => {
    const file = path.join(t.dir, 'data', 'admin-token')
    expect(readFileSync(file, 'utf8').trim()).toBe(t.daemon.adminToken)
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('answers status', async () => {
    const [status, body] = await json(await t.admin('/api/status'))
    expect(status).toBe(200)
    expect(body).toMatchObject({ pid: process.pid, store: { driver: 'sqlite', schemaVersion: expect.any(Number) }, connections: [{ id: 'shop', connector: 'testcart' }], rules: { total: 1, paused: [] }, counts: { events: expect.any(Number) } })
  })

  it('lists and shows exceptions, and retries one: the step then succeeds on the platform', async () => {
    const exception = await stepException('order-4001')
    const [, list] = await json(await t.admin('/api/exceptions?state=open&kind=step'))
    expect(list.exceptions.map((e: { id: string }) => e.id)).toContain(exception.id)
    expect((await json(await t.admin('/api/exceptions?state=bogus')))[1]).toMatchObject({ code: 'ERR_BAD_REQUEST' })
    const [, detail] = await json(await t.admin(`/api/exceptions/${encodeURIComponent(exception.id)}`))
    expect(detail).toMatchObject({ exception: { id: exception.id, code: 'ERR_UPSTREAM_REJECTED' }, ledger: { stepId: 'tag', state: 'failed' }, event: { type: 'order.paid' } })
    const [status, retried] = await json(await t.admin(`/api/exceptions/${encodeURIComponent(exception.id)}/retry`, { method: 'POST', body: '{}' }))
    expect([status, retried.exception.state]).toEqual([200, 'retried'])
    await until(() => t.platform.effectsFor('tags').some((e) => e.orderId === 'order-4001'), 'the retried tag call')
  })

  it('skips and resolves exceptions; a resolve needs a note; unknown ids are 404', async () => {
    const skip = await stepException('order-4002')
    expect((await json(await t.admin(`/api/exceptions/${encodeURIComponent(skip.id)}/skip`, { method: 'POST' })))[1].exception.state).toBe('skipped')
    const resolve = await stepException('order-4003')
    const route = `/api/exceptions/${encodeURIComponent(resolve.id)}/resolve`
    expect((await json(await t.admin(route, { method: 'POST', body: '{}' })))).toEqual([400, expect.objectContaining({ code: 'ERR_BAD_REQUEST' })])
    expect((await json(await t.admin(route, { method: 'POST', body: '{"note":"  "}' })))).toEqual([422, expect.objectContaining({ code: 'ERR_PARAMS' })])
    expect((await json(await t.admin(route, { method: 'POST', body: 'not json' })))[0]).toBe(400)
    expect((await json(await t.admin(route, { method: 'POST', body: '{"note":"tagged by hand"}' })))[1].exception).toMatchObject({ state: 'resolved', note: 'tagged by hand' })
    for (const id of ['nope', '__proto__', 'constructor']) {
      expect((await json(await t.admin(`/api/exceptions/${id}`)))[1], id).toMatchObject({ code: 'ERR_NOT_FOUND' })
      expect((await t.admin(`/api/exceptions/${id}/skip`, { method: 'POST' })).status, id).toBe(404)
    }
  })

  it('pauses and resumes a rule; an unknown rule is 404', async () => {
    expect((await json(await t.admin('/api/rules/tag-paid/pause', { method: 'POST' })))[1]).toEqual({ rule: 'tag-paid', paused: true })
    expect((await json(await t.admin('/api/status')))[1].rules.paused).toEqual(['tag-paid'])
    expect((await json(await t.admin('/api/rules/tag-paid/resume', { method: 'POST' })))[1]).toEqual({ rule: 'tag-paid', paused: false })
    expect((await t.admin('/api/rules/no-such-rule/pause', { method: 'POST' })).status).toBe(404)
  })

  it('routes only what the contract lists', async () => {
    expect((await json(await t.admin('/api/nope')))[1]).toMatchObject({ code: 'ERR_ROUTE' })
    expect((await json(await t.admin('/api/reload')))).toEqual([405, expect.objectContaining({ code: 'ERR_METHOD' })])
    expect((await t.admin('/api/status', { method: 'POST' })).status).toBe(405)
    expect((await t.admin('/', { token: null })).status).toBe(404)
  })

  it('reloads a valid rule set, and keeps the old set when a rule file is broken', async () => {
    const rulesDir = path.join(t.dir, 'rules')
    writeFileSync(path.join(rulesDir, 'note-paid.json'), JSON.stringify({ id: 'note-paid', on: ['order.paid'], then: [{ id: 'note', action: 'order.addNote', params: { note: 'paid' } }] }))
    expect(await json(await t.admin('/api/reload', { method: 'POST' }))).toEqual([200, { ok: true, rules: 2 }])
    writeFileSync(path.join(rulesDir, 'broken.json'), '{ "id": "broken", "on": ["order.paid"], "then": [ { "action": "no.such.action" } ] }')
    const [status, refused] = await json(await t.admin('/api/reload', { method: 'POST' }))
    expect(status).toBe(400)
    expect(refused).toMatchObject({ ok: false, code: 'ERR_RULE', message: expect.stringContaining('broken.json') })
    expect(t.logged('reload refused; the previous rules stay in force')).toHaveLength(1)
    expect((await json(await t.admin('/api/status')))[1].rules.total).toBe(2)
    await t.post('orders/create', newOrder(t.platform, 'order-4004'))
    await until(() => t.platform.effectsFor('note').some((e) => e.orderId === 'order-4004'), 'the reloaded rule to act')
  })

  it('serves Prometheus metrics without a token', async () => {
    const res = await t.admin('/metrics', { token: null })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    for (const family of ['cartwire_deliveries', 'cartwire_events', 'cartwire_runs', 'cartwire_ledger_steps', 'cartwire_exceptions', 'cartwire_intake_requests_total', 'cartwire_step_outcomes_total', 'cartwire_worker_loop_lag_seconds']) {
      expect(text).toContain(`# TYPE ${family} `)
    }
    expect(text).toMatch(/^cartwire_intake_requests_total\{status="202"\} [1-9]\d*$/m)
    expect(text).toMatch(/^cartwire_step_outcomes_total\{outcome="done"\} [1-9]\d*$/m)
    expect(text).toMatch(/^cartwire_exceptions\{state="resolved"\} 1$/m)
  })
})

describe('admin exposure', () => {
  it('refuses to start with a non-loopback admin host unless a token is configured, and then accepts forwarded requests', async () => {
    const platform = await new TestcartServer().start()
    const server = (admin: object) => ({ server: { port: 0, host: '127.0.0.1', admin: { port: 0, ...admin } } })
    const open = writeProject(platform, { rules: [], config: server({ host: '0.0.0.0' }) })
    await expect(startDaemon({ configPath: open.configPath, log: { level: 'silent' } })).rejects.toMatchObject({ code: 'ERR_CONFIG', message: expect.stringContaining('server.admin.host') })
    const token = 'a-configured-token-of-some-length'
    const withToken = writeProject(platform, { rules: [], config: server({ host: '0.0.0.0', token }) })
    const daemon = await startDaemon({ configPath: withToken.configPath, log: { level: 'silent' } })
    try {
      const res = await fetch(`${daemon.adminUrl}/api/status`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.7' } })
      expect(res.status).toBe(200)
    } finally {
      await daemon.stop()
      await platform.stop()
      for (const dir of [open.dir, withToken.dir]) rmSync(dir, { recursive: true, force: true })
    }
  })
})
