import { expect } from 'vitest'
import type { IdempotencyClass } from '../sdk/connector.js'
import { actionContext, newKey, type KitSession } from './session.js'

/**
 * Each capability's idempotency class (SEMANTICS.md §5) holds against the fake, judged by platform
 * state (the fixture's `effectCount` and `state`), never by calls received:
 * - `natural`: a second run with the same params — and another key, since natural needs none — leaves
 *   the state of one run;
 * - `keyed`: two runs with the same key make one effect;
 * - `probe`: the probe finds nothing before the run and finds the effect after it; recovering the way
 *   the core does (probe, run only if absent) leaves one effect;
 * - `unsafe`: nothing is promised about repeats (the core shows them in doubt); one run has its effect.
 * Every class also requires that one run has exactly one effect.
 */
export const IDEMPOTENCY_PROMISES: Readonly<Record<IdempotencyClass, string>> = {
  natural: 'a second run with the same params leaves the platform state of one run',
  keyed: 'two runs with the same key make one effect',
  probe: 'the probe finds nothing before a run and the effect after it; probe-then-skip leaves one effect',
  unsafe: 'nothing is promised about repeats (the core shows them in doubt); one run has one effect',
}

export async function checkCapability(s: KitSession, capability: string): Promise<void> {
  const spec = s.connector.capabilities[capability]
  if (!spec) throw new Error(`${s.connector.name} does not declare ${capability}`)
  const handler = s.instance.actions[capability]
  if (!handler) throw new Error(`${s.connector.name} declares ${capability} but setup() returned no action for it`)
  const fake = s.platform.capabilities[capability]
  if (!fake) throw new Error(`the fixture has no case for ${capability}: add platform.capabilities['${capability}']`)
  const [id] = await s.platform.seed(fake.kind, 1)
  const params = fake.params(id)
  const run = (key: string) => handler(actionContext(s, key), structuredClone(params))
  const before = await fake.effectCount(id)
  const oneEffect = async (what: string) => expect(await fake.effectCount(id), `${capability}: ${what}`).toBe(before + 1)

  switch (spec.idempotency) {
    case 'natural': {
      await run(newKey())
      await oneEffect('one run must have one effect')
      const once = await fake.state?.(id)
      await run(newKey())
      await oneEffect('a second run with the same params must leave one effect')
      if (fake.state) expect(await fake.state(id), `${capability}: a second run must leave the platform state of one run`).toEqual(once)
      return
    }
    case 'keyed': {
      const key = newKey()
      await run(key)
      await oneEffect('one run must have one effect')
      await run(key)
      await oneEffect('a second run with the same key must make no second effect')
      return
    }
    case 'probe': {
      const probe = s.instance.probe
      if (!probe) throw new Error(`${capability} is declared probe but ${s.connector.name} has no probe()`)
      const key = newKey()
      const found = async () => (await probe(capability, actionContext(s, key), structuredClone(params))).found
      expect(await found(), `${capability}: the probe must find nothing before the run`).toBe(false)
      await run(key)
      await oneEffect('one run must have one effect')
      expect(await found(), `${capability}: the probe must find the effect after the run`).toBe(true)
      if (!(await found())) await run(key)
      await oneEffect('probe-then-skip after a run must leave one effect')
      return
    }
    case 'unsafe':
      await run(newKey())
      await oneEffect('one run must have one effect')
  }
}
