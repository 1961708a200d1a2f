import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { lastTickKey } from '../../core/daemon/scheduler.js'
import { ManualClock } from '../../core/sdk/clock.js'
import { openStore } from '../../core/store/open.js'
import { TestcartServer } from '../fakes/testcart-server.js'
import { startTestDaemon, until, writeProject } from './daemon-env.js'

const logRule = (id: string, schedule: string, timezone?: string) => ({
  id,
  on: [{ schedule, ...(timezone && { timezone }) }],
  then: [{ id: 'say', action: 'log', target: 'shop', params: { message: `${id} at {{schedule.firedAt}}` } }],
})

describe('the scheduler', () => {
  it('catches up the latest tick missed within catchUpWindow once, and skips and logs an older one', async () => {
    const platform = await new TestcartServer().start()
    // 09:00 in Berlin (CET, UTC+1) is 08:00Z: missed 30 minutes ago; 05:00 Berlin (04:00Z) 4.5 hours ago
    const clock = new ManualClock(Date.parse('2026-03-02T08:30:00Z'))
    const rules = [logRule('morning', '0 9 * * *', 'Europe/Berlin'), logRule('early', '0 5 * * *'), logRule('fresh', '0 3 1 1 *')]
    const project = { rules, config: { timezone: 'Europe/Berlin', catchUpWindow: '1h' } }
    const { dir } = writeProject(platform, project)
    const store = await openStore({ driver: 'sqlite', path: path.join(dir, 'data', 'cartwire.db') }, { clock })
    const downSince = Date.parse('2026-03-01T12:00:00Z')
    await store.setSetting(lastTickKey('morning'), downSince)
    await store.setSetting(lastTickKey('early'), downSince)
    await store.close()

    let t = await startTestDaemon({ ...project, platform, dir, daemon: { clock } })
    const morningTick = Date.parse('2026-03-02T08:00:00Z')
    const done = await until(async () => (await t.daemon.store.listRuns({ ruleId: 'morning' })).find((r) => r.state === 'done'), 'the caught-up run')
    expect(done.eventId).toBe(`schedule:morning:${morningTick}`)
    expect(t.records.some((r) => r.msg === `morning at ${new Date(morningTick).toISOString()}`)).toBe(true)
    expect(await t.daemon.store.listRuns({ ruleId: 'early' })).toEqual([])
    expect(t.logged('missed schedule tick skipped: it is older than catchUpWindow')).toEqual([expect.objectContaining({ rule: 'early', tick: '2026-03-02T04:00:00.000Z' })])
    expect(await t.daemon.store.listRuns({ ruleId: 'fresh' }), 'a rule never seen before missed nothing').toEqual([])
    for (const id of ['morning', 'early', 'fresh']) expect(await t.daemon.store.getSetting(lastTickKey(id)), id).toBe(clock.now())

    // a restart at the same moment fires nothing again
    await t.daemon.stop()
    t = await startTestDaemon({ ...project, platform, dir, daemon: { clock } })
    expect(t.logged('schedule fired')).toEqual([])
    expect(await t.daemon.store.listRuns({ ruleId: 'morning' })).toHaveLength(1)
    await t.close()
    await platform.stop()
  })

  it('fires a scheduled rule on its cron while running', async () => {
    const t = await startTestDaemon({ rules: [logRule('every-second', '* * * * * *')] })
    try {
      const run = await until(async () => (await t.daemon.store.listRuns({ ruleId: 'every-second' })).find((r) => r.state === 'done'), 'a tick to run', 5000)
      expect(run.eventId).toMatch(/^schedule:every-second:\d+000$/)
      expect(t.logged('schedule fired')[0]).toMatchObject({ rule: 'every-second', why: 'tick', started: true })
    } finally {
      await t.close()
    }
  })

  it('polls each connection on its schedule and raises one connection exception per failure streak', async () => {
    const platform = await new TestcartServer().start()
    platform.failNext({ path: '/orders', status: 500, times: 2 })
    const t = await startTestDaemon({ rules: [], platform, poll: '* * * * * *' })
    try {
      const failures = () => t.logged('poll walk failed; the cursor stays where it was')
      await until(() => failures().length >= 2, 'two failed walks', 8000)
      await until(() => t.logged('polling works again').length === 1, 'a walk to succeed', 8000)
      const exceptions = await t.daemon.store.listExceptions({ kind: 'connection' })
      expect(exceptions).toEqual([expect.objectContaining({ kind: 'connection', code: 'ERR_UPSTREAM', connection: 'shop', state: 'open' })])
      platform.failNext({ path: '/orders', status: 500, times: 1 })
      await until(async () => (await t.daemon.store.listExceptions({ kind: 'connection' })).length === 2, 'a new streak to raise a second exception', 8000)
    } finally {
      await t.close()
      await platform.stop()
    }
  })
})
