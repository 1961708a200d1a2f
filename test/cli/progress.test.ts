import { describe, expect, it } from 'vitest'
import { createProgress } from '../../core/cli/progress.js'

describe('progress bar', () => {
  it('without a TTY prints a plain line each time another tenth is done, and the last one once', () => {
    const lines: string[] = []
    const progress = createProgress({ kind: 'lines', line: (text) => lines.push(text) }, 'replaying', 40)
    for (let done = 0; done <= 40; done++) progress.update(done, done < 40 ? `event ${done + 1}` : undefined)
    progress.finish()
    expect(lines).toHaveLength(11)
    expect(lines[0]).toBe('replaying [------------------------]   0% 0/40 event 1')
    expect(lines[1]).toBe('replaying [##----------------------]  10% 4/40 event 5')
    expect(lines[10]).toBe('replaying [########################] 100% 40/40')
  })

  it('without a TTY, finish prints the final line when the last update did not', () => {
    const lines: string[] = []
    const progress = createProgress({ kind: 'lines', line: (text) => lines.push(text) }, 'migrating', 3)
    progress.update(0, 'v1')
    progress.finish('done')
    expect(lines).toEqual(['migrating [------------------------]   0% 0/3 v1', 'migrating [########################] 100% 3/3 done'])
  })

  it('on a TTY redraws one line in place, never wider than the terminal, and clears it at the end', () => {
    const chunks: string[] = []
    const progress = createProgress({ kind: 'tty', write: (chunk) => chunks.push(chunk), columns: 40 }, 'migrating', 2)
    progress.update(1, 'a rather long description of the step')
    progress.update(2)
    progress.finish()
    expect(chunks.every((chunk) => chunk.startsWith('\r') && !chunk.includes('\n'))).toBe(true)
    expect(chunks[0].length - 1).toBeLessThan(40)
    expect(chunks.at(-1)).toMatch(/^\r +\r$/)
  })

  it('under --quiet prints nothing', () => {
    const progress = createProgress({ kind: 'quiet' }, 'migrating', 2)
    progress.update(1)
    progress.finish()
  })
})
