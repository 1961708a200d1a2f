import { describe, expect, it, vi } from 'vitest'
import { CartwireError, isCartwireError, wrapPluginError } from '../../core/sdk/errors.js'

describe('CartwireError across module copies', () => {
  it('an error built by a second copy of the SDK (a CommonJS-loaded config) keeps its code and kind', async () => {
    // a fresh module instance, as a CommonJS-loaded plugin would have
    vi.resetModules()
    const copy = await import('../../core/sdk/errors.js')
    expect(copy.CartwireError).not.toBe(CartwireError)
    const foreign = new copy.CartwireError('ERR_RATE_LIMITED', 'slow down')
    expect(foreign instanceof CartwireError).toBe(true)
    expect(isCartwireError(foreign)).toBe(true)
    expect(wrapPluginError(foreign, { plugin: 'shopify' })).toMatchObject({ code: 'ERR_RATE_LIMITED', kind: 'operational' })
    expect(new Error('plain') instanceof CartwireError).toBe(false)
  })
})
