/**
 * The property under which a sandbox connector instance carries its runtime. Not part of the connector
 * contract: tests and the conformance fixture reach the simulator through it (internal.ts).
 */
export const RUNTIME = Symbol.for('cartwire.sandbox.runtime')
