/**
 * The first released schema (version 0). Kept verbatim: migrations replay it on a new store and upgrade
 * from it, and test/fixtures/store/sqlite-v0.sql is a store written with it.
 *
 * Events reference entity versions in `versions` (connection, kind, resource_id, seq) and never copy the
 * entity; a resource row points at its latest version. Runs are ordered by `seq` (AUTOINCREMENT: never
 * reused); `runs_lane (lane, state, seq)` answers the lane questions of a claim by index.
 */
export const SCHEMA_V0 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE lock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  pid INTEGER NOT NULL, host TEXT NOT NULL, heartbeat INTEGER NOT NULL, token INTEGER NOT NULL
);

CREATE TABLE connections (id TEXT PRIMARY KEY, baseline_at INTEGER NOT NULL, cursor TEXT, cursor_at INTEGER);

CREATE TABLE deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  connection TEXT NOT NULL, source TEXT NOT NULL, received_at TEXT NOT NULL, received_ms INTEGER NOT NULL,
  headers TEXT NOT NULL, body TEXT NOT NULL, dedupe_key TEXT, state TEXT NOT NULL,
  lease_owner TEXT, lease_until INTEGER
);
CREATE UNIQUE INDEX deliveries_dedupe ON deliveries (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX deliveries_pending ON deliveries (seq) WHERE state = 'pending';
CREATE INDEX deliveries_done ON deliveries (received_ms) WHERE state = 'done';

CREATE TABLE resources (
  connection TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
  updated_at INTEGER NOT NULL, content_hash TEXT NOT NULL, normalizer_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL, deleted_at INTEGER, version_seq INTEGER NOT NULL,
  milestones TEXT NOT NULL, members TEXT NOT NULL,
  PRIMARY KEY (connection, kind, id)
) WITHOUT ROWID;

CREATE TABLE versions (
  connection TEXT NOT NULL, kind TEXT NOT NULL, resource_id TEXT NOT NULL, seq INTEGER NOT NULL,
  entity TEXT,
  PRIMARY KEY (connection, kind, resource_id, seq)
);

CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
  connection TEXT NOT NULL, kind TEXT NOT NULL, resource_id TEXT NOT NULL, version TEXT NOT NULL,
  version_seq INTEGER NOT NULL, previous_seq INTEGER,
  occurred_at TEXT NOT NULL, received_at TEXT NOT NULL, received_ms INTEGER NOT NULL,
  caused_by TEXT, member TEXT, changes TEXT NOT NULL, trace TEXT NOT NULL
);
CREATE INDEX events_version ON events (connection, kind, resource_id, version_seq);
CREATE INDEX events_previous ON events (connection, kind, resource_id, previous_seq);
CREATE INDEX events_type ON events (type, seq);
CREATE INDEX events_received ON events (received_ms);

CREATE TABLE runs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE, event_id TEXT NOT NULL, rule_id TEXT NOT NULL, rule_hash TEXT NOT NULL,
  lane TEXT NOT NULL, state TEXT NOT NULL, cursor TEXT, due_at INTEGER,
  lease_owner TEXT, lease_token INTEGER NOT NULL, lease_until INTEGER, outcome TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX runs_lane ON runs (lane, state, seq);
CREATE INDEX runs_lane_created ON runs (lane, created_at);
CREATE INDEX runs_state ON runs (state, seq);
CREATE INDEX runs_retry_due ON runs (due_at) WHERE state = 'retry_wait';
CREATE INDEX runs_lease ON runs (lease_until) WHERE state = 'running';
CREATE INDEX runs_event ON runs (event_id);

CREATE TABLE ledger (
  key TEXT PRIMARY KEY,
  namespace TEXT NOT NULL, event_id TEXT NOT NULL, rule_id TEXT NOT NULL, step_id TEXT NOT NULL, target TEXT NOT NULL,
  run_id TEXT, state TEXT NOT NULL, attempt INTEGER NOT NULL, token INTEGER NOT NULL,
  params TEXT NOT NULL, idempotency TEXT NOT NULL,
  res_connection TEXT, res_kind TEXT, res_id TEXT,
  result TEXT, error TEXT, edit_count INTEGER NOT NULL, next_attempt_at INTEGER, rule_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX ledger_event ON ledger (event_id);
CREATE INDEX ledger_state ON ledger (state, updated_at);

CREATE TABLE mutex_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  mutex TEXT NOT NULL, ledger_key TEXT NOT NULL, run_id TEXT NOT NULL
);
CREATE UNIQUE INDEX mutex_requests_key ON mutex_requests (mutex, ledger_key);
CREATE INDEX mutex_requests_order ON mutex_requests (mutex, id);
CREATE INDEX mutex_requests_ledger ON mutex_requests (ledger_key);
CREATE INDEX mutex_requests_run ON mutex_requests (run_id);

CREATE TABLE timers (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, run_id TEXT, due_at INTEGER NOT NULL, payload TEXT,
  token INTEGER NOT NULL, lease_until INTEGER
);
CREATE INDEX timers_due ON timers (due_at);
CREATE INDEX timers_run ON timers (run_id);

CREATE TABLE exceptions (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL, lane TEXT,
  run_id TEXT, ledger_key TEXT, event_id TEXT, created_at INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX exceptions_state ON exceptions (state, created_at);
CREATE INDEX exceptions_open_lane ON exceptions (lane) WHERE state = 'open' AND kind = 'step';

INSERT INTO meta (key, value) VALUES ('schema_version', '0');
`
