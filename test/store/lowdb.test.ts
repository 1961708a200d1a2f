import { copyFileSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { openLowdbStore } from '../../core/store/lowdb/open.js'
import { testStore } from '../../core/store/test-store.js'
import { CartwireError } from '../../core/sdk/errors.js'
import { tempFiles } from './helpers.js'

const temp = tempFiles('lowdb')
const fixture = new URL('../fixtures/store/lowdb-v0.json', import.meta.url)

testStore('lowdb in memory', () => openLowdbStore())

let last = ''
testStore(
  'lowdb JSON file',
  () => openLowdbStore({ path: (last = temp.file('store.json')) }),
  {
    reopen: () => openLowdbStore({ path: last }),
    migrationFixture: async () => {
      const path = temp.file('v0.json')
      copyFileSync(fixture, path)
      return openLowdbStore({ path })
    },
  },
)

describe('lowdb driver', () => {
  it('refuses a document written by a newer schema', async () => {
    const path = temp.file('newer.json')
    const data = JSON.parse(readFileSync(fixture, 'utf8'))
    const { writeFileSync } = await import('node:fs')
    writeFileSync(path, JSON.stringify({ ...data, schemaVersion: 99 }))
    await expect(openLowdbStore({ path })).rejects.toMatchObject({ code: 'ERR_STORE_SCHEMA' })
  })

  it('writes the migrated document back at the current schema version', async () => {
    const path = temp.file('v0.json')
    copyFileSync(fixture, path)
    const store = await openLowdbStore({ path })
    const version = await store.schemaVersion()
    await store.close()
    expect(JSON.parse(readFileSync(path, 'utf8')).schemaVersion).toBe(version)
  })

  it('refuses writes when opened read-only', async () => {
    const store = await openLowdbStore({ readonly: true })
    await expect(store.ensureConnection('x', 1)).rejects.toBeInstanceOf(CartwireError)
    expect(await store.getConnection('x')).toBeUndefined()
  })
})
