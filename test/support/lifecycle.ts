import { afterEach } from 'vitest'

/**
 * Wraps a `start` function so that everything it started is closed after each test. Call at the top of
 * a test file or describe block.
 */
export function closedAfterEach<A extends unknown[], T extends { close(): Promise<void> }>(start: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  const started: T[] = []
  afterEach(async () => {
    for (const item of started.splice(0)) await item.close()
  })
  return async (...args) => {
    const item = await start(...args)
    started.push(item)
    return item
  }
}
