import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '../sdk/config.js'
import { CartwireError } from '../sdk/errors.js'
import { resolveSecrets } from '../sdk/secrets.js'

/** The admin API's bearer token and where it came from (core/daemon/admin-api.ts states the rules). */
export interface AdminAuth {
  token: string
  /** `server.admin.token` is set: the only case where Forwarded requests and non-loopback binds are allowed */
  configured: boolean
}

/** A configured token shorter than this is refused at start: it would be guessable. */
export const MIN_TOKEN_LENGTH = 16

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

/**
 * The admin token at start: `server.admin.token` (a string or `env('NAME')`) when configured, else a
 * fresh random one (a new one each start, so a token copied from an old run stops working) that the
 * daemon writes with `writeAdminToken` once it holds the store. Without a configured token the admin
 * listener must be on a loopback address: the generated token is meant for the CLI on this machine,
 * and an operator who exposes the API must choose (and rotate) its token deliberately.
 */
export function adminAuth(config: Config, env: NodeJS.ProcessEnv = process.env, file = 'automation.config.ts'): AdminAuth {
  const { host, token } = config.server.admin
  if (token !== undefined && token !== null) {
    const found = { missing: [] as string[], values: [] as string[] }
    const value = resolveSecrets(token, env, found)
    if (found.missing.length) throw new CartwireError('ERR_SECRET_MISSING', `${file}: server.admin.token: secret env("${found.missing[0]}") is not set`)
    if (typeof value !== 'string' || value.length < MIN_TOKEN_LENGTH) {
      throw new CartwireError('ERR_CONFIG', `${file}: server.admin.token: expected a string of at least ${MIN_TOKEN_LENGTH} characters (or env('NAME'))`)
    }
    return { token: value, configured: true }
  }
  if (!isLoopback(host)) {
    throw new CartwireError('ERR_CONFIG', `${file}: server.admin.host: "${host}" is not a loopback address; set server.admin.token to serve the admin API beyond this machine`)
  }
  return { token: randomBytes(32).toString('base64url'), configured: false }
}

/**
 * Writes a generated token to `file` (`<data folder>/admin-token`, core/config/data-folder.ts) with
 * mode 0600, atomically: written beside it and renamed, so a reader never sees half a token and an
 * older file with wider permissions is replaced rather than reused.
 */
export function writeAdminToken(file: string, token: string): void {
  mkdirSync(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, `${token}\n`, { mode: 0o600 })
  chmodSync(temporary, 0o600)
  renameSync(temporary, file)
}
