import { open, type FileHandle } from 'node:fs/promises'

/**
 * Durability without blocking the event loop. The connection runs with `synchronous = NORMAL` (in WAL
 * mode: no fsync at commit; the WAL is synced before each checkpoint and the database after it), and an
 * operation whose commit must survive power loss (an intake ack, a step reservation) waits for an
 * fdatasync of the WAL file on libuv's thread pool, started after its commit. The frames of every
 * commit before it are then on disk: the same guarantee as `synchronous = FULL`, while the event loop
 * goes on reading requests. Concurrent callers share syncs: at most one runs and one waits behind it.
 */
export class WalSyncer {
  private running: Promise<void> | undefined
  private queued: Promise<void> | undefined
  private handle: FileHandle | undefined

  constructor(private readonly walPath: string) {}

  /** Resolves once an fdatasync that started after this call has completed. */
  sync(): Promise<void> {
    if (this.queued) return this.queued
    if (!this.running) return (this.running = this.run())
    this.queued = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined
        return (this.running = this.run())
      })
    return this.queued
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.running, this.queued])
    await this.handle?.close()
    this.handle = undefined
  }

  private async run(): Promise<void> {
    try {
      this.handle ??= await open(this.walPath, 'r')
      await this.handle.datasync()
    } finally {
      this.running = undefined
    }
  }
}
