import { existsSync } from 'node:fs'
import { resolvedStoreConfig } from '../config/data-folder.js'
import { Engine, PAUSED_KEY } from '../engine/engine.js'
import type { ExceptionDetail } from '../daemon/admin-api.js'
import { CartwireError } from '../sdk/errors.js'
import type { Store } from '../store/contract.js'
import { openStore, type StoreConfig } from '../store/open.js'
import type { Access, AccessMode } from './access.js'
import type { CliProject } from './project-rules.js'
import { exceptionDetail } from '../execution/operator.js'

/**
 * Access without a daemon: the store opened here. `read` opens it read-only and takes no lock (a
 * daemon may start meanwhile; sqlite's WAL lets both be). `write` takes the single-daemon lock — a
 * daemon starting meanwhile meets ERR_STORE_LOCKED naming this process, and this command meets it
 * naming a daemon that holds the store — and runs the operator's decisions through an Engine over the
 * store, so they follow exactly the daemon's rules (validation of edited params, paused-set updates).
 * A store that does not exist yet reads as empty and is not created by reading.
 */
export async function storeAccess(project: CliProject, mode: AccessMode): Promise<Access> {
  const config = resolvedStoreConfig(project.loaded)
  if (mode === 'read' && !storeExists(config)) return readAccess(undefined)
  const store = await openStore(config, { readonly: mode === 'read' })
  if (mode === 'read') return readAccess(store)
  let engine: Engine
  try {
    engine = await Engine.create({ config: project.loaded.config, plugins: project.plugins, store: withoutBaseline(store), rules: project.rules })
  } catch (e) {
    await store.close()
    throw e
  }
  const known = async (id: string) => {
    if (!(await store.getException(id))) throw notFound(id)
  }
  return {
    ...readAccess(store),
    async retryException(id, params) {
      await known(id)
      return engine.retryException(id, params)
    },
    async skipException(id) {
      await known(id)
      return engine.skipException(id)
    },
    async resolveException(id, note) {
      await known(id)
      return engine.resolveException(id, note)
    },
    pauseRule: (id) => engine.pause(id),
    resumeRule: (id) => engine.resume(id),
    async close() {
      try {
        await engine.close()
      } finally {
        await store.close()
      }
    },
  }
}

/** Reads of an open store, or of none (a store not created yet holds nothing). */
function readAccess(store: Store | undefined): Access {
  const readOnly = async (): Promise<never> => {
    throw new CartwireError('ERR_INTERNAL', 'a write through read access')
  }
  return {
    via: 'store',
    listExceptions: async (query) => (store ? store.listExceptions(query) : []),
    async exceptionDetail(id): Promise<ExceptionDetail> {
      const exception = await store?.getException(id)
      if (!store || !exception) throw notFound(id)
      return exceptionDetail(store, exception)
    },
    retryException: readOnly,
    skipException: readOnly,
    resolveException: readOnly,
    pauseRule: readOnly,
    resumeRule: readOnly,
    async pausedRules() {
      const paused = await store?.getSetting(PAUSED_KEY)
      return Array.isArray(paused) ? paused.map(String) : []
    },
    close: async () => store?.close(),
  }
}

/**
 * The store as an operator command's Engine sees it: Engine.create records each connection's
 * `baselineAt` when the connection is new, but a connection's baseline is the moment a daemon first
 * runs it (SEMANTICS.md §2) — recorded here, say by a `rules pause` a day before going live, it would
 * make that day's orders "new" and fire rules on them at the first poll. So a missing connection row
 * is answered, not written.
 */
function withoutBaseline(store: Store): Store {
  return {
    ...store,
    ensureConnection: async (id, now) => (await store.getConnection(id)) ?? { id, baselineAt: now, cursor: null, cursorAt: null },
  }
}

function storeExists(config: StoreConfig): boolean {
  if (config.driver === 'sqlite') return config.path === ':memory:' || existsSync(config.path)
  if (config.driver === 'lowdb') return config.path === undefined || existsSync(config.path)
  return true
}

function notFound(id: string): CartwireError {
  return new CartwireError('ERR_NOT_FOUND', `no exception ${id}`)
}
