import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`

describe('memory under the hostile corpus', () => {
  it('heapUsed after GC grows less than 5% between passes 2 and 5 of the whole corpus', async () => {
    const script = path.resolve('test/corpus/memory.ts')
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', script], { maxBuffer: 16 * 1024 * 1024 })
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { passes: Array<{ heapUsed: number; rss: number; failures: number }>; growth: number; failures: string[] }
    result.passes.forEach((p, i) => console.log(`corpus pass ${i + 1}: heapUsed ${MB(p.heapUsed)}, rss ${MB(p.rss)}, mismatches ${p.failures}`))
    console.log(`heapUsed growth pass 2 → 5: ${(result.growth * 100).toFixed(2)}%`)
    expect(result.failures).toEqual([])
    expect(result.passes.every((p) => p.failures === 0)).toBe(true)
    expect(result.growth).toBeLessThan(0.05)
  }, 900_000)
})
