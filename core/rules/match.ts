import type { EventType } from '../sdk/events.js'
import { ruleConnections, type ValidationEnv } from './connections.js'
import type { Rule } from './types.js'

const NONE = Object.freeze([]) as unknown as Rule[]

/**
 * The rule set indexed for matching: event type → source connection → rules, precomputed with
 * ruleConnections() so `match` costs two map lookups however many rules there are; the returned
 * array is shared and frozen (sorted by rule id, for a stable trace order).
 *
 * Contract for the engine: `match` returns every rule whose `on` and connections fit the event,
 * INCLUDING rules with `enabled: false` and rules that will skip an own change (SEMANTICS.md §5,
 * §12): such matches write no ledger row but appear in the event's trace as skipped matches, so the
 * engine asks `skipReason(rule, event)` for each before planning runs. The `if` condition is not
 * evaluated here (it needs the context). A set is immutable: reload builds a new index and swaps it.
 */
export class RuleIndex {
  private readonly byType = new Map<EventType, Map<string, Rule[]>>()
  private readonly byId = new Map<string, Rule>()
  private readonly rules: Rule[]
  private readonly schedules: Rule[]

  constructor(rules: Rule[], env: ValidationEnv) {
    this.rules = frozen([...rules].sort((a, b) => a.id.localeCompare(b.id)))
    const building = new Map<EventType, Map<string, Rule[]>>()
    for (const rule of this.rules) {
      this.byId.set(rule.id, rule)
      const { included } = ruleConnections(rule, env)
      for (const type of rule.on) {
        let bySource = building.get(type)
        if (!bySource) building.set(type, (bySource = new Map()))
        for (const source of included) {
          const list = bySource.get(source)
          if (list) list.push(rule)
          else bySource.set(source, [rule])
        }
      }
    }
    for (const [type, bySource] of building) {
      this.byType.set(type, new Map([...bySource].map(([source, list]) => [source, frozen(list)])))
    }
    this.schedules = frozen(this.rules.filter((rule) => rule.schedules.length > 0))
  }

  /** Rules for an event from this source, disabled ones included (see the class comment). */
  match(event: { type: EventType; source: string }): Rule[] {
    return this.byType.get(event.type)?.get(event.source) ?? NONE
  }

  get(id: string): Rule | undefined {
    return this.byId.get(id)
  }

  all(): Rule[] {
    return this.rules
  }

  /** Rules with at least one schedule trigger (the scheduler registers their ticks). */
  scheduled(): Rule[] {
    return this.schedules
  }
}

/** Typed `Rule[]` as the engine consumes it, frozen so a caller cannot change the index by accident. */
function frozen(list: Rule[]): Rule[] {
  return Object.freeze(list) as unknown as Rule[]
}

export type SkipReason = 'disabled' | 'own-change'

/**
 * Why a matched rule does not run for this event, or null when it runs (its `if` permitting):
 * disabled in its file, or the event is cartwire's own write (`causedBy`) and the rule did not opt in
 * with `onOwnChanges`. Pausing at run time (`cartwire rules pause`) is the engine's state, not here.
 */
export function skipReason(rule: Rule, event: { causedBy?: string }): SkipReason | null {
  if (!rule.enabled) return 'disabled'
  if (event.causedBy !== undefined && !rule.onOwnChanges) return 'own-change'
  return null
}
