import { describe, expect, it } from 'vitest'
import { createMemoryKv } from '../../core/execution/kv.js'
import { ManualClock } from '../../core/sdk/clock.js'

describe('createMemoryKv', () => {
  it('returns what was set, and nothing after delete', async () => {
    const kv = createMemoryKv(new ManualClock())
    await kv.set('location', { id: 'gid://1', names: ['main'] })
    expect(await kv.get('location')).toEqual({ id: 'gid://1', names: ['main'] })
    await kv.delete('location')
    expect(await kv.get('location')).toBeUndefined()
  })

  it('forgets an entry once its TTL has passed on the injected clock', async () => {
    const clock = new ManualClock()
    const kv = createMemoryKv(clock)
    await kv.set('token', 'abc', 60_000)
    clock.advance(59_999)
    expect(await kv.get('token')).toBe('abc')
    clock.advance(1)
    expect(await kv.get('token')).toBeUndefined()
  })

  it('treats a TTL of zero as already expired', async () => {
    const kv = createMemoryKv(new ManualClock())
    await kv.set('k', 1)
    await kv.set('k', 2, 0)
    expect(await kv.get('k')).toBeUndefined()
  })

  it('evicts the least recently used entry beyond its bound', async () => {
    const kv = createMemoryKv(new ManualClock(), { maxEntries: 2 })
    await kv.set('a', 1)
    await kv.set('b', 2)
    await kv.get('a')
    await kv.set('c', 3)
    expect([await kv.get('a'), await kv.get('b'), await kv.get('c')]).toEqual([1, undefined, 3])
  })

  it('is not changed by callers mutating values they set or got', async () => {
    const kv = createMemoryKv(new ManualClock())
    const value = { tags: ['a'] }
    await kv.set('k', value)
    value.tags.push('b')
    const got = (await kv.get('k')) as { tags: string[] }
    got.tags.push('c')
    expect(await kv.get('k')).toEqual({ tags: ['a'] })
  })
})
