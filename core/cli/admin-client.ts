import { existsSync, readFileSync } from 'node:fs'
import { adminTokenFile } from '../config/data-folder.js'
import type { LoadedConfig } from '../config/load-config.js'
import { ADMIN_ROUTES, type StatusResponse } from '../daemon/admin-api.js'
import { CartwireError, ERRORS, type ErrorCode } from '../sdk/errors.js'
import { isEnvMarker } from '../sdk/secrets.js'

/**
 * The CLI's side of the admin API (core/daemon/admin-api.ts is the contract). `findDaemon` asks the
 * admin URL of the config for /api/status: a daemon that answers is used for everything; no answer
 * (refused, timed out, not a cartwire daemon) means none runs and the caller opens the store itself —
 * where the sqlite lock still stops it if a daemon is in fact starting. A daemon that answers but
 * refuses the token is an error, not a reason to fall back.
 */
export interface AdminClient {
  readonly url: string
  /** what /api/status answered when the daemon was found */
  readonly status: StatusResponse
  get<T>(route: string): Promise<T>
  post<T>(route: string, body?: unknown): Promise<T>
}

type Project = Pick<LoadedConfig, 'config' | 'dir'>

/** How long the status probe waits for an answer before concluding that no daemon runs. */
const PROBE_TIMEOUT_MS = 2_000
/** An operation on a live daemon (a reload validates every rule file). */
const REQUEST_TIMEOUT_MS = 60_000

export async function findDaemon(loaded: Project, env: NodeJS.ProcessEnv = process.env): Promise<AdminClient | undefined> {
  const url = adminUrl(loaded)
  const token = adminToken(loaded, env)
  let res: Response
  try {
    res = await fetch(url + ADMIN_ROUTES.status, { headers: headers(token), signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
  } catch {
    return undefined
  }
  if (res.status === 401 || res.status === 403) throw refused(url, res.status, token, loaded)
  const status = res.ok ? ((await res.json().catch(() => undefined)) as StatusResponse | undefined) : undefined
  if (!status || typeof status.pid !== 'number') return undefined
  const call = async <T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> => {
    let answer: Response
    try {
      answer = await fetch(url + route, {
        method,
        headers: { ...headers(token), ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
    } catch (e) {
      throw new CartwireError('ERR_NETWORK', `the daemon at ${url} stopped answering: ${(e as Error).message}`, { cause: e })
    }
    if (answer.status === 401 || answer.status === 403) throw refused(url, answer.status, token, loaded)
    const json = (await answer.json().catch(() => undefined)) as Record<string, unknown> | undefined
    if (answer.ok && json) return json as T
    throw answerError(url, answer.status, json)
  }
  return { url, status, get: (route) => call('GET', route), post: (route, body) => call('POST', route, body ?? {}) }
}

/** `http://<admin host>:<admin port>`; a wildcard bind is reached on loopback. */
export function adminUrl(loaded: Project): string {
  const { host, port } = loaded.config.server.admin
  const reach = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host
  return `http://${reach.includes(':') ? `[${reach}]` : reach}:${port}`
}

/**
 * The bearer token: `server.admin.token` (a string or an env() marker, resolved here), else the token
 * the daemon wrote to `<data folder>/admin-token`; undefined when there is neither.
 */
export function adminToken(loaded: Project, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = loaded.config.server.admin.token
  if (typeof configured === 'string' && configured) return configured
  if (isEnvMarker(configured)) return env[configured.name] || undefined
  const file = adminTokenFile(loaded)
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined
}

function headers(token: string | undefined): Record<string, string> {
  return { accept: 'application/json', ...(token && { authorization: `Bearer ${token}` }) }
}

function refused(url: string, status: number, token: string | undefined, loaded: Project): CartwireError {
  const file = adminTokenFile(loaded)
  const hint = token ? 'the token differs from the daemon\'s' : `no token: set server.admin.token, or run this on the daemon's machine (${file})`
  return new CartwireError(status === 403 ? 'ERR_FORBIDDEN' : 'ERR_UNAUTHORIZED', `the daemon at ${url} refused the admin request: ${hint}`)
}

/** `{ ok: false, code, message }` → the same CartwireError the daemon raised, as far as the table knows the code. */
function answerError(url: string, status: number, json: Record<string, unknown> | undefined): CartwireError {
  const code = typeof json?.code === 'string' && json.code in ERRORS ? (json.code as ErrorCode) : undefined
  const message = typeof json?.message === 'string' ? json.message : `the daemon at ${url} answered ${status}`
  return new CartwireError(code ?? (status >= 500 ? 'ERR_UPSTREAM' : 'ERR_UPSTREAM_REJECTED'), message, { details: { daemonStatus: status } })
}

/** The daemon answered and refused the operation (as opposed to not answering or refusing the token). */
export function isDaemonAnswer(e: CartwireError): boolean {
  return typeof (e.details as { daemonStatus?: unknown } | undefined)?.daemonStatus === 'number'
}
