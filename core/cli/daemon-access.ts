import { ADMIN_ROUTES, type ExceptionDetail, type RetryBody, type StatusResponse } from '../daemon/admin-api.js'
import type { ExceptionRecord } from '../store/contract.js'
import type { Access } from './access.js'
import type { AdminClient } from './admin-client.js'

/** Access through a running daemon's admin API (routes and bodies: core/daemon/admin-api.ts). */
export function daemonAccess(client: AdminClient): Access {
  const op = async (id: string, name: 'retry' | 'skip' | 'resolve', body?: object) =>
    (await client.post<{ exception: ExceptionRecord }>(ADMIN_ROUTES.exceptionOp(id, name), body)).exception
  return {
    via: 'daemon',
    async listExceptions(query) {
      const search = new URLSearchParams()
      for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value))
      const qs = search.toString()
      return (await client.get<{ exceptions: ExceptionRecord[] }>(`${ADMIN_ROUTES.exceptions}${qs ? `?${qs}` : ''}`)).exceptions
    },
    exceptionDetail: (id) => client.get<ExceptionDetail>(ADMIN_ROUTES.exception(id)),
    retryException: (id, params) => op(id, 'retry', (params === undefined ? {} : { params }) satisfies RetryBody),
    skipException: (id) => op(id, 'skip'),
    resolveException: (id, note) => op(id, 'resolve', { note }),
    async pauseRule(id) {
      await client.post(ADMIN_ROUTES.rule(id, 'pause'))
    },
    async resumeRule(id) {
      await client.post(ADMIN_ROUTES.rule(id, 'resume'))
    },
    // asked again rather than taken from the probe: a pause may have happened since
    pausedRules: async () => (await client.get<StatusResponse>(ADMIN_ROUTES.status)).rules.paused,
    async close() {},
  }
}
