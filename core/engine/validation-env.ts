import type { ValidationEnv } from '../rules/validate.js'
import type { ActionDefinition } from '../sdk/action.js'
import type { Config } from '../sdk/config.js'
import type { PreparedConnection } from '../config/connections.js'
import type { ConnectorInstance } from '../sdk/connector.js'

/** What rule validation and matching need to know about connections and actions. */
export function validationEnv(
  connections: ReadonlyMap<string, PreparedConnection & { instance?: ConnectorInstance }> | PreparedConnection[],
  actions: ReadonlyMap<string, ActionDefinition>,
  config: Pick<Config, 'vars'>,
): ValidationEnv {
  const list = Array.isArray(connections) ? connections : [...connections.values()]
  return {
    connections: list.map((c) => ({
      id: c.id,
      connector: {
        name: c.definition.name,
        emits: c.definition.emits,
        capabilities: c.definition.capabilities,
        // before setup, `fetch` is unknown: a connector declares it by having it after setup
        canFetch: instanceOf(c) ? typeof instanceOf(c)!.fetch === 'function' : true,
      },
    })),
    actions: new Map([...actions].map(([name, def]) => [name, { idempotency: def.idempotency, params: def.params }])),
    vars: config.vars,
  }
}

/** Connections after setup carry their instance; before it (validate, test) whether they fetch is unknown. */
function instanceOf(connection: PreparedConnection): ConnectorInstance | undefined {
  return (connection as PreparedConnection & { instance?: ConnectorInstance }).instance
}
