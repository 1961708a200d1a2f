import type { Store } from '../../core/store/contract.js'
import type { TestcartServer } from '../fakes/testcart-server.js'
import type { ShelfPlan } from './poll-pause.js'
import type { SenderLog } from './sender.js'

/** The rules under test, one per idempotency class, plus a wait (timers) and a lane of update events. */
export const PAID_RULES = ['tag-paid', 'ship-paid', 'notify-paid', 'follow-up'] as const
export const LANE_RULE = 'note-updated'
/**
 * The poll-only connection's update rule: a note per email change. Its orders' other updates are
 * echoes of the paid rules' writes, and a new fulfillment's echo is an ordinary update (no FieldEffect
 * explains it, core/model/unified-actions.ts), so an unconditional note would fire for it too.
 */
export const SHELF_RULE = 'shelf-note'

/** `shop` takes webhooks only; `shelf` is polled only (see poll-pause.ts). The paid rules run on both. */
export function chaosRules(sinkUrl: string) {
  return [
    { id: 'tag-paid', on: ['order.paid'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['paid'] } }] },
    { id: 'ship-paid', on: ['order.paid'], then: [{ id: 'ship', action: 'fulfillment.create', params: { trackingNumber: 'T-{{order.number}}' } }] },
    { id: 'notify-paid', on: ['order.paid'], then: [{ id: 'notify', action: 'http.request', params: { method: 'POST', url: sinkUrl, body: { order: '{{order.id}}' } } }] },
    { id: 'follow-up', on: ['order.paid'], then: [{ id: 'settle', wait: '1s' }, { id: 'tag', action: 'order.addTags', params: { tags: ['followed-up'] } }] },
    { id: LANE_RULE, on: ['order.updated'], sources: ['shop'], then: [{ id: 'note', action: 'order.addNote', params: { note: 'now {{order.email}}' } }] },
    { id: SHELF_RULE, on: ['order.updated'], sources: ['shelf'], if: { in: ['email', { var: 'changes' }] }, then: [{ id: 'note', action: 'order.addNote', params: { note: 'now {{order.email}}' } }] },
  ]
}

export interface Verdict {
  effects: number
  exceptions: number
  inDoubt: number
  lost: string[]
  doubled: string[]
  lanes: string[]
  /** an effect of a change made while the poller was paused, landed before the poller resumed */
  early: string[]
  /** an acknowledged delivery whose version the store never held (intake lost it before any rule ran) */
  unstored: string[]
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
export async function check(platform: TestcartServer, log: SenderLog, store: Store): Promise<Verdict & { excused: Set<string> }> {
  const verdict: Verdict = { effects: 0, exceptions: 0, inDoubt: 0, lost: [], doubled: [], lanes: [], early: [], unstored: [] }
  const exceptions = (await store.listExceptions({ limit: 1_000_000 })).filter((e) => e.kind !== 'connection')
  verdict.inDoubt = exceptions.filter((e) => e.code === 'ERR_IN_DOUBT').length
  verdict.exceptions = exceptions.length - verdict.inDoubt
  /** `<order>/<rule>` for the paid rules, `<order>/<rule>/v<version>` for the update rules */
  const excused = new Set<string>()
  for (const e of exceptions) {
    if (!e.resource?.id || !e.ruleId) continue
    if (e.ruleId !== LANE_RULE && e.ruleId !== SHELF_RULE) excused.add(`${e.resource.id}/${e.ruleId}`)
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
  return { ...verdict, excused }
}

/**
 * The poll-only orders (poll-pause.ts), judged like the webhook ones: each paid rule one effect or an
 * exception; one `shelf-note` per email change the poll could see (paid: v1 → v2, emailed: v2 → v3,
 * created: none, its first snapshot is already paid) and none for any other version. Effects of the
 * changes made while the poller was paused must sit after `releasedAt` in the platforms' effect logs:
 * one before it means something other than the resumed poll found the change.
 */
export function checkShelf(verdict: Verdict, excused: Set<string>, shelf: TestcartServer, sink: TestcartServer, plan: ShelfPlan, releasedAt: { shelf: number; sink: number } | undefined): void {
  /** per order: the version whose email change the poll sees (none for a new order), and whether it became paid in the pause */
  type Expected = { note?: number; paidInPause: boolean }
  const changedIn = new Map<string, Expected>([
    ...plan.paid.map((id): [string, Expected] => [id, { note: 2, paidInPause: true }]),
    ...plan.emailed.map((id): [string, Expected] => [id, { note: 3, paidInPause: false }]),
    ...plan.created.map((id): [string, Expected] => [id, { paidInPause: true }]),
  ])
  const early = (what: string, index: number, log: 'shelf' | 'sink') => {
    if (!releasedAt) return
    if (index < releasedAt[log]) verdict.early.push(`${what}: effect #${index} of the ${log === 'shelf' ? 'shelf platform' : 'sink'}, released at #${releasedAt[log]}`)
  }
  const indexed = (platform: TestcartServer) => platform.effects.map((effect, index) => ({ effect, index }))
  type Hit = ReturnType<typeof indexed>[number]
  for (const [orderId, expect] of changedIn) {
    const mine = indexed(shelf).filter(({ effect }) => effect.orderId === orderId)
    // tags are natural: one key carrying the tag is one effect, however often it was sent
    const tagged = (tag: string) => {
      const hits = mine.filter(({ effect }) => effect.action === 'tags' && (effect.body as { tags: string[] }).tags.includes(tag))
      return { n: new Set(hits.map(({ effect }) => effect.key)).size, hits }
    }
    const each = (hits: Hit[]) => ({ n: hits.length, hits })
    const byRule: Record<(typeof PAID_RULES)[number], { n: number; hits: Hit[] }> = {
      'tag-paid': tagged('paid'),
      'follow-up': tagged('followed-up'),
      'ship-paid': each(mine.filter(({ effect }) => effect.action === 'fulfillment')),
      'notify-paid': each(indexed(sink).filter(({ effect }) => effect.action === 'sink' && (effect.body as { order?: string }).order === orderId)),
    }
    for (const rule of PAID_RULES) {
      judge(verdict, byRule[rule].n, excused.has(`${orderId}/${rule}`), `${orderId} ${rule} (polled)`)
      if (expect.paidInPause) for (const { index } of byRule[rule].hits) early(`${orderId} ${rule}`, index, rule === 'notify-paid' ? 'sink' : 'shelf')
    }
    const notes = mine.filter(({ effect }) => effect.action === 'note').map(({ effect, index }) => ({ index, version: versionOf(String((effect.body as { note: string }).note)) }))
    for (const v of new Set(notes.map((n) => n.version))) {
      if (v !== expect.note) verdict.doubled.push(`${orderId} ${SHELF_RULE} v${v}: ${notes.filter((n) => n.version === v).length} notes for a version no poll saw as an email change`)
    }
    if (expect.note === undefined) continue
    const hits = notes.filter((n) => n.version === expect.note)
    judge(verdict, hits.length, excused.has(`${orderId}/${SHELF_RULE}/v${expect.note}`), `${orderId} ${SHELF_RULE} v${expect.note} (polled)`)
    for (const { index } of hits) early(`${orderId} ${SHELF_RULE} v${expect.note}`, index, 'shelf')
  }
}

/**
 * The store holds each acknowledged version: the webhook connection's resource is at least as new as
 * every delivery answered 2xx for it (only webhooks move it: no poll, no fetch). Read with the store's
 * own API, so it holds whatever the inbox is made of.
 */
export async function checkStored(verdict: Verdict, store: Store, log: SenderLog, updatedAtOf: (orderId: string, version: number) => number): Promise<void> {
  const newest = new Map<string, number>()
  for (const d of log.acked) newest.set(d.orderId, Math.max(newest.get(d.orderId) ?? 0, d.version))
  for (const [orderId, version] of newest) {
    const resource = await store.getResource('shop', 'order', orderId)
    if (!resource || resource.updatedAt < updatedAtOf(orderId, version)) verdict.unstored.push(`${orderId} v${version}: acknowledged, the store holds ${resource ? `v${versionOf(String((resource.entity as { email?: string } | null)?.email ?? ''))}` : 'nothing'}`)
  }
}

function judge(verdict: Verdict, effects: number, excused: boolean, what: string): void {
  if (effects === 1) verdict.effects++
  else if (effects > 1) verdict.doubled.push(`${what}: ${effects} effects`)
  else if (!excused) verdict.lost.push(`${what}: no effect and no exception`)
}
