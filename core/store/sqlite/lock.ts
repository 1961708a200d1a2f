import { hostname } from 'node:os'
import type { Database, Statement } from 'better-sqlite3'
import type { Clock } from '../../sdk/clock.js'
import { CartwireError } from '../../sdk/errors.js'

/**
 * The single-daemon lock (SEMANTICS.md §4): one row naming the holder's pid and host, a heartbeat, and
 * a token that grows with every takeover. A holder whose heartbeat is older than STALE_AFTER_MS, or
 * whose pid is dead on this very host, is taken over. Every write checks the token, so a daemon that
 * lost its lock (it stalled past the stale limit) fails its next write instead of writing beside the new
 * holder.
 */
export const STALE_AFTER_MS = 30_000

export interface LockHolder {
  pid: number
  host: string
}

interface LockRow extends LockHolder {
  heartbeat: number
  token: number
}

export function currentHolder(): LockHolder {
  return { pid: process.pid, host: hostname() }
}

export class StoreLock {
  private readonly select: Statement<[], LockRow>
  private readonly touch: Statement<[number, number]>

  private constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    readonly holder: LockHolder,
    readonly token: number,
    private readonly path: string,
  ) {
    this.select = db.prepare<[], LockRow>(SELECT_LOCK)
    this.touch = db.prepare<[number, number]>('UPDATE lock SET heartbeat = ? WHERE token = ?')
  }

  /** Takes the lock or throws ERR_STORE_LOCKED naming the live holder. */
  static acquire(db: Database, opts: { holder: LockHolder; clock: Clock; path: string }): StoreLock {
    const token = db
      .transaction(() => {
        const row = readLock(db)
        const now = opts.clock.now()
        if (row && isAlive(row, now)) {
          const age = Math.round((now - row.heartbeat) / 1000)
          throw new CartwireError('ERR_STORE_LOCKED', `${opts.path} is held by pid ${row.pid} on ${row.host} (heartbeat ${age}s ago)`, {
            details: { pid: row.pid, host: row.host, heartbeat: row.heartbeat },
          })
        }
        const next = (row?.token ?? 0) + 1
        db.prepare('INSERT OR REPLACE INTO lock (id, pid, host, heartbeat, token) VALUES (1, ?, ?, ?, ?)').run(opts.holder.pid, opts.holder.host, now, next)
        return next
      })
      .immediate()
    return new StoreLock(db, opts.clock, opts.holder, token, opts.path)
  }

  /** Throws ERR_STORE_LOCKED when another process took the lock over. Runs inside every write. */
  check(): void {
    const row = this.select.get()
    if (row?.token !== this.token) {
      const by = row ? ` by pid ${row.pid} on ${row.host}` : ''
      throw new CartwireError('ERR_STORE_LOCKED', `${this.path}: this process's lock was taken over${by}`)
    }
  }

  heartbeat(): void {
    this.db.transaction(() => {
      this.check()
      this.touch.run(this.clock.now(), this.token)
    }).immediate()
  }

  /** Releases the lock if this process still holds it. */
  release(): void {
    this.db.prepare('DELETE FROM lock WHERE token = ?').run(this.token)
  }
}

const SELECT_LOCK = 'SELECT pid, host, heartbeat, token FROM lock WHERE id = 1'

function readLock(db: Database): LockRow | undefined {
  return db.prepare<[], LockRow>(SELECT_LOCK).get()
}

function isAlive(row: LockRow, now: number): boolean {
  if (now - row.heartbeat > STALE_AFTER_MS) return false
  if (row.host === hostname() && !pidAlive(row.pid)) return false
  return true
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
