import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { ActionDefinition } from '../sdk/action.js'
import type { Config } from '../sdk/config.js'
import type { ConnectorDefinition } from '../sdk/connector.js'
import { isActionDefinition, isConnectorDefinition } from '../sdk/define.js'
import { CartwireError } from '../sdk/errors.js'

export interface PluginSet {
  connectors: Map<string, ConnectorDefinition>
  actions: Map<string, ActionDefinition>
}

const BUILTIN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../plugins')

/**
 * The plugin registry: the plugins shipped in plugins/<name>/index.ts, found by folder (core never
 * imports a plugin by path), plus those the config lists. Duplicate names are refused at registration.
 */
export async function discoverPlugins(config: Pick<Config, 'plugins' | 'connections'>, dir = BUILTIN_DIR): Promise<PluginSet> {
  const set: PluginSet = { connectors: new Map(), actions: new Map() }
  const folders = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()
  for (const folder of folders) {
    const entry = path.join(dir, folder, 'index.ts')
    let mod: { default?: unknown }
    try {
      mod = await import(pathToFileURL(entry).href)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(entry)) continue
      throw new CartwireError('ERR_PLUGIN', `plugins/${folder}: cannot be loaded: ${(e as Error).message}`, { cause: e })
    }
    register(set, mod.default, `plugins/${folder}`)
  }
  for (const plugin of config.plugins) register(set, plugin, 'config.plugins')
  for (const connection of config.connections) {
    if (typeof connection.connector !== 'string' && !set.connectors.has(connection.connector.name)) register(set, connection.connector, `connection ${connection.id}`)
  }
  return set
}

export function register(set: PluginSet, plugin: unknown, where: string): void {
  if (isConnectorDefinition(plugin)) {
    if (set.connectors.has(plugin.name) && set.connectors.get(plugin.name) !== plugin) throw new CartwireError('ERR_CONFIG', `${where}: a connector named "${plugin.name}" is already registered`)
    set.connectors.set(plugin.name, plugin)
  } else if (isActionDefinition(plugin)) {
    if (set.actions.has(plugin.name) && set.actions.get(plugin.name) !== plugin) throw new CartwireError('ERR_CONFIG', `${where}: an action named "${plugin.name}" is already registered`)
    set.actions.set(plugin.name, plugin)
  } else {
    throw new CartwireError('ERR_CONFIG', `${where}: the default export is neither defineConnector(…) nor defineAction(…)`)
  }
}
