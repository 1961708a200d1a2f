import { afterEach, beforeEach } from 'vitest'
import type { Store } from '../contract.js'
import { CONNECTION, T0, type OpenStore } from './stubs.js'

/** A fresh store for each test of the enclosing block, closed after it. */
export function freshStore(open: OpenStore): () => Store {
  let store: Store | undefined
  beforeEach(async () => {
    store = await open()
    await store.ensureConnection(CONNECTION, T0 - 60_000)
  })
  afterEach(async () => {
    await store?.close()
    store = undefined
  })
  return () => {
    if (!store) throw new Error('no store: use inside a test')
    return store
  }
}
