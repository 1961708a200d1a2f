/**
 * The undo journal that makes a lowdb operation atomic. Every write goes through `set`/`delete`, which
 * remember what the key held before; an operation that throws half-way is rolled back by replaying
 * those in reverse, and one that completes is kept and written to the adapter once.
 *
 * Chosen over copy-then-swap because its cost is proportional to the rows an operation touches, not to
 * the size of the store: a reserve or commit stays cheap with 10k resources and 100k ledger rows.
 * It relies on rows never being mutated in place (the driver copies rows in and out).
 */
export class Journal {
  private undo: Array<() => void> = []

  set<T>(table: Record<string, T>, key: string, value: T): void {
    if (Object.hasOwn(table, key)) {
      const before = table[key]
      this.undo.push(() => {
        table[key] = before
      })
    } else {
      this.undo.push(() => {
        delete table[key]
      })
    }
    table[key] = value
  }

  delete<T>(table: Record<string, T>, key: string): void {
    if (!Object.hasOwn(table, key)) return
    const before = table[key]
    this.undo.push(() => {
      table[key] = before
    })
    delete table[key]
  }

  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]()
    this.undo = []
  }

  commit(): void {
    this.undo = []
  }
}
