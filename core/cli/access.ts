import type { ExceptionDetail, ExceptionListQuery } from '../daemon/admin-api.js'
import type { JsonValue } from '../sdk/connector.js'
import type { ExceptionRecord } from '../store/contract.js'
import { findDaemon } from './admin-client.js'
import { daemonAccess } from './daemon-access.js'
import type { CliProject } from './project-rules.js'
import { storeAccess } from './store-access.js'

/**
 * What the operator commands (exceptions, rules pause/resume/list, simulate's paused set) work with,
 * the same whichever way it reaches the data:
 * - a running daemon, through its admin API (the daemon holds the sqlite lock and applies the change
 *   to its live state);
 * - no daemon: the store opened directly — read-only without the lock for `read`, with the lock and an
 *   Engine over it for `write` (Engine.create sets connectors up but starts nothing), closed after.
 * Commands print from what these return, so both ways print the same.
 */
export interface Access {
  readonly via: 'daemon' | 'store'
  listExceptions(query: ExceptionListQuery): Promise<ExceptionRecord[]>
  /** ERR_NOT_FOUND when there is no such exception */
  exceptionDetail(id: string): Promise<ExceptionDetail>
  retryException(id: string, params?: JsonValue): Promise<ExceptionRecord>
  skipException(id: string): Promise<ExceptionRecord>
  resolveException(id: string, note: string): Promise<ExceptionRecord>
  pauseRule(id: string): Promise<void>
  resumeRule(id: string): Promise<void>
  /** rule ids paused at run time (`cartwire rules pause`) */
  pausedRules(): Promise<string[]>
  close(): Promise<void>
}

export type AccessMode = 'read' | 'write'

export async function openAccess(project: CliProject, mode: AccessMode): Promise<Access> {
  const daemon = await findDaemon(project.loaded)
  return daemon ? daemonAccess(daemon) : storeAccess(project, mode)
}

/** Opens access, runs `fn`, and closes it whatever happens. */
export async function withAccess<T>(project: CliProject, mode: AccessMode, fn: (access: Access) => Promise<T>): Promise<T> {
  const access = await openAccess(project, mode)
  try {
    return await fn(access)
  } finally {
    await access.close()
  }
}
