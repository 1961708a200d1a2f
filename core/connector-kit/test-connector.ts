import { describe, expect, it, type TestContext } from 'vitest'
import type { ConnectorDefinition } from '../sdk/connector.js'
import type { ResourceKind } from '../sdk/entities.js'
import { checkCapability, IDEMPOTENCY_PROMISES } from './check-capabilities.js'
import { checkPollWalk } from './check-poll.js'
import { checkDecodeDeterministic, checkGone, checkSignatures, checkThinWebhook, checkVersionsOrdered } from './check-webhooks.js'
import type { ConnectorFixture, FakePlatform } from './fixture.js'
import { CheckNotApplicable, withKitSession, type KitOptions, type KitSession } from './session.js'

/** The kinds a connector's events are about (`shipment.*` events are member events of orders). */
export function kindsEmitted(connector: ConnectorDefinition): ResourceKind[] {
  return [...new Set(connector.emits.map((type) => (type.startsWith('shipment.') ? 'order' : (type.slice(0, type.indexOf('.')) as ResourceKind))))].sort()
}

/** The fake covers every kind of resource the connector emits events about, so the kit tests each. */
export function checkKindsCovered(connector: ConnectorDefinition, platform: Pick<FakePlatform, 'kinds'>): void {
  const missing = kindsEmitted(connector).filter((kind) => !platform.kinds.includes(kind))
  expect(missing, `kinds ${connector.name} emits events about that its fake's platform.kinds lacks`).toEqual([])
}

const PER_KIND: ReadonlyArray<readonly [string, (s: KitSession, kind: ResourceKind) => Promise<void>]> = [
  ['refuses tampered bodies and a wrong secret, and accepts the genuine delivery', checkSignatures],
  ['decodes one delivery twice to deep-equal results with schema-valid snapshots', checkDecodeDeterministic],
  ['orders versions: after a change the snapshot is strictly later and its content differs', checkVersionsOrdered],
  ['walks every record even while records change mid-walk; the next walk from the stored cursor finds later changes', checkPollWalk],
  ['fetches thin payloads: decode gives a ref, fetch gives a valid snapshot', checkThinWebhook],
  ['answers { gone } when fetching a deleted resource', checkGone],
]

/**
 * The conformance suite every connector passes (`cartwire/testing`), as vitest blocks. Each test
 * starts the fixture's fake afresh, runs the connector's real `setup()` against it (session.ts) and
 * runs one check; a check the connector or fake cannot take part in (no poll, no thin webhooks, no
 * deletes) is reported as skipped with the reason. The checks are exported functions, so a suite can
 * also run one against a deliberately broken connector and assert that it throws.
 *
 * The fixture is started once while the tests are collected, to learn `platform.kinds`.
 */
export function testConnector(connector: ConnectorDefinition, fixture: ConnectorFixture, opts: KitOptions = {}): void {
  const inSession = (check: (s: KitSession) => Promise<void>) => async (ctx: TestContext) => {
    await withKitSession(connector, fixture, opts, async (s) => {
      try {
        await check(s)
      } catch (e) {
        if (e instanceof CheckNotApplicable) ctx.skip(e.message)
        throw e
      }
    })
  }

  describe(`testConnector(${connector.name})`, async () => {
    const { platform } = await fixture.start()
    const kinds = [...platform.kinds]
    await platform.stop()

    it('its fake covers every kind of resource it emits events about', () => checkKindsCovered(connector, { kinds }))

    describe.each(kinds)('%s', (kind) => {
      for (const [behaviour, check] of PER_KIND) it(behaviour, inSession((s) => check(s, kind)))
    })

    describe('capabilities keep their idempotency class', () => {
      for (const [capability, spec] of Object.entries(connector.capabilities)) {
        it(`${capability} is ${spec.idempotency}: ${IDEMPOTENCY_PROMISES[spec.idempotency]}`, inSession((s) => checkCapability(s, capability)))
      }
    })
  })
}
