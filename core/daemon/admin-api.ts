import type { JsonValue } from '../sdk/connector.js'
import type { ExceptionKind, ExceptionRecord, ExceptionState, LedgerEntry, StoredEvent, StoreCounts } from '../store/contract.js'

/**
 * The admin API (`/api/*` on the admin listener, 127.0.0.1:8081 by default). The daemon serves it; the
 * CLI talks to it when a daemon runs (the sqlite store is then locked) and opens the store itself when
 * none does. Auth: `Authorization: Bearer <token>` — the token is `server.admin.token` from the config,
 * or, when the config sets none, a random token the daemon writes to `<data folder>/admin-token` (mode
 * 0600) at start, which the CLI on the same machine reads. Requests carrying `Forwarded` or
 * `X-Forwarded-For` are refused (403) unless a configured token is used. Errors are
 * `{ ok: false, code, message }` with the error table's HTTP status.
 *
 *   GET  /api/status                         → StatusResponse
 *   GET  /api/exceptions?state=&kind=&limit= → { exceptions: ExceptionRecord[] }
 *   GET  /api/exceptions/:id                 → ExceptionDetail
 *   POST /api/exceptions/:id/retry           body { params?: JsonValue } → { exception: ExceptionRecord }
 *   POST /api/exceptions/:id/skip            → { exception: ExceptionRecord }
 *   POST /api/exceptions/:id/resolve         body { note: string } → { exception: ExceptionRecord }
 *   POST /api/rules/:id/pause | /resume      → { rule: string; paused: boolean }
 *   POST /api/reload                         → { ok: true; rules: number } | error (old set kept)
 */
export const ADMIN_ROUTES = {
  status: '/api/status',
  exceptions: '/api/exceptions',
  exception: (id: string) => `/api/exceptions/${encodeURIComponent(id)}`,
  exceptionOp: (id: string, op: 'retry' | 'skip' | 'resolve') => `/api/exceptions/${encodeURIComponent(id)}/${op}`,
  rule: (id: string, op: 'pause' | 'resume') => `/api/rules/${encodeURIComponent(id)}/${op}`,
  reload: '/api/reload',
} as const

export interface StatusResponse {
  version: string
  pid: number
  startedAt: string
  store: { driver: string; schemaVersion: number }
  connections: Array<{ id: string; connector: string }>
  rules: { total: number; paused: string[] }
  counts: StoreCounts
}

export interface ExceptionDetail {
  exception: ExceptionRecord
  ledger?: LedgerEntry
  event?: StoredEvent
}

export interface ExceptionListQuery {
  state?: ExceptionState
  kind?: ExceptionKind
  limit?: number
}

export interface RetryBody {
  params?: JsonValue
}
