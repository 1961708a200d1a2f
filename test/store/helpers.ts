import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/** A temp folder for this test file, removed after its tests; `file()` names a new file in it. */
export function tempFiles(prefix: string): { dir: string; file(name: string): string } {
  const dir = mkdtempSync(join(tmpdir(), `cartwire-${prefix}-`))
  let n = 0
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return { dir, file: (name) => join(dir, `${++n}-${name}`) }
}

const fixtureSql = readFileSync(new URL('../fixtures/store/sqlite-v0.sql', import.meta.url), 'utf8')

/** Writes a database file of schema v0 from the committed SQL dump; returns its path. */
export function v0Database(path: string): string {
  const db = new Database(path)
  db.exec(fixtureSql)
  db.close()
  return path
}
