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

/** What the proxy saw of the poll walks: list requests (`GET <prefix>/orders`) and their final pages. */
export interface PollTraffic {
  /** list requests received (held ones included) */
  requests: number
  /** walks known to be complete: a final page (`hasMore: false`) went out 200 and a later list request came */
  walksCompleted: number
  /** list requests parked while the poller was paused */
  held: number
  /** list requests forwarded and not yet answered */
  inFlight: number
}

/**
 * A fault-injecting proxy in front of the fake platforms (the fakes themselves stay as they are):
 * upstream 429s with Retry-After, 5xx, hung calls and a slow target, drawn from the seeded stream. A
 * failed call never reaches the platform, so the fake's `effects` and `calls` hold only what the
 * platform really received. `injected` counts what was done, for the table.
 *
 * `route(prefix, target)` puts a second platform behind the same proxy (`/shelf/orders` → the shelf's
 * `/orders`). `holdPolls()` pauses the poller alone: list requests are parked, unanswered, until
 * `releasePolls()`, while webhooks (which never pass here) and action calls go on.
 */
export class FaultProxy {
  private server?: Server
  url = ''
  readonly injected = { 429: 0, 500: 0, 503: 0, hang: 0 }
  faults: ProxyFaults = { failRate: 0.2, slowMs: 0, hangMs: 2000 }
  readonly polls: PollTraffic = { requests: 0, walksCompleted: 0, held: 0, inFlight: 0 }
  private readonly routes: Array<{ prefix: string; target: string }> = []
  private parked: Array<() => void> | undefined
  private finalSinceLastRequest = false

  constructor(private readonly target: string, private readonly random: Random) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res))
    this.url = await listen(this.server, 0, '127.0.0.1', 'chaos proxy')
    return this
  }

  /** Hung calls are cut at once: nothing waits on a proxy that is going away. */
  stop(): Promise<void> {
    this.releasePolls()
    return this.server ? closeServer(this.server, 0) : Promise.resolve()
  }

  /** Calls under `prefix` go to `target` with the prefix taken off. */
  route(prefix: string, target: string): void {
    this.routes.push({ prefix, target })
  }

  /** From now on no list request reaches a platform until `releasePolls()`; those already forwarded finish. */
  holdPolls(): void {
    this.parked ??= []
  }

  /** Forwards the parked list requests (those whose caller still waits) and lets later ones through. */
  releasePolls(): void {
    const parked = this.parked ?? []
    this.parked = undefined
    for (const forward of parked) forward()
  }

  /** A new daemon life starts: a final page the last life may never have stored completes no walk. */
  forgetWalk(): void {
    this.finalSinceLastRequest = false
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const route = this.routes.find((r) => req.url?.startsWith(`${r.prefix}/`))
    const path = route ? req.url!.slice(route.prefix.length) : (req.url ?? '/')
    const list = req.method === 'GET' && new URL(path, 'http://x').pathname === '/orders'
    if (list) {
      this.polls.requests++
      // a walk asks for its next page only after the previous one: a request after a final page means
      // that walk ended (its pages are in the daemon's inbox)
      if (this.finalSinceLastRequest) this.polls.walksCompleted++
      this.finalSinceLastRequest = false
    }
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
    const forward = () => this.forward(req, res, `${route?.target ?? this.target}${path}`, Buffer.concat(chunks), list)
    // checked right before forwarding, with no await in between: once holdPolls() returns, no list
    // request reaches a platform until the release
    if (list && this.parked) {
      this.polls.held++
      this.parked.push(() => (res.destroyed ? undefined : forward()))
      return
    }
    forward()
  }

  private forward(req: IncomingMessage, res: ServerResponse, url: string, body: Buffer, list: boolean): void {
    if (list) this.polls.inFlight++
    let settled = false
    const settle = () => {
      if (list && !settled) this.polls.inFlight--
      settled = true
    }
    const upstream = request(url, { method: req.method, headers: req.headers }, (answer) => {
      if (!list) {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
        return void answer.on('end', settle)
      }
      // a list page is read whole, to see whether it is a walk's last
      const parts: Buffer[] = []
      answer.on('data', (part: Buffer) => parts.push(part))
      answer.on('error', () => (settle(), res.destroy()))
      answer.on('end', () => {
        const text = Buffer.concat(parts)
        try {
          if (answer.statusCode === 200 && (JSON.parse(text.toString('utf8')) as { hasMore?: boolean }).hasMore === false) this.finalSinceLastRequest = true
        } catch {
          // not JSON: not a page
        }
        settle()
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        res.end(text)
      })
    })
    upstream.on('error', () => (settle(), res.destroy()))
    upstream.end(body)
  }
}
