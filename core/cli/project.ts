import path from 'node:path'
import { prepareConnections, type PrepareResult } from '../config/connections.js'
import { loadConfig, type LoadedConfig } from '../config/load-config.js'
import { discoverPlugins, type PluginSet } from '../config/plugins.js'
import { validationEnv } from '../engine/validation-env.js'
import type { ValidationEnv } from '../rules/validate.js'

export interface Project {
  loaded: LoadedConfig
  plugins: PluginSet
  prepared: PrepareResult
  env: ValidationEnv
}

/**
 * What every command starts from: the config file, the plugins it names, the connections with their
 * options validated (secrets required only when asked), and the environment rules are checked against.
 */
export async function loadProject(opts: { config: string; requireSecrets?: boolean }): Promise<Project> {
  const loaded = await loadConfig(opts.config)
  const plugins = await discoverPlugins(loaded.config)
  const prepared = prepareConnections(loaded.config, plugins, { requireSecrets: opts.requireSecrets, file: path.relative(process.cwd(), loaded.file) || loaded.file })
  return { loaded, plugins, prepared, env: validationEnv(prepared.connections, plugins.actions, loaded.config) }
}
