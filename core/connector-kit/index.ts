/**
 * The connector conformance kit: `testConnector()` and the checks it runs, each an exported function
 * over a session, for suites that want to run one alone (e.g. against a deliberately broken connector).
 */
export { testConnector, checkKindsCovered, kindsEmitted } from './test-connector.js'
export { checkSignatures, checkDecodeDeterministic, checkVersionsOrdered, checkThinWebhook, checkGone } from './check-webhooks.js'
export { checkPollWalk } from './check-poll.js'
export { checkCapability, IDEMPOTENCY_PROMISES } from './check-capabilities.js'
export { openKitSession, withKitSession, CheckNotApplicable, type KitOptions, type KitSession } from './session.js'
export type { ConnectorFixture, FakePlatform, CapabilityFixture } from './fixture.js'
