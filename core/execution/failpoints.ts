import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs'
import { CartwireError } from '../sdk/errors.js'

/**
 * Named failpoints (SEMANTICS.md §14): tests make the engine crash or throw inside the windows the
 * ledger must survive, and then assert that the window was really hit. The engine calls
 * `failpoint(name)` at exactly these points; this list is the one place that names them.
 */
export const FAILPOINTS = [
  /** the step is reserved in the ledger; the action has not run */
  'after-reserve-before-action',
  /** the action's side effect happened; the ledger does not know yet */
  'after-action-before-commit',
  /** snapshots and events are written; the inbox delivery is not acked */
  'after-apply-before-ack',
  /** the delivery is durable in the inbox; the webhook has not been answered */
  'after-append-before-response',
  /** a due timer was claimed; its run has not been resumed */
  'before-timer-complete',
] as const

export type FailpointName = (typeof FAILPOINTS)[number]

/**
 * - `exit`: append `<name>\n` to CARTWIRE_FAILPOINTS_LOG (when set) and fsync it, then SIGKILL this
 *   process: a real crash — no finally blocks, no exit handlers, no flushed buffers;
 * - `throw`: throw ERR_INTERNAL, for in-process tests of the error paths.
 */
export type FailpointAction = 'exit' | 'throw'

export interface FailpointSpec {
  action: FailpointAction
  /** fire on this hit only (1-based); absent: on every hit */
  onHit?: number
}

/**
 * `after-action-before-commit:exit,before-reserve:throw@3` → a map from name to spec. Unknown names or
 * actions throw ERR_CONFIG: a misspelt failpoint would otherwise never fire, and the crash test that
 * relies on it would pass without testing anything.
 */
export function parseFailpoints(spec: string): Map<FailpointName, FailpointSpec> {
  const armed = new Map<FailpointName, FailpointSpec>()
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^([a-z-]+):(exit|throw)(?:@([1-9]\d*))?$/.exec(part)
    if (!match) throw new CartwireError('ERR_CONFIG', `CARTWIRE_FAILPOINTS: "${part}" is not <name>:exit|throw[@n]`)
    const name = match[1] as FailpointName
    if (!FAILPOINTS.includes(name)) throw new CartwireError('ERR_CONFIG', `CARTWIRE_FAILPOINTS: unknown failpoint "${match[1]}" (known: ${FAILPOINTS.join(', ')})`)
    armed.set(name, { action: match[2] as FailpointAction, ...(match[3] !== undefined && { onHit: Number(match[3]) }) })
  }
  return armed
}

interface FailpointState {
  armed: Map<FailpointName, FailpointSpec>
  hits: Map<FailpointName, number>
  logFile?: string
}

/** `undefined` when no failpoint is configured: then `failpoint()` is a single comparison. */
let state: FailpointState | undefined

/**
 * (Re)configures the failpoints and resets the hit counts. Runs once at module load from the
 * environment; in-process tests call it with their own spec and `undefined` to switch everything off.
 */
export function configureFailpoints(spec: string | undefined, logFile?: string): void {
  const armed = spec ? parseFailpoints(spec) : undefined
  state = armed && armed.size > 0 ? { armed, hits: new Map(), logFile } : undefined
}

configureFailpoints(process.env.CARTWIRE_FAILPOINTS, process.env.CARTWIRE_FAILPOINTS_LOG || undefined)

/** Marks a crash window. Free when CARTWIRE_FAILPOINTS is unset. */
export function failpoint(name: FailpointName): void {
  if (state === undefined) return
  const hit = (state.hits.get(name) ?? 0) + 1
  state.hits.set(name, hit)
  const spec = state.armed.get(name)
  if (spec === undefined || (spec.onHit !== undefined && spec.onHit !== hit)) return
  if (spec.action === 'throw') throw new CartwireError('ERR_INTERNAL', `failpoint ${name}`, { details: { failpoint: name, hit } })
  crash(name, state.logFile)
}

/**
 * How often `name` was reached since the failpoints were configured. Hits are counted for every name
 * while any failpoint is armed, and not at all when none is (that is what keeps `failpoint` free).
 */
export function failpointHits(name: FailpointName): number {
  return state?.hits.get(name) ?? 0
}

function crash(name: FailpointName, logFile: string | undefined): never {
  if (logFile) {
    // Synchronous and fsynced: the parent reads this file after the kill to prove the window was hit.
    const fd = openSync(logFile, 'a')
    try {
      writeSync(fd, `${name}\n`)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  }
  process.kill(process.pid, 'SIGKILL')
  // SIGKILL to oneself is delivered before kill() returns on Linux; this line is for the type checker.
  throw new CartwireError('ERR_INTERNAL', `failpoint ${name}: SIGKILL did not end the process`)
}
