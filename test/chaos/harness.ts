import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { FAILPOINTS, type FailpointName } from '../../core/execution/failpoints.js'
import type { StatusResponse } from '../../core/daemon/admin-api.js'
import { openStore } from '../../core/store/open.js'
import { until, writeProject } from '../daemon/daemon-env.js'
import { TestcartServer } from '../fakes/testcart-server.js'
import { check, checkShelf, checkStored, chaosRules, type Verdict } from './checker.js'
import { DaemonLives, failpointsHit, type FaultTally } from './daemon-life.js'
import { FaultProxy } from './fault-proxy.js'
import { planShelf, pollPause, SHELF, type PollPauseReport, type ShelfPlan } from './poll-pause.js'
import { streams } from './random.js'
import { orderVersion, planDeliveries, startSender, type SenderLog } from './sender.js'

export interface ChaosOptions {
  seed: number
  deliveries: number
  /** random SIGKILL lives: a poll-paused, a paused and a store-locked one first, the rest after the failpoint lives */
  randomCrashes: number
  /** each sender connection waits this long between sends, so the deliveries span the faults */
  paceMs: number
  /** how long the harness holds the sqlite file exclusively once (above the 5 s busy timeout; the table shows what intake answered) */
  lockMs: number
  /** how long the proxy holds every poll request once, while webhooks go on (poll-pause.ts). @default 3000 */
  pollPauseMs?: number
  /** share of upstream calls failed by the proxy. @default 0.2 */
  upstreamFailRate?: number
  /** a slow target: every forwarded upstream call waits this long. @default 0 */
  slowMs?: number
  /** keep the temp folder (store, failpoints log) for a post-mortem */
  keep?: boolean
}

export interface ChaosResult {
  options: ChaosOptions
  dir: string
  log: SenderLog
  tally: FaultTally
  injected: FaultProxy['injected']
  failpoints: Map<FailpointName, number>
  pollPause: PollPauseReport
  shelf: ShelfPlan
  verdict: Verdict
}

/**
 * One chaos run: the real daemon (`cartwire start`, a child process) on a sqlite store, two fake
 * platforms behind one fault proxy — `shop`, which the sender's webhooks describe (never polled), and
 * `shelf`, polled every second and never sent a webhook — and a sender with its own log. Faults in
 * order: a life whose poller alone is paused while the shelf changes (poll-pause.ts), a life paused
 * with SIGSTOP/SIGCONT and one with the store locked (all three SIGKILLed at a random moment), one life
 * per named failpoint (again until each has fired, up to three times), random SIGKILL lives while the
 * sender has work, then a calm life that drains everything. The checker runs on what the platforms and
 * sink received, against the sender's acknowledged deliveries and the shelf's plan.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const random = streams(options.seed)
  const platform = await new TestcartServer().start()
  const shelf = await new TestcartServer('shelf-secret').start()
  const proxy = await new FaultProxy(platform.url, random.proxy).start()
  proxy.route(`/${SHELF}`, shelf.url)
  proxy.faults = { ...proxy.faults, failRate: options.upstreamFailRate ?? 0.2, slowMs: options.slowMs ?? 0 }
  const dir = mkdtempSync(path.join(tmpdir(), 'cartwire-chaos-'))
  let lives: DaemonLives | undefined
  try {
    // the daemon reaches the platform only through the proxy
    const upstream = { url: proxy.url, secret: platform.secret } as TestcartServer
    const retry = { attempts: 5, base: '50ms', max: '500ms', factor: 2, jitter: 0 }
    // a project folder has its package.json: without "type": "module" tsx loads the config as CommonJS,
    // the connector gets a second copy of core/sdk, and its coded errors lose their codes (report)
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }))
    const { configPath } = writeProject(upstream, { rules: chaosRules(`${proxy.url}/sink`), config: { retry } }, dir)
    // no fetch: the fake's stored order is only an action target (versions live in the webhooks), so a
    // re-read after a wait must not bring back its stale copy as the newest version
    const text = readFileSync(configPath, 'utf8')
    const secretOption = `"webhookSecret":${JSON.stringify(platform.secret)}`
    if (!text.includes(secretOption)) throw new Error('writeProject changed its config shape: cannot turn fetch off')
    // the shelf: polled every second (node-cron's seconds field), fetch off too, so only a walk sees it
    const shopEnd = 'poll: false }] }'
    if (!text.endsWith(shopEnd)) throw new Error('writeProject changed its config shape: cannot add the polled connection')
    const shelfOptions = { baseUrl: `${proxy.url}/${SHELF}`, webhookSecret: shelf.secret, fetch: false }
    const shelfConnection = `{ id: ${JSON.stringify(SHELF)}, connector: testcart, options: ${JSON.stringify(shelfOptions)}, poll: '* * * * * *' }`
    writeFileSync(configPath, `${text.slice(0, -shopEnd.length)}poll: false }, ${shelfConnection}] }`.replace(secretOption, `${secretOption},"fetch":false`))
    const failpointLog = path.join(dir, 'failpoints.log')
    lives = new DaemonLives(configPath, path.join(dir, 'data', 'cartwire.db'), failpointLog, random.faults, { CARTWIRE_LEASE_MS: '1500' })

    const base = Date.now() + 3_600_000
    const { plan, orders, reordered } = planDeliveries(random.sender, options.deliveries, `s${options.seed}`)
    for (const id of orders) platform.put(orderVersion(id, 1, base))
    const shelfPlan = planShelf(shelf, `q${options.seed}`, Math.max(2, Math.round(options.deliveries / 100)), base)
    const daemonLives = lives
    const sender = startSender(platform, () => daemonLives.webhookUrl, plan, base, 4, options.paceMs)
    sender.log.reordered = reordered

    // the poll-paused, the paused and the locked life come first, while the sender still has most of its plan
    const paused = pollPause({ lives, proxy, shelf, sink: platform, log: sender.log, plan: shelfPlan, base, holdMs: options.pollPauseMs ?? 3000 })
    // a trickle of webhooks is enough to show intake goes on: the plan is kept for the failpoint lives
    sender.setPace(options.paceMs * 4)
    await lives.randomLife(1500, { during: paused.during })
    await lives.randomLife(1500, { pause: true })
    // intake keeps acknowledging while the store is locked, so the trickle goes on through this life too
    await lives.randomLife(1500, { lockMs: options.lockMs })
    sender.setPace(options.paceMs)
    for (const name of FAILPOINTS) {
      for (let attempt = 0; attempt < 3 && !(await lives.armedLife(name, 8000)); attempt++);
    }
    for (let i = 3; i < options.randomCrashes && sender.remaining() > 0; i++) await lives.randomLife(1500)

    // the calm life: everything queued is delivered and worked off, then SIGTERM drains
    const daemon = await lives.start()
    const log = await sender.done
    const token = readFileSync(path.join(dir, 'data', 'admin-token'), 'utf8').trim()
    await until(async () => {
      const { counts } = (await (await fetch(`${lives!.adminUrl}/api/status`, { headers: { authorization: `Bearer ${token}` } })).json()) as StatusResponse
      const runs = counts.runs
      return counts.deliveries.pending + (runs.queued ?? 0) + (runs.running ?? 0) + (runs.retry_wait ?? 0) + (runs.mutex_wait ?? 0) + (runs.waiting ?? 0) === 0
    }, 'the daemon to settle', 120_000, 100)
    daemon.kill('SIGTERM')
    const exit = await daemon.exited
    if (exit.code !== 0) throw new Error(`the calm life did not stop cleanly: ${JSON.stringify(exit)}\n${daemon.stderr()}`)

    const store = await openStore({ driver: 'sqlite', path: path.join(dir, 'data', 'cartwire.db') }, { readonly: true })
    try {
      const { excused, ...verdict } = await check(platform, log, store)
      checkShelf(verdict, excused, shelf, platform, shelfPlan, paused.report.releasedAt)
      await checkStored(verdict, store, log, (id, version) => Date.parse(orderVersion(id, version, base).updatedAt))
      return { options, dir, log, tally: lives.tally, injected: proxy.injected, failpoints: failpointsHit(failpointLog), pollPause: paused.report, shelf: shelfPlan, verdict }
    } finally {
      await store.close()
    }
  } finally {
    lives?.daemon?.kill('SIGKILL')
    await proxy.stop()
    await platform.stop()
    await shelf.stop()
    if (!options.keep) rmSync(dir, { recursive: true, force: true })
  }
}
