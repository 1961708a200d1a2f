import { existsSync, readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { FAILPOINTS, type FailpointName } from '../../core/execution/failpoints.js'
import { spawnDaemon, type ChildDaemon } from '../daemon/child-daemon.js'
import type { Random } from './random.js'

export interface FaultTally {
  crashes: number
  randomKills: number
  failpointKills: number
  pauses: number
  storeLocks: number
  /** lives that exited on their own before "ready" (not by a failpoint's SIGKILL): printed, and a red run */
  startFailures: number
  /** when the store was held locked ([from, to] epoch ms), to read intake's answers inside */
  lockWindows: Array<[number, number]>
}

/** Names in the failpoints log: each line is written and fsynced just before the SIGKILL it names. */
export function failpointsHit(logFile: string): Map<FailpointName, number> {
  const hits = new Map<FailpointName, number>(FAILPOINTS.map((name) => [name, 0]))
  if (!existsSync(logFile)) return hits
  for (const line of readFileSync(logFile, 'utf8').split('\n').filter(Boolean)) hits.set(line as FailpointName, (hits.get(line as FailpointName) ?? 0) + 1)
  return hits
}

/**
 * The daemon's lives: each life is a real `cartwire start` child. `armed` lives carry one failpoint
 * (`name:exit@k`) and end when it fires; if it has not fired within `armedMs` (the window was not reached
 * under this load) the life is SIGKILLed at that moment and counted as a random kill. Other lives end
 * with a SIGKILL after a random delay, with a SIGSTOP/SIGCONT pause or the store locked on the way.
 */
export class DaemonLives {
  daemon?: ChildDaemon
  webhookUrl?: string
  adminUrl?: string
  readonly tally: FaultTally = { crashes: 0, randomKills: 0, failpointKills: 0, pauses: 0, storeLocks: 0, startFailures: 0, lockWindows: [] }

  constructor(
    private readonly configPath: string,
    private readonly dbPath: string,
    private readonly failpointLog: string,
    private readonly random: Random,
    private readonly env: Record<string, string>,
  ) {}

  /** Starts a life; `failpoint` arms one window. Resolves once the daemon is ready (or has already died). */
  async start(failpoint?: string): Promise<ChildDaemon> {
    const env = { ...this.env, CARTWIRE_FAILPOINTS_LOG: this.failpointLog, ...(failpoint && { CARTWIRE_FAILPOINTS: failpoint }) }
    const daemon = spawnDaemon(this.configPath, env)
    this.daemon = daemon
    try {
      const urls = await daemon.ready
      this.webhookUrl = `${urls.public}/webhooks/shop`
      this.adminUrl = urls.admin
    } catch {
      // died before ready: a failpoint armed early (a timer due at start) or the store still locked
      const exit = await daemon.exited
      if (exit.signal !== 'SIGKILL') {
        this.tally.startFailures++
        console.error(`chaos: a daemon life ended before ready (code ${exit.code}): ${daemon.stderr().slice(0, 600)}`)
      }
    }
    return daemon
  }

  /** A life armed with one failpoint; ends by the failpoint, or by a SIGKILL after `armedMs`. */
  async armedLife(name: FailpointName, armedMs: number): Promise<boolean> {
    const before = failpointsHit(this.failpointLog).get(name) ?? 0
    const daemon = await this.start(`${name}:exit@${this.random.int(1, 3)}`)
    const timer = setTimeout(() => daemon.kill('SIGKILL'), armedMs)
    await daemon.exited
    clearTimeout(timer)
    this.down()
    const fired = (failpointsHit(this.failpointLog).get(name) ?? 0) > before
    this.tally.crashes++
    if (fired) this.tally.failpointKills++
    else this.tally.randomKills++
    return fired
  }

  /**
   * A life ended by SIGKILL at a random moment; on the way it may be paused, have its store locked, or
   * go through `during` (a fault run from outside, such as the poller's pause) before the random wait.
   */
  async randomLife(maxMs: number, faults: { pause?: boolean; lockMs?: number; during?: (daemon: ChildDaemon) => Promise<void> } = {}): Promise<void> {
    const daemon = await this.start()
    if (faults.pause) {
      // the whole daemon — intake, workers and poller — stops and resumes where it was
      daemon.kill('SIGSTOP')
      this.tally.pauses++
      await new Promise((resolve) => setTimeout(resolve, this.random.int(300, 1500)))
      daemon.kill('SIGCONT')
    }
    if (faults.lockMs) await this.lockStore(faults.lockMs)
    if (faults.during) await faults.during(daemon)
    await new Promise((resolve) => setTimeout(resolve, this.random.int(100, maxMs)))
    daemon.kill('SIGKILL')
    await daemon.exited
    this.down()
    this.tally.crashes++
    this.tally.randomKills++
  }

  /**
   * Holds an exclusive write transaction on the daemon's sqlite file: intake may answer 2xx (the inbox
   * journal takes a delivery without sqlite) or 503, never a 4xx; workers must back off, and nothing
   * acknowledged may be lost. The window is recorded, so the table shows what intake answered inside it.
   */
  async lockStore(ms: number): Promise<void> {
    const db = new Database(this.dbPath, { timeout: 10_000 })
    try {
      db.exec('BEGIN EXCLUSIVE')
      this.tally.storeLocks++
      const from = Date.now()
      await new Promise((resolve) => setTimeout(resolve, ms))
      db.exec('COMMIT')
      this.tally.lockWindows.push([from, Date.now()])
    } finally {
      db.close()
    }
  }

  private down(): void {
    this.webhookUrl = undefined
    this.adminUrl = undefined
  }
}
