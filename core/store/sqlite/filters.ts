import type { Database, Statement } from 'better-sqlite3'

/**
 * A filtered listing (`listEvents`, `listRuns`, …): the conditions whose value is defined are ANDed; each
 * distinct combination is prepared once and cached.
 */
export function listQuery<Cols>(db: Database, base: string, order: string): (conditions: Array<[string, unknown]>, limit?: number) => Cols[] {
  const cache = new Map<string, Statement<unknown[], Cols>>()
  return (conditions, limit) => {
    const used = conditions.filter(([, value]) => value !== undefined)
    const where = used.length ? ` WHERE ${used.map(([sql]) => sql).join(' AND ')}` : ''
    const sql = `${base}${where} ORDER BY ${order} LIMIT ?`
    let statement = cache.get(sql)
    if (!statement) cache.set(sql, (statement = db.prepare<unknown[], Cols>(sql)))
    return statement.all(...used.map(([, value]) => value), limit ?? -1)
  }
}
