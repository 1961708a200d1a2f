import path from 'node:path'
import type { StoreConfig } from '../store/open.js'
import type { LoadedConfig } from './load-config.js'

/**
 * Where a project keeps its files on disk, decided in one place so the daemon and the CLI agree:
 * - the store: `config.store` with its file path resolved against the config file's folder;
 * - the data folder: the folder of the store file (sqlite, or lowdb with a path), else `./data` beside
 *   the config. The daemon writes `admin-token` there (mode 0600) when the config sets no
 *   `server.admin.token`; the CLI on the same machine reads it.
 */
export function resolvedStoreConfig(loaded: Pick<LoadedConfig, 'config' | 'dir'>): StoreConfig {
  const store = loaded.config.store
  if (store.driver === 'sqlite') return { ...store, path: store.path === ':memory:' ? store.path : path.resolve(loaded.dir, store.path) }
  if (store.driver === 'lowdb' && store.path) return { ...store, path: path.resolve(loaded.dir, store.path) }
  return store
}

export function dataFolder(loaded: Pick<LoadedConfig, 'config' | 'dir'>): string {
  const store = resolvedStoreConfig(loaded)
  if ((store.driver === 'sqlite' || store.driver === 'lowdb') && store.path && store.path !== ':memory:') return path.dirname(store.path)
  return path.resolve(loaded.dir, 'data')
}

/** `<data folder>/admin-token` */
export function adminTokenFile(loaded: Pick<LoadedConfig, 'config' | 'dir'>): string {
  return path.join(dataFolder(loaded), 'admin-token')
}
