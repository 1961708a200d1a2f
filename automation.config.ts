import { defineConfig } from './core/sdk/index.js'

/**
 * The quick-start configuration. Connections are added here (see README "Config reference"); secrets
 * are always `env('NAME')` markers, never literals.
 */
export default defineConfig({
  connections: [],
  store: { driver: 'sqlite', path: './data/cartwire.db', synchronous: 'full' },
  timezone: 'UTC',
  rules: './rules',
})
