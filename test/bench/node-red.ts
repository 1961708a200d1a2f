/**
 * Node-RED 4.x as the peers bench's peer: installed once into test/bench/scratch (git-ignored) with
 * `npm install --prefix test/bench/scratch node-red@4`, then started as a child process with a flows
 * file written here: http in (raw body) → function (HMAC check in constant time + JSON.parse) → switch on
 * the bench's condition → http response 202 (401 on a bad signature), the same work as bare-server.ts.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import path from 'node:path'

const SCRATCH = path.resolve('test/bench/scratch')
const RED = path.join(SCRATCH, 'node_modules', 'node-red', 'red.js')

export function ensureNodeRed(): string {
  if (!existsSync(RED)) execFileSync('npm', ['install', '--prefix', SCRATCH, 'node-red@4', '--no-audit', '--no-fund'], { stdio: 'inherit', timeout: 600_000 })
  return (JSON.parse(execFileSync(process.execPath, ['-p', `JSON.stringify(require(${JSON.stringify(path.join(SCRATCH, 'node_modules', 'node-red', 'package.json'))}))`]).toString()) as { version: string }).version
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

const check = `
const crypto = global.get('crypto')
const body = msg.payload
const given = Buffer.from(String(msg.req.headers['x-testcart-hmac-sha256'] || ''), 'base64')
const expected = crypto.createHmac('sha256', env.get('SECRET')).update(body).digest()
if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) { msg.statusCode = 401; msg.payload = ''; return [null, msg] }
msg.order = JSON.parse(body.toString('utf8'))
msg.statusCode = 202
msg.payload = '{"ok":true}'
return [msg, null]`

/** Starts Node-RED on a free port with the equivalent flow; `condition` is a JSONata expression on msg. */
export async function startNodeRed(secret: string, condition: string): Promise<{ url: string; pid: number; version: string; stop(): void }> {
  const version = ensureNodeRed()
  const userDir = path.join(SCRATCH, 'userdir')
  mkdirSync(userDir, { recursive: true })
  const flows = [
    { id: 'tab', type: 'tab', label: 'bench' },
    { id: 'in', z: 'tab', type: 'http in', url: '/webhooks/shop', method: 'post', upload: false, skipBodyParsing: true, wires: [['fn']] },
    { id: 'fn', z: 'tab', type: 'function', func: check, outputs: 2, wires: [['sw'], ['out']] },
    { id: 'sw', z: 'tab', type: 'switch', property: condition, propertyType: 'jsonata', rules: [{ t: 'true' }, { t: 'else' }], checkall: 'false', outputs: 2, wires: [['out'], ['out']] },
    { id: 'out', z: 'tab', type: 'http response', headers: { 'content-type': 'application/json' }, wires: [] },
  ]
  writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flows))
  const settings = `module.exports = { flowFile: 'flows.json', uiHost: '127.0.0.1', httpAdminRoot: false, logging: { console: { level: 'warn' } }, functionGlobalContext: { crypto: require('crypto') }, editorTheme: { tours: false } }`
  writeFileSync(path.join(userDir, 'settings.js'), settings)
  const port = await freePort()
  const child = spawn(process.execPath, [RED, '--userDir', userDir, '--settings', path.join(userDir, 'settings.js'), '--port', String(port)], { env: { ...process.env, SECRET: secret }, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (c: Buffer) => (log += c))
  child.stderr.on('data', (c: Buffer) => (log += c))
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`Node-RED exited with ${child.exitCode}:\n${log}`)
    if (i > 120) throw new Error(`Node-RED did not answer in 60 s:\n${log}`)
    const res = await fetch(`${url}/webhooks/shop`, { method: 'POST', body: '{}' }).catch(() => undefined)
    if (res?.status === 401) break
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  return { url, pid: child.pid!, version, stop: () => child.kill('SIGTERM') }
}
