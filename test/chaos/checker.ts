import type { Store } from '../../core/store/contract.js'
import type { TestcartServer } from '../fakes/testcart-server.js'
import type { SenderLog } from './sender.js'

/** The rules under test, one per idempotency class, plus a wait (timers) and a lane of update events. */
export const PAID_RULES = ['tag-paid', 'ship-paid', 'notify-paid', 'follow-up'] as const
export const LANE_RULE = 'note-updated'

export function chaosRules(sinkUrl: string) {
  return [
    { id: 'tag-paid', on: ['order.paid'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['paid'] } }] },
    { id: 'ship-paid', on: ['order.paid'], then: [{ id: 'ship', action: 'fulfillment.create', params: { trackingNumber: 'T-{{order.number}}' } }] },
    { id: 'notify-paid', on: ['order.paid'], then: [{ id: 'notify', action: 'http.request', params: { method: 'POST', url: sinkUrl, body: { order: '{{order.id}}' } } }] },
    { id: 'follow-up', on: ['order.paid'], then: [{ id: 'settle', wait: '1s' }, { id: 'tag', action: 'order.addTags', params: { tags: ['followed-up'] } }] },
    { id: LANE_RULE, on: ['order.updated'], then: [{ id: 'note', action: 'order.addNote', params: { note: 'now {{order.email}}' } }] },
  ]
}

export interface Verdict {
  effects: number
  exceptions: number
  inDoubt: number
  lost: string[]
  doubled: string[]
  lanes: string[]
}

const versionOf = (text: string) => Number(/\bv(\d+)\./.exec(text)?.[1] ?? NaN)

/**
 * Holds the daemon to the sender's log, counting effects where they landed (the fake platform and its
 * sink). Per acknowledged order: each paid rule's step has one effect (natural: one key carrying the
 * tag; keyed: one fulfillment; unsafe: one sink call) or an open exception naming the order and rule;
 * the update lane has one note for the newest acknowledged version (or an exception for that event),
 * never two notes for one version, and its notes arrived in version order. The store is read only to
 * find those exceptions (in doubt or not) and the event an exception belongs to.
 */
export async function check(platform: TestcartServer, log: SenderLog, store: Store): Promise<Verdict> {
  const verdict: Verdict = { effects: 0, exceptions: 0, inDoubt: 0, lost: [], doubled: [], lanes: [] }
  const exceptions = (await store.listExceptions({ limit: 1_000_000 })).filter((e) => e.kind !== 'connection')
  verdict.inDoubt = exceptions.filter((e) => e.code === 'ERR_IN_DOUBT').length
  verdict.exceptions = exceptions.length - verdict.inDoubt
  const excused = new Set<string>()
  for (const e of exceptions) {
    if (!e.resource?.id || !e.ruleId) continue
    if (e.ruleId !== LANE_RULE) excused.add(`${e.resource.id}/${e.ruleId}`)
    else {
      const event = e.eventId ? await store.getEvent(e.eventId) : undefined
      excused.add(`${e.resource.id}/${e.ruleId}/v${versionOf(String((event?.data as { email?: string } | undefined)?.email ?? ''))}`)
    }
  }
  const newest = new Map<string, number>()
  for (const d of log.acked) newest.set(d.orderId, Math.max(newest.get(d.orderId) ?? 0, d.version))

  for (const [orderId, vmax] of newest) {
    if (vmax < 2) continue
    const keysWith = (tag: string) => new Set(platform.effectsFor('tags').filter((e) => e.orderId === orderId && (e.body as { tags: string[] }).tags.includes(tag)).map((e) => e.key)).size
    const counts: Record<(typeof PAID_RULES)[number], number> = {
      'tag-paid': keysWith('paid'),
      'follow-up': keysWith('followed-up'),
      'ship-paid': platform.effectsFor('fulfillment').filter((e) => e.orderId === orderId).length,
      'notify-paid': platform.effectsFor('sink').filter((e) => (e.body as { order?: string }).order === orderId).length,
    }
    for (const rule of PAID_RULES) judge(verdict, counts[rule], excused.has(`${orderId}/${rule}`), `${orderId} ${rule}`)

    const notes = platform.effectsFor('note').filter((e) => e.orderId === orderId)
    const versions = notes.map((e) => versionOf(String((e.body as { note: string }).note)))
    // same key twice: one step re-posted (its probe missed the marker); two keys: two events for one version
    const keysOf = (v: number) => `keys ${notes.filter((_, i) => versions[i] === v).map((e) => e.key).join(', ')}`
    for (let i = 1; i < versions.length; i++) {
      if (versions[i] <= versions[i - 1]) verdict.lanes.push(`${orderId} ${LANE_RULE}: notes arrived for versions ${versions.join(', ')}`)
    }
    for (const v of new Set(versions)) {
      const n = versions.filter((x) => x === v).length
      if (v !== vmax) verdict.effects += 1
      if (v !== vmax && n > 1) verdict.doubled.push(`${orderId} ${LANE_RULE} v${v}: ${n} notes (${keysOf(v)})`)
    }
    judge(verdict, versions.filter((x) => x === vmax).length, excused.has(`${orderId}/${LANE_RULE}/v${vmax}`), `${orderId} ${LANE_RULE} v${vmax} (${keysOf(vmax)})`)
  }
  return verdict
}

function judge(verdict: Verdict, effects: number, excused: boolean, what: string): void {
  if (effects === 1) verdict.effects++
  else if (effects > 1) verdict.doubled.push(`${what}: ${effects} effects`)
  else if (!excused) verdict.lost.push(`${what}: no effect and no exception`)
}
