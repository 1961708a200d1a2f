import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { closeServer, listen } from '../../core/daemon/listeners.js'
import type { Random } from './random.js'

export interface ProxyFaults {
  /** share of calls answered 429 / 500 / 503 or held past the caller's timeout, never forwarded. @default 0.2 */
  failRate: number
  /** every forwarded call waits this long first (a slow target). @default 0 */
  slowMs: number
  /** how long a "timeout" call is held before the socket is cut (the caller gives up first or sees a reset) */
  hangMs: number
}

/**
 * A fault-injecting proxy in front of the fake platform (the fake itself stays as it is): upstream
 * 429s with Retry-After, 5xx, hung calls and a slow target, drawn from the seeded stream. A failed call
 * never reaches the platform, so the fake's `effects` and `calls` hold only what the platform really
 * received. `injected` counts what was done, for the table.
 */
export class FaultProxy {
  private server?: Server
  url = ''
  readonly injected = { 429: 0, 500: 0, 503: 0, hang: 0 }
  faults: ProxyFaults = { failRate: 0.2, slowMs: 0, hangMs: 2000 }

  constructor(private readonly target: string, private readonly random: Random) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res))
    this.url = await listen(this.server, 0, '127.0.0.1', 'chaos proxy')
    return this
  }

  /** Hung calls are cut at once: nothing waits on a proxy that is going away. */
  stop(): Promise<void> {
    return this.server ? closeServer(this.server, 0) : Promise.resolve()
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    if (this.random.chance(this.faults.failRate)) {
      const fault = this.random.pick(['429', '500', '503', 'hang'] as const)
      this.injected[fault]++
      if (fault === 'hang') {
        setTimeout(() => res.destroy(), this.faults.hangMs)
        return
      }
      res.writeHead(Number(fault), { 'content-type': 'application/json', ...(fault === '429' && { 'retry-after': '0' }) })
      return void res.end(JSON.stringify({ error: 'injected by the chaos proxy' }))
    }
    if (this.faults.slowMs > 0) await new Promise((resolve) => setTimeout(resolve, this.faults.slowMs))
    const upstream = request(`${this.target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    upstream.end(Buffer.concat(chunks))
  }
}
