/**
 * Test kits for plugin and driver authors (`cartwire/testing`): the shared suites every store driver
 * and every connector passes. They register vitest `describe`/`it` blocks.
 */
export { testStore, type TestStoreOptions } from './store/test-store.js'
export * from './connector-kit/index.js'
