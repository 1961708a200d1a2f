import { describe } from 'vitest'
import type { Store } from './contract.js'
import { applyCases } from './conformance/apply-cases.js'
import { durabilityCases } from './conformance/durability-cases.js'
import { exceptionCases } from './conformance/exception-cases.js'
import { intakeCases } from './conformance/intake-cases.js'
import { laneCases } from './conformance/lane-cases.js'
import { migrationCases } from './conformance/migration-cases.js'
import { pruneCases } from './conformance/prune-cases.js'
import { stepCases } from './conformance/step-cases.js'
import { concurrencyCases } from './conformance/concurrency-cases.js'
import { settingsCases } from './conformance/settings-cases.js'
import { timerCases } from './conformance/timer-cases.js'

export { FIXTURE_TIMER_DUE } from './conformance/migration-cases.js'

export interface TestStoreOptions {
  /** opens the store the last `open()` created again (file drivers): durability across close is tested */
  reopen?: () => Promise<Store>
  /** opens a store built from the driver's previous-schema fixture (see conformance/migration-cases.ts) */
  migrationFixture?: () => Promise<Store>
}

/**
 * The Store conformance suite (SEMANTICS.md §4), exported to driver authors as `cartwire/testing`.
 * Every driver passes it; it uses only the Store contract. `open` must return a new, empty store on
 * each call (a new temp file, a new schema); the suite closes what it opens.
 *
 * Covers: intake and dedupe, poll pages and cursors, applySnapshots (atomicity when it throws half-way,
 * own writes, loop-breaker counts), claims and lanes, lease expiry and fencing, one winner among
 * concurrent reserves and claims, the reserve decision table, mutexes, timers under an injected clock,
 * operator actions on exceptions, retention, migration from the previous schema, durability.
 */
export function testStore(name: string, open: () => Promise<Store>, opts: TestStoreOptions = {}): void {
  describe(`Store conformance: ${name}`, () => {
    intakeCases(open)
    applyCases(open)
    laneCases(open)
    stepCases(open)
    timerCases(open)
    exceptionCases(open)
    pruneCases(open)
    settingsCases(open)
    concurrencyCases(open)
    if (opts.migrationFixture) migrationCases(open, opts.migrationFixture)
    if (opts.reopen) durabilityCases(open, opts.reopen)
  })
}
