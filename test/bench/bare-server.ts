/**
 * The intake bench's baseline: a bare node:http server doing what any webhook receiver must — read the
 * body, verify the HMAC in constant time, JSON.parse it — and answer 202. No durability at all, so it
 * is the ceiling the daemon is compared with. argv[2] is the HMAC secret; argv[3] `hmac-only` skips the
 * JSON.parse (the HMAC-alone ceiling of the peers bench). Prints its URL, then serves.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

const secret = process.argv[2]
const parse = process.argv[3] !== 'hmac-only'
const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const body = Buffer.concat(chunks)
    const given = Buffer.from(String(req.headers['x-testcart-hmac-sha256'] ?? ''), 'base64')
    const expected = createHmac('sha256', secret).update(body).digest()
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end()
      return
    }
    if (parse) JSON.parse(body.toString('utf8'))
    const answer = '{"ok":true}'
    res.writeHead(202, { 'content-type': 'application/json', 'content-length': answer.length }).end(answer)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))
