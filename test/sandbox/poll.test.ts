import { describe, expect, it } from 'vitest'
import type { JsonValue, PollPage } from '../../core/sdk/index.js'
import { PAGE_SIZE, seed } from '../../plugins/sandbox/internal.js'
import { perTest, setupSandbox } from './support.js'

const t = perTest()

async function sandboxWith(orders: number) {
  const s = await setupSandbox({ dataDir: t.dir() })
  t.defer(s.close)
  s.rt.write((world) => void seed(world, 'order', orders))
  const walk = async (cursor: JsonValue | null) => {
    const pages: PollPage[] = []
    for await (const page of s.instance.poll!(cursor, new AbortController().signal)) pages.push(page)
    const items = pages.flatMap((p) => p.items).map((i) => ('snapshot' in i ? i.snapshot : undefined)!)
    return { pages, items, cursor: pages.at(-1)!.cursor }
  }
  return { ...s, walk }
}

describe('sandbox polling', () => {
  it('walks every resource once in (updatedAt, kind, id) order, 50 per page, ending with the walk-start cursor', async () => {
    const s = await sandboxWith(30)
    const data = s.rt.read()
    const total = data.orders.length + data.products.length + data.inventory.length + data.customers.length
    const started = s.rt.now()
    const { pages, items, cursor } = await s.walk(null)
    expect(pages.map((p) => p.items.length)).toEqual([...Array(Math.floor(total / PAGE_SIZE)).fill(PAGE_SIZE), ...(total % PAGE_SIZE ? [total % PAGE_SIZE] : [])])
    expect(new Set(items.map((i) => `${i.kind}:${i.entity.id}`)).size).toBe(total)
    const times = items.map((i) => Date.parse(i.entity.updatedAt))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(cursor).toEqual({ since: new Date(started).toISOString() })
  })

  it('from the stored cursor, returns exactly what changed since the last walk started', async () => {
    const s = await sandboxWith(5)
    const first = await s.walk(null)
    s.clock.advance(1_000)
    const changes = s.rt.tick()
    const second = await s.walk(first.cursor)
    expect(new Set(second.items.map((i) => `${i.kind}:${i.entity.id}`))).toEqual(new Set(changes.map((c) => `${c.kind}:${c.id}`)))
  })

  it('meets a record edited after the first page again, at its new version, later in the same walk', async () => {
    const s = await sandboxWith(120)
    const target = s.rt.read().orders[0]
    s.rt.state.update((data) => void data.walkEdits.push({ kind: 'order', id: target.id }))
    const { items } = await s.walk(null)
    const seen = items.filter((i) => i.entity.id === target.id)
    expect(seen).toHaveLength(2)
    expect(Date.parse(seen[1].entity.updatedAt)).toBeGreaterThan(Date.parse(seen[0].entity.updatedAt))
    expect(s.rt.read().walkEdits).toEqual([])
  })

  it('answers gone for an order beyond the history limit', async () => {
    const s = await setupSandbox({ dataDir: t.dir(), options: { historyLimit: 10 } })
    t.defer(s.close)
    const [oldest] = s.rt.tick()
    for (let i = 0; i < 10; i++) s.rt.tick()
    expect(await s.instance.fetch!({ kind: 'order', id: oldest.id })).toEqual({ gone: { kind: 'order', id: oldest.id } })
  })
})
