import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CartwireError } from '../sdk/errors.js'

/** Binds `server`; a port in use or a host that cannot be bound is a config error naming the setting. */
export function listen(server: Server, port: number, host: string, setting: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const failed = (e: NodeJS.ErrnoException) => {
      const why = e.code === 'EADDRINUSE' ? `port ${port} is already in use` : e.code === 'EADDRNOTAVAIL' ? `${host} is not an address of this machine` : e.message
      reject(new CartwireError('ERR_CONFIG', `${setting}: cannot listen on ${host}:${port}: ${why}`, { cause: e }))
    }
    server.once('error', failed)
    server.listen(port, host, () => {
      server.off('error', failed)
      resolve(urlOf(server.address() as AddressInfo))
    })
  })
}

/** `http://host:port` for a bound address; a wildcard bind is reached on loopback. */
export function urlOf(address: AddressInfo): string {
  const host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`
}

/**
 * Stops accepting connections and waits for the requests in flight to be answered; idle keep-alive
 * sockets close at once, and whatever is still open after `graceMs` (a slow or stuck client) is cut.
 */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return Promise.resolve()
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs)
    server.close(() => {
      clearTimeout(cut)
      resolve()
    })
    server.closeIdleConnections()
  })
}
