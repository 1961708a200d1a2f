import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { configSchema, type Config, type ConfigInput } from '../sdk/config.js'
import { parseDuration } from '../sdk/duration.js'
import { CartwireError } from '../sdk/errors.js'

export interface LoadedConfig {
  config: Config
  /** absolute path of the config file ('' when given in memory) */
  file: string
  /** folder relative paths in the config resolve against */
  dir: string
  rulesDir: string
}

/** Validates a config object; errors become one ERR_CONFIG listing `file: path: message` lines. */
export function parseConfig(input: ConfigInput, file = '(config)'): Config {
  const parsed = configSchema.safeParse(input)
  if (parsed.success) {
    const { events, ledger } = parsed.data.retention
    // replay and plan need the ledger of every event they can still see
    if (parseDuration(events) > parseDuration(ledger)) {
      throw new CartwireError('ERR_CONFIG', `${file}: retention.events: ${events} is longer than retention.ledger (${ledger}); events must not outlive their ledger rows`)
    }
    return parsed.data
  }
  const lines = parsed.error.issues.map((issue) => `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`)
  throw new CartwireError('ERR_CONFIG', lines.join('\n'), { details: lines })
}

/** Imports automation.config.ts (TypeScript runs through tsx) and validates its default export. */
export async function loadConfig(file = './automation.config.ts'): Promise<LoadedConfig> {
  const absolute = path.resolve(file)
  if (!existsSync(absolute)) throw new CartwireError('ERR_CONFIG', `${file}: no such config file`)
  let mod: { default?: ConfigInput }
  try {
    mod = await import(pathToFileURL(absolute).href)
  } catch (e) {
    throw new CartwireError('ERR_CONFIG', `${file}: cannot be loaded: ${(e as Error).message}`, { cause: e })
  }
  if (!mod.default) throw new CartwireError('ERR_CONFIG', `${file}: has no default export (export default defineConfig({ … }))`)
  const config = parseConfig(mod.default, file)
  const dir = path.dirname(absolute)
  return { config, file: absolute, dir, rulesDir: path.resolve(dir, config.rules) }
}
