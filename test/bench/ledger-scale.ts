/**
 * Ledger at scale for the peers bench, in its own process so its RSS is its own: argv[2] entries are
 * filled with micro.ts's ledger() (applySnapshots in batches of 500 creating runs, then reserve+commit
 * of each), then 5,000 more reserve+commit are timed. Prints one JSON line with the fill time and peak RSS.
 */
import { ledger } from './micro.js'

const fill = Number(process.argv[2] ?? 100_000)
const started = performance.now()
const result = await ledger('full', fill, 5_000)
console.log(JSON.stringify({ ...result, fill, totalSeconds: +((performance.now() - started) / 1000).toFixed(1), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }))
