import type { ChaosResult } from './harness.js'

const LOCKED_ANSWER_MS = 1000

/**
 * The failures that make a run red: anything lost or doubled, a lane broken, a failpoint never hit, a
 * 4xx, an answer that waited for a locked store, an acknowledged version the store never held, a poller pause that did not happen as a pause of
 * polling alone (no window, nothing held, no webhook acknowledged inside it, no walk after it) or a
 * change made in it that took effect before polling resumed.
 */
export function violations(result: ChaosResult): string[] {
  const { verdict, failpoints, log, pollPause } = result
  const fourxx = Object.entries(log.statuses).filter(([status]) => Number(status) >= 400 && Number(status) < 500)
  // the inbox journal needs no write lock and a locked store is waited for between turns of the event
  // loop, so a delivery sent while another connection holds the store is still answered at once
  const stalled = log.answers.filter((a) => result.tally.lockWindows.some(([from, to]) => a.at >= from && a.at <= to) && a.status !== 0 && a.ms > LOCKED_ANSWER_MS)
  return [
    ...stalled.map((a) => `intake took ${a.ms} ms to answer while the store was locked (more than ${LOCKED_ANSWER_MS} ms)`),
    ...verdict.lost.map((line) => `lost: ${line}`),
    ...verdict.doubled.map((line) => `doubled: ${line}`),
    ...verdict.lanes.map((line) => `lane: ${line}`),
    ...verdict.early.map((line) => `before the poller resumed: ${line}`),
    ...verdict.unstored.map((line) => `acknowledged, not stored: ${line}`),
    ...(pollPause.windows === 0 ? ['the poller was never paused (no poll-pause window in this run)'] : []),
    ...(pollPause.windows > 0 && pollPause.held === 0 ? ['the poll pause held no list request: the poller never tried inside the window'] : []),
    ...(pollPause.windows > 0 && pollPause.ackedDuring === 0 ? ['no webhook was acknowledged while polls were held: the pause was not one of polling alone'] : []),
    ...pollPause.problems.map((line) => `poll pause: ${line}`),
    ...[...failpoints].filter(([, hits]) => hits === 0).map(([name]) => `failpoint never hit: ${name}`),
    ...(result.tally.startFailures > 0 ? [`${result.tally.startFailures} daemon lives exited before ready (see stderr)`] : []),
    ...fourxx.map(([status, n]) => `intake answered ${status} to ${n} signed deliveries (SEMANTICS.md §3: never a 4xx)`),
  ]
}

/** The run's table, as `npm run chaos` prints it and the CI test logs it. */
export function formatTable(result: ChaosResult): string {
  const { options, log, tally, injected, failpoints, verdict, pollPause, shelf } = result
  const inside = (windows: Array<[number, number]>) => log.answers.filter((a) => windows.some(([from, to]) => a.at >= from && a.at <= to))
  const locked = inside(tally.lockWindows)
  const byStatus = (answers: typeof locked) => {
    const counts = new Map<string, number>()
    for (const { status } of answers) {
      const key = status === 0 ? 'cut' : String(status)
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    return [...counts].map(([status, n]) => `${status}:${n}`).join(' ') || 'none'
  }
  const rows: Array<[string, string | number]> = [
    ['seed', options.seed],
    ['deliveries sent', log.sent],
    ['deliveries acknowledged (2xx)', log.acked.length],
    ['duplicates (same webhook id)', log.duplicates],
    ['stale retries (older payload)', log.stale],
    ['reordered pairs', log.reordered],
    ['intake answers by status', Object.entries(log.statuses).map(([s, n]) => `${s}:${n}`).join(' ')],
    ['sends cut or timed out', log.failedSends],
    ['crashes (SIGKILL)', tally.crashes],
    ['  at a failpoint', tally.failpointKills],
    ['  at a random moment', tally.randomKills],
    ['lives that failed to start', tally.startFailures],
    ['pauses (SIGSTOP/SIGCONT)', tally.pauses],
    ['poller paused (poll requests held)', `${pollPause.windows} × ${pollPause.ms} ms`],
    ['  list requests held', pollPause.held],
    ['  webhooks acked while held', pollPause.ackedDuring],
    ['  unseen changes paid/email/new', `${shelf.paid.length}/${shelf.emailed.length}/${shelf.created.length}`],
    ['  first walk after resume', pollPause.resumedWalkMs === undefined ? 'never' : `${pollPause.resumedWalkMs} ms`],
    ['store locked (exclusive tx)', `${tally.storeLocks} × ${options.lockMs} ms`],
    ['  intake answers sent while locked', `${byStatus(locked)}${locked.length ? `, slowest ${Math.max(...locked.map((a) => a.ms))} ms` : ''}`],
    ['upstream faults injected', `429:${injected[429]} 500:${injected[500]} 503:${injected[503]} hung:${injected.hang}`],
    ...[...failpoints].map(([name, hits]): [string, number] => [`failpoint ${name}`, hits]),
    ['effects', verdict.effects],
    ['exceptions', verdict.exceptions],
    ['in-doubt', verdict.inDoubt],
    ['lane violations', verdict.lanes.length],
    ['lost (must be 0)', verdict.lost.length],
    ['doubled (must be 0)', verdict.doubled.length],
    ['acked, not stored (must be 0)', verdict.unstored.length],
    ['before poll resumed (must be 0)', verdict.early.length],
  ]
  const width = Math.max(...rows.map(([k]) => k.length))
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')
}
