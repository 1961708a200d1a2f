import type { Database } from 'better-sqlite3'
import type { Entity } from '../../sdk/entities.js'
import type { StoreTx } from '../shared/tx.js'
import { listQuery } from './filters.js'
import { msOf } from './intake.js'
import { json, parse, toEvent, toResource, type EventCols, type ResourceCols } from './rows.js'

type ApplyRepo = Pick<
  StoreTx,
  'getResource' | 'putResource' | 'getVersion' | 'insertVersion' | 'eventData' | 'eventExists' | 'getEvent' | 'listEvents' | 'insertEvent' | 'setEventTrace'
>

/** The entity an event shows: the last live version at or before the event's version (tombstones show the last live entity). */
const EVENT_DATA = `(SELECT v.entity FROM versions v
  WHERE v.connection = e.connection AND v.kind = e.kind AND v.resource_id = e.resource_id
    AND v.seq <= e.version_seq AND v.entity IS NOT NULL
  ORDER BY v.seq DESC LIMIT 1)`

export const EVENT_SELECT = `SELECT e.*, ${EVENT_DATA} AS data FROM events e`

/** Resources, their version history, and events (which reference versions instead of copying them). */
export function applyRepo(db: Database): ApplyRepo {
  const s = {
    getResource: db.prepare<[string, string, string], ResourceCols>(
      `SELECT r.*, v.entity FROM resources r
       LEFT JOIN versions v ON v.connection = r.connection AND v.kind = r.kind AND v.resource_id = r.id AND v.seq = r.version_seq
       WHERE r.connection = ? AND r.kind = ? AND r.id = ?`,
    ),
    putResource: db.prepare(
      `INSERT INTO resources (connection, kind, id, updated_at, content_hash, normalizer_version, created_at, deleted_at, version_seq, milestones, members)
       VALUES (@connection, @kind, @id, @updated_at, @content_hash, @normalizer_version, @created_at, @deleted_at, @version_seq, @milestones, @members)
       ON CONFLICT (connection, kind, id) DO UPDATE SET updated_at = excluded.updated_at, content_hash = excluded.content_hash,
         normalizer_version = excluded.normalizer_version, created_at = excluded.created_at, deleted_at = excluded.deleted_at,
         version_seq = excluded.version_seq, milestones = excluded.milestones, members = excluded.members`,
    ),
    getVersion: db.prepare<[string, string, string, number], { entity: string | null }>(
      'SELECT entity FROM versions WHERE connection = ? AND kind = ? AND resource_id = ? AND seq = ?',
    ),
    insertVersion: db.prepare<[string, string, string, number, string | null]>(
      'INSERT INTO versions (connection, kind, resource_id, seq, entity) VALUES (?, ?, ?, ?, ?)',
    ),
    eventData: db.prepare<[string, string, string, number], { entity: string }>(
      `SELECT entity FROM versions WHERE connection = ? AND kind = ? AND resource_id = ? AND seq <= ? AND entity IS NOT NULL
       ORDER BY seq DESC LIMIT 1`,
    ),
    eventExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM events WHERE id = ?'),
    getEvent: db.prepare<[string], EventCols>(`${EVENT_SELECT} WHERE e.id = ?`),
    insertEvent: db.prepare(
      `INSERT INTO events (id, type, connection, kind, resource_id, version, version_seq, previous_seq, occurred_at, received_at, received_ms, caused_by, member, changes, trace)
       VALUES (@id, @type, @connection, @kind, @resource_id, @version, @version_seq, @previous_seq, @occurred_at, @received_at, @received_ms, @caused_by, @member, @changes, @trace)`,
    ),
    setTrace: db.prepare<[string, string]>('UPDATE events SET trace = ? WHERE id = ?'),
  }
  const listEvents = listQuery<EventCols>(db, EVENT_SELECT, 'e.seq')
  return {
    getResource(key) {
      const c = s.getResource.get(key.connection, key.kind, key.id)
      return c && toResource(c)
    },
    putResource(r) {
      s.putResource.run({
        connection: r.connection, kind: r.kind, id: r.id, updated_at: r.updatedAt, content_hash: r.contentHash,
        normalizer_version: r.normalizerVersion, created_at: r.createdAt, deleted_at: r.deletedAt, version_seq: r.versionSeq,
        milestones: JSON.stringify(r.milestones), members: JSON.stringify(r.members),
      })
    },
    getVersion(key, seq) {
      const row = s.getVersion.get(key.connection, key.kind, key.id, seq)
      return row && parse<Entity>(row.entity)
    },
    insertVersion(key, seq, entity) {
      s.insertVersion.run(key.connection, key.kind, key.id, seq, json(entity))
    },
    eventData(key, seq) {
      const row = s.eventData.get(key.connection, key.kind, key.id, seq)
      return row && (JSON.parse(row.entity) as Entity)
    },
    eventExists: (id) => s.eventExists.get(id) !== undefined,
    getEvent(id) {
      const c = s.getEvent.get(id)
      return c && toEvent(c)
    },
    listEvents: (f) =>
      listEvents([['e.connection = ?', f.connection], ['e.type = ?', f.type], ['e.resource_id = ?', f.resourceId], ['e.seq > ?', f.afterSeq]], f.limit).map(toEvent),
    insertEvent(e) {
      const info = s.insertEvent.run({
        id: e.id, type: e.type, connection: e.source, kind: e.resource.kind, resource_id: e.resource.id, version: e.resource.version,
        version_seq: e.versionSeq, previous_seq: e.previousSeq, occurred_at: e.occurredAt, received_at: e.receivedAt,
        received_ms: msOf(e.receivedAt), caused_by: e.causedBy ?? null, member: json(e.member), changes: JSON.stringify(e.changes),
        trace: JSON.stringify(e.trace),
      })
      return Number(info.lastInsertRowid)
    },
    setEventTrace(id, trace) {
      s.setTrace.run(JSON.stringify(trace), id)
    },
  }
}
