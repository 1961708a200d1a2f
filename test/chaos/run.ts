/**
 * `npm run chaos [-- --seed N --deliveries N --crashes N]`: the long form of the fault-injection run.
 * Prints the seed first (a failure is replayed with `--seed`), the table last; exits 1 when anything
 * was lost or doubled, a lane broke, a failpoint was never hit or a signed delivery got a 4xx.
 */
import { parseArgs } from 'node:util'
import { runChaos } from './harness.js'
import { formatTable, violations } from './table.js'

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    deliveries: { type: 'string', default: '2000' },
    crashes: { type: 'string', default: '20' },
    pace: { type: 'string', default: '60' },
    'lock-ms': { type: 'string', default: '6000' },
    'poll-pause-ms': { type: 'string', default: '4000' },
    'slow-ms': { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
  },
})
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31)
console.log(`chaos: seed ${seed} (replay: npm run chaos -- --seed ${seed})`)
const result = await runChaos({
  seed,
  deliveries: Number(values.deliveries),
  randomCrashes: Number(values.crashes),
  paceMs: Number(values.pace),
  lockMs: Number(values['lock-ms']),
  pollPauseMs: Number(values['poll-pause-ms']),
  slowMs: Number(values['slow-ms']),
  keep: values.keep,
})
console.log(formatTable(result))
const problems = violations(result)
for (const line of problems.slice(0, 50)) console.log(`VIOLATION ${line}`)
if (values.keep) console.log(`kept: ${result.dir}`)
process.exit(problems.length > 0 ? 1 : 0)
