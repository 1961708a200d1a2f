import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { closedAfterEach } from '../support/lifecycle.js'

export interface ReceivedRequest {
  method: string
  /** path and query, as sent */
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  origin: string
  /** every request, in arrival order (recorded before the handler runs) */
  received: ReceivedRequest[]
  /** resolves once at least `count` requests have arrived */
  arrived(count: number): Promise<void>
  close(): Promise<void>
}

/**
 * A real HTTP server on 127.0.0.1, port 0, for tests of code that speaks HTTP. The handler answers
 * through `res` and may take as long as it likes (a test holds requests open to fill slots).
 */
export async function startLocalServer(handler: (req: ReceivedRequest, res: ServerResponse) => void | Promise<void>): Promise<LocalServer> {
  const received: ReceivedRequest[] = []
  const waiters: Array<{ count: number; resolve: () => void }> = []
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
    received.push(request)
    for (const waiter of waiters.filter((w) => received.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
    try {
      await handler(request, res)
    } catch (e) {
      if (!res.headersSent) res.writeHead(500).end(String(e))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    arrived: (count) => (received.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Call at the top of a test file: returns `serve`, and closes every server it started after each test. */
export function localServers(): typeof startLocalServer {
  return closedAfterEach(startLocalServer)
}

/** A deferred: tests release held requests with it. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
