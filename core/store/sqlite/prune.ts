import type { Database } from 'better-sqlite3'
import { PRUNABLE_LEDGER_STATES, TERMINAL_RUN_STATES } from '../shared/prune-rules.js'
import type { StoreTx } from '../shared/tx.js'

const list = (states: readonly string[]) => states.map((state) => `'${state}'`).join(', ')
const TERMINAL = list(TERMINAL_RUN_STATES)

/**
 * prune-rules.ts as set-based SQL. Prunable events are collected first (a temp table), so their runs
 * and the versions only they referenced go with them.
 */
export function pruneRepo(db: Database): Pick<StoreTx, 'prune'> {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS prune_events (id TEXT PRIMARY KEY)')
  const s = {
    reset: db.prepare('DELETE FROM temp.prune_events'),
    collect: db.prepare<[number]>(
      `INSERT INTO temp.prune_events (id)
       SELECT e.id FROM events e WHERE e.received_ms < ?
         AND NOT EXISTS (SELECT 1 FROM exceptions x WHERE x.state = 'open' AND x.event_id = e.id)
         AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.event_id = e.id AND (r.state NOT IN (${TERMINAL})
           OR EXISTS (SELECT 1 FROM exceptions x WHERE x.state = 'open' AND x.run_id = r.id)))`,
    ),
    runs: db.prepare('DELETE FROM runs WHERE event_id IN (SELECT id FROM temp.prune_events)'),
    events: db.prepare('DELETE FROM events WHERE id IN (SELECT id FROM temp.prune_events)'),
    versions: db.prepare(
      `DELETE FROM versions AS v WHERE
         NOT EXISTS (SELECT 1 FROM resources r WHERE r.connection = v.connection AND r.kind = v.kind AND r.id = v.resource_id AND r.version_seq = v.seq)
         AND NOT EXISTS (SELECT 1 FROM events e WHERE e.connection = v.connection AND e.kind = v.kind AND e.resource_id = v.resource_id AND e.version_seq = v.seq)
         AND NOT EXISTS (SELECT 1 FROM events e WHERE e.connection = v.connection AND e.kind = v.kind AND e.resource_id = v.resource_id AND e.previous_seq = v.seq)`,
    ),
    ledger: db.prepare<[number]>(
      `DELETE FROM ledger AS l WHERE l.state IN (${list(PRUNABLE_LEDGER_STATES)}) AND l.updated_at < ?
         AND NOT EXISTS (SELECT 1 FROM exceptions x WHERE x.state = 'open' AND x.ledger_key = l.key)
         AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = l.run_id AND r.state NOT IN (${TERMINAL}))`,
    ),
    deliveries: db.prepare<[number]>("DELETE FROM deliveries WHERE state = 'done' AND received_ms < ?"),
  }
  return {
    prune(input) {
      s.reset.run()
      s.collect.run(input.eventsBefore)
      s.runs.run()
      const events = s.events.run().changes
      s.reset.run()
      return {
        events,
        versions: s.versions.run().changes,
        ledger: s.ledger.run(input.ledgerBefore).changes,
        deliveries: s.deliveries.run(input.eventsBefore).changes,
      }
    },
  }
}
