import { mkdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../core/sdk/clock.js'
import { openStore } from '../../core/store/open.js'
import { SCHEMA_VERSION } from '../../core/store/sqlite/migrations.js'
import { serveAdmin } from './admin-daemon.js'
import { createCliProject, type CliProject } from './cli-project.js'
import { engineOver } from './engine-fixture.js'

const V0_SQL = readFileSync(fileURLToPath(new URL('../fixtures/store/sqlite-v0.sql', import.meta.url)), 'utf8')

/** The project's store written by schema version 0 (test/fixtures/store/sqlite-v0.sql). */
function writeV0Store(project: CliProject): void {
  mkdirSync(project.dataDir, { recursive: true })
  const db = new Database(project.storePath)
  db.exec(V0_SQL)
  db.close()
}

describe('cartwire migrate', () => {
  let project: CliProject
  afterEach(async () => project.close())

  it('migrates a v0 store to the current version, printing from/to and progress lines on stderr', async () => {
    project = await createCliProject({ rules: [] })
    writeV0Store(project)
    const { code, out, err } = await project.cli('migrate')
    expect(code).toBe(0)
    expect(out).toEqual([`store ${project.storePath}: migrated from schema version 0 to ${SCHEMA_VERSION}`])
    expect(err[0]).toMatch(new RegExp(`^migrating \\[-+\\]\\s+0% 0/${SCHEMA_VERSION} v1: `))
    expect(err.at(-1)).toMatch(new RegExp(`^migrating \\[#+\\] 100% ${SCHEMA_VERSION}/${SCHEMA_VERSION}$`))
    expect(err).toHaveLength(SCHEMA_VERSION + 1)

    const store = await openStore({ driver: 'sqlite', path: project.storePath }, { readonly: true })
    expect(await store.getRun('fx-ev-updated:tag-vip')).toMatchObject({ state: 'waiting', triggerSeq: 2 })
    await store.close()

    const again = await project.cli('migrate')
    expect(again).toEqual({ code: 0, out: [`store ${project.storePath}: schema version ${SCHEMA_VERSION}, up to date`], err: [] })
  })

  it('creates a missing store; --quiet prints no progress', async () => {
    project = await createCliProject({ rules: [] })
    const { code, out, err } = await project.cli('migrate', '--quiet')
    expect(code).toBe(0)
    expect(out).toEqual([`store ${project.storePath}: created at schema version ${SCHEMA_VERSION}`])
    expect(err).toEqual([])
  })

  it('refuses while another process holds the store lock, naming it, and leaves the store as it was', async () => {
    project = await createCliProject({ rules: [] })
    const holder = await openStore({ driver: 'sqlite', path: project.storePath }, { holder: { pid: 4242, host: 'other-box' }, clock: systemClock })
    try {
      const { code, out, err } = await project.cli('migrate')
      expect(code).toBe(2)
      expect(out).toEqual([])
      expect(err).toEqual([expect.stringMatching(/^cartwire migrate: \S+ is held by pid 4242 on other-box \(heartbeat \d+s ago\) \[ERR_STORE_LOCKED\]$/)])
    } finally {
      await holder.close()
    }
  })

  it('refuses while a daemon answers on the admin port, naming its pid', async () => {
    project = await createCliProject({ rules: [] })
    const h = await engineOver(project, [])
    const admin = await serveAdmin(h.engine, project, { token: 'migrate-test-token-0123456789' })
    try {
      const { code, err } = await project.cli('migrate')
      expect(code).toBe(2)
      expect(err).toEqual([expect.stringMatching(new RegExp(`^cartwire migrate: a daemon \\(pid ${process.pid}, started \\S+\\) runs on this store at http://127\\.0\\.0\\.1:${project.adminPort}; stop it first \\[ERR_STORE_LOCKED\\]$`))])
    } finally {
      await admin.close()
      await h.closeAll()
    }
  })
})
