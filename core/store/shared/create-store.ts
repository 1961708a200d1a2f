import type { Clock } from '../../sdk/clock.js'
import type { Store } from '../contract.js'
import { applySnapshots } from './apply-snapshots.js'
import { updateException } from './exceptions.js'
import { appendDeliveries, applyPollPage, claimDeliveries, ensureConnection, toDelivery } from './intake-ops.js'
import { recordException } from './record-exception.js'
import { claimWork, completeTimer, createRuns, renewLease, updateRun } from './run-ops.js'
import { commitStep, reserveStep } from './step-ops.js'
import { claimDueTimers, scheduleTimer } from './timer-ops.js'
import type { StoreDriver } from './tx.js'

/**
 * The Store every driver returns: each operation is one `driver.write` (atomic) or `driver.read` around
 * the shared logic. `clock` stamps the operations whose signature carries no time (updateRun,
 * completeTimer).
 */
/**
 * Which operations must survive power loss before they answer (with `synchronous: 'full'`): intake acks,
 * step reservations and operators' decisions. Everything else is durable against process death, and a
 * power loss is recovered from: a lost ack-less apply re-derives the same events, a lost claim is claimed
 * again, a lost commit is recovered by the step's idempotency class (SEMANTICS.md §5).
 */
const DURABLE = { durable: true }

export function createStore(driver: StoreDriver, clock: Clock): Store {
  const { write, read } = driver
  return {
    driver: driver.driver,

    ensureConnection: (id, now) => write((tx) => ensureConnection(tx, id, now)),
    getConnection: (id) => read((r) => r.getConnection(id)),
    // durable: an ack tells the platform it may forget the delivery
    appendDeliveries: (items) => write((tx) => appendDeliveries(tx, items), DURABLE),
    applyPollPage: (input) => write((tx) => applyPollPage(tx, input)),
    claimDeliveries: (owner, now, leaseMs, limit) => write((tx) => claimDeliveries(tx, owner, now, leaseMs, limit)),

    applySnapshots: (input, handlers) => write((tx) => applySnapshots(tx, input, handlers)),

    claimWork: (owner, now, leaseMs, limit) => write((tx) => claimWork(tx, owner, now, leaseMs, limit)),
    renewLease: (runId, token, until) => write((tx) => renewLease(tx, runId, token, until)),
    // durable: a reservation must outlive a power loss before the action runs, or an unsafe step could
    // run twice with nothing recorded; losing a later commit is recovered by the step's class
    reserveStep: (input) => write((tx) => reserveStep(tx, input), DURABLE),
    commitStep: (input) => write((tx) => commitStep(tx, input)),
    updateRun: (runId, token, change) => write((tx) => updateRun(tx, runId, token, change, clock.now())),
    createRuns: (runs, now) => write((tx) => createRuns(tx, runs, now)),
    scheduleTimer: (timer) => write((tx) => scheduleTimer(tx, timer)),
    claimDueTimers: (owner, now, leaseMs, limit) => write((tx) => claimDueTimers(tx, now, leaseMs, limit)),
    completeTimer: (timerId, token, runChange) => write((tx) => completeTimer(tx, timerId, token, clock.now(), runChange)),

    recordException: (input) => write((tx) => recordException(tx, input)),
    updateException: (id, op, now) => write((tx) => updateException(tx, id, op, now), DURABLE),

    getSetting: (key) => read((r) => r.getSetting(key)),
    setSetting: (key, value) => write((tx) => tx.putSetting(key, value)),

    prune: (input) => write((tx) => tx.prune(input)),

    getResource: (connection, kind, id) => read((r) => r.getResource({ connection, kind, id })),
    getVersion: (connection, kind, id, seq) => read((r) => r.getVersion({ connection, kind, id }, seq) ?? undefined),
    getEvent: (id) => read((r) => r.getEvent(id)),
    listEvents: (filter = {}) => read((r) => r.listEvents(filter)),
    getRun: (id) => read((r) => r.getRun(id)),
    listRuns: (filter = {}) => read((r) => r.listRuns(filter)),
    getLedgerEntry: (key) => read((r) => r.getLedger(key)),
    listLedger: (filter = {}) => read((r) => r.listLedger(filter)),
    getException: (id) => read((r) => r.getException(id)),
    listExceptions: (filter = {}) => read((r) => r.listExceptions(filter)),
    listTimers: () => read((r) => r.listTimers()),
    getDelivery: (seq) =>
      read((r) => {
        const row = r.getDelivery(seq)
        return row && { ...toDelivery(row), state: row.state }
      }),
    counts: () => read((r) => r.counts()),

    schemaVersion: () => driver.schemaVersion(),
    close: () => driver.close(),
  }
}
