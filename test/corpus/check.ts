import { until } from '../daemon/daemon-env.js'
import type { CorpusDaemon } from './corpus-daemon.js'
import { send } from './corpus-daemon.js'
import type { CorpusCase, CorpusGroup } from './types.js'

/** What a prototype looks like; compared before and after every group. */
export function prototypeFingerprint(): string {
  const probe = {} as Record<string, unknown>
  return JSON.stringify([Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Object.getOwnPropertyNames(p).sort()).concat([[String(probe.polluted), String((probe.constructor as { polluted?: unknown }).polluted)]]))
}

interface Taken {
  c: CorpusCase
  seq: number
  duplicate: boolean
}

/**
 * Sends every case of a group and returns what did not match, one line per mismatch: the answer
 * (status, code), the stored raw delivery (byte for byte; no authorization or cookie), the intake
 * exception a verified-but-bad delivery must become (or its absence), prototypes untouched and the
 * daemon still serving (/healthz 200) after the group. Plain data, so memory.ts runs it outside vitest.
 */
export async function runGroup(d: CorpusDaemon, group: CorpusGroup): Promise<string[]> {
  const failures: string[] = []
  const fail = (c: CorpusCase, why: string) => failures.push(`[${group.kind}] ${c.name}: ${why}`)
  const before = prototypeFingerprint()
  const taken: Taken[] = []
  for (const c of group.cases) {
    let answer
    try {
      answer = await send(d.daemon.publicUrl, c)
    } catch (e) {
      fail(c, `no answer (${(e as Error).message})`)
      continue
    }
    const { status, body } = answer
    if (status !== c.expect.status) fail(c, `status ${status}, expected ${c.expect.status} (${JSON.stringify(body)?.slice(0, 200)})`)
    if (c.expect.code && body?.code !== c.expect.code) fail(c, `code ${String(body?.code)}, expected ${c.expect.code}`)
    if (status !== 202) continue
    const seq = body?.seq
    if (typeof seq !== 'number') {
      fail(c, `202 without a seq: ${JSON.stringify(body)}`)
      continue
    }
    const stored = await d.daemon.store.getDelivery(seq)
    if (!stored) fail(c, `delivery ${seq} was acknowledged but is not stored`)
    else {
      const raw = Buffer.from(stored.body, stored.headers['x-cartwire-body-encoding'] === 'base64' ? 'base64' : 'utf8')
      if (!raw.equals(answer.sent)) fail(c, `the stored body differs from the bytes sent (${raw.length} vs ${answer.sent.length} bytes)`)
      if ('authorization' in stored.headers || 'cookie' in stored.headers) fail(c, 'authorization or cookie was stored')
    }
    taken.push({ c, seq, duplicate: body?.duplicate === true })
  }
  const judged = taken.filter((t) => t.c.expect.exception !== undefined && !t.duplicate)
  if (judged.length) {
    const states = await Promise.all(judged.map((t) => until(async () => {
      const delivery = await d.daemon.store.getDelivery(t.seq)
      return delivery && delivery.state !== 'pending' ? delivery.state : undefined
    }, `delivery ${t.seq} (${t.c.name}) to be processed`, 60_000).catch((e: Error) => e.message)))
    const exceptions = await d.daemon.store.listExceptions({ kind: 'intake', limit: 1_000_000 })
    judged.forEach((t, i) => {
      const found = exceptions.filter((e) => e.deliverySeq === t.seq)
      const want = t.c.expect.exception
      if (want === null) {
        if (found.length) fail(t.c, `expected clean processing, got ${found.map((e) => e.code).join(', ')}: ${String((found[0].error as { message?: string })?.message).slice(0, 200)}`)
        else if (states[i] !== 'done') fail(t.c, `delivery ended ${states[i]}, expected done`)
      } else if (want && !found.some((e) => e.kind === want.kind && e.code === want.code)) {
        fail(t.c, `expected an ${want.kind} exception ${want.code}, got ${found.map((e) => e.code).join(', ') || `none (delivery ${states[i]})`}`)
      }
    })
  }
  if (prototypeFingerprint() !== before) failures.push(`[${group.kind}] a prototype changed during the group`)
  const health = await send(d.daemon.publicUrl, { name: 'healthz', request: { connection: '', method: 'GET', path: '/healthz', sign: false }, expect: { status: 200 } }).then((a) => a.status, (e: Error) => e.message)
  if (health !== 200) failures.push(`[${group.kind}] /healthz answered ${health} after the group`)
  return failures
}
