import type { ChaosResult } from './harness.js'

/** The failures that make a run red: anything lost or doubled, a lane broken, a failpoint never hit, a 4xx. */
export function violations(result: ChaosResult): string[] {
  const { verdict, failpoints, log } = result
  const fourxx = Object.entries(log.statuses).filter(([status]) => Number(status) >= 400 && Number(status) < 500)
  return [
    ...verdict.lost.map((line) => `lost: ${line}`),
    ...verdict.doubled.map((line) => `doubled: ${line}`),
    ...verdict.lanes.map((line) => `lane: ${line}`),
    ...[...failpoints].filter(([, hits]) => hits === 0).map(([name]) => `failpoint never hit: ${name}`),
    ...(result.tally.startFailures > 0 ? [`${result.tally.startFailures} daemon lives exited before ready (see stderr)`] : []),
    ...fourxx.map(([status, n]) => `intake answered ${status} to ${n} signed deliveries (SEMANTICS.md §3: never a 4xx)`),
  ]
}

/** The run's table, as `npm run chaos` prints it and the CI test logs it. */
export function formatTable(result: ChaosResult): string {
  const { options, log, tally, injected, failpoints, verdict } = result
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
    ['store locked (exclusive tx)', `${tally.storeLocks} × ${options.lockMs} ms`],
    ['upstream faults injected', `429:${injected[429]} 500:${injected[500]} 503:${injected[503]} hung:${injected.hang}`],
    ...[...failpoints].map(([name, hits]): [string, number] => [`failpoint ${name}`, hits]),
    ['effects', verdict.effects],
    ['exceptions', verdict.exceptions],
    ['in-doubt', verdict.inDoubt],
    ['lane violations', verdict.lanes.length],
    ['lost (must be 0)', verdict.lost.length],
    ['doubled (must be 0)', verdict.doubled.length],
  ]
  const width = Math.max(...rows.map(([k]) => k.length))
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')
}
