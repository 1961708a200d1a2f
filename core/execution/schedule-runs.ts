import type { Rule } from '../rules/types.js'
import type { NewRun } from '../store/contract.js'

/**
 * A scheduled rule's tick is a run no event created. Its id names the rule and the tick, so the ledger
 * key of each step (eventId = the tick) is the same however often the tick is fired: a tick runs once.
 */
const PREFIX = 'schedule:'

export function scheduleTickRun(rule: Rule, firedAt: number): NewRun {
  return { eventId: `${PREFIX}${rule.id}:${firedAt}`, ruleId: rule.id, ruleHash: rule.hash, lane: `schedule|${rule.id}` }
}

/** The tick a scheduled run is for, or undefined for an event's run. */
export function scheduleTickOf(eventId: string): { ruleId: string; firedAt: number } | undefined {
  if (!eventId.startsWith(PREFIX)) return undefined
  const at = eventId.lastIndexOf(':')
  return { ruleId: eventId.slice(PREFIX.length, at), firedAt: Number(eventId.slice(at + 1)) }
}
