/**
 * The chaos run's only source of randomness (mulberry32): every choice — which deliveries are
 * duplicated or reordered, which upstream calls fail, when the daemon is killed — draws from one
 * seeded stream per concern, so a failing run is replayed with its printed seed.
 */
export interface Random {
  /** uniform in [0, 1) */
  next(): number
  chance(p: number): boolean
  /** integer in [min, max] */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
}

export function seededRandom(seed: number): Random {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    chance: (p) => next() < p,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
  }
}

/** Independent streams from one seed (sender, proxy, faults), so one concern's draws never shift another's. */
export function streams(seed: number) {
  return { sender: seededRandom(seed), proxy: seededRandom(seed ^ 0x5bd1e995), faults: seededRandom(seed ^ 0x27d4eb2f) }
}
