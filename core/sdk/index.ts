/**
 * The plugin SDK: everything a plugin or a config file may import from cartwire, and nothing else.
 * It imports no other part of the core.
 */
export * from './errors.js'
export * from './entities.js'
export * from './events.js'
export * from './secrets.js'
export * from './connector.js'
export * from './action.js'
export * from './hooks.js'
export * from './config.js'
export * from './clock.js'
export * from './logger.js'
export * from './http.js'
export * from './define.js'
export * from './time.js'
export * from './duration.js'
export * from './priority-limiter.js'
