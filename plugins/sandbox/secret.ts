import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The webhook secret of a sandbox connection: generated into `<dataDir>/webhook-secret` (mode 0600) the
 * first time it is needed and read back after that, so signatures survive restarts without the user
 * configuring anything. An explicit `webhookSecret` option wins (a list during a rotation: deliveries
 * are signed with the first, all are accepted).
 */
export function secretFile(dataDir: string): string {
  return path.join(dataDir, 'webhook-secret')
}

export function loadOrCreateSecret(dataDir: string): string {
  const file = secretFile(dataDir)
  try {
    return readFileSync(file, 'utf8').trim()
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const secret = randomBytes(32).toString('base64url')
  try {
    // 'wx': if another opener won the race, its secret is the one
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
    return secret
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim()
    throw e
  }
}

/** Secrets to verify with, signing secret first. */
export function resolveSecrets(option: string | readonly string[] | undefined, dataDir: string): string[] {
  if (option === undefined) return [loadOrCreateSecret(dataDir)]
  return typeof option === 'string' ? [option] : [...option]
}
