import { assertNoProblems } from '../config/connections.js'
import { createMemoryKv } from '../execution/kv.js'
import { createHttpClient } from '../net/http-client.js'
import { systemClock } from '../sdk/clock.js'
import { CartwireError } from '../sdk/errors.js'
import { silentLogger } from '../sdk/logger.js'
import { JSON_OPTION, type Command } from './command.js'
import { loadProject } from './project.js'
import { jsonText } from './table.js'

/**
 * `cartwire connectors sync`: makes each platform's webhook subscriptions point at this daemon
 * (`server.publicUrl` + `/webhooks/<connection>`) and reports what changed and what the platform had
 * removed or disabled (Shopify deletes subscriptions after failed deliveries; WooCommerce disables
 * webhooks). Runs each connector's `setup` only (no store, no traffic), so it works beside a running daemon.
 * Exit 1 when a platform had removed or disabled something, or reported a problem.
 */
export const connectorsSyncCommand: Command = {
  summary: "point each platform's webhooks at server.publicUrl; report what the platform removed or disabled",
  usage: 'cartwire connectors sync [--connection <id>] [--json]',
  options: { connection: { type: 'string' }, ...JSON_OPTION },
  async run({ values, out }) {
    const project = await loadProject({ config: values.config as string, requireSecrets: true })
    assertNoProblems(project.prepared)
    const base = project.loaded.config.server.publicUrl
    if (!base) throw new CartwireError('ERR_CONFIG', `${project.loaded.file}: server.publicUrl: connectors sync needs the URL platforms reach this daemon at`)
    const only = values.connection as string | undefined
    const reports: Array<{ connection: string; created: string[]; updated: string[]; removed: string[]; problems: string[] }> = []
    for (const connection of project.prepared.connections) {
      if (only && connection.id !== only) continue
      const http = createHttpClient({ connection: connection.id })
      const url = `${base.replace(/\/$/, '')}/webhooks/${encodeURIComponent(connection.id)}`
      try {
        const instance = await connection.definition.setup({ connection: connection.id, options: connection.options, log: silentLogger, http, kv: createMemoryKv(systemClock), clock: systemClock, webhookUrl: () => url })
        if (!instance.subscriptions) continue
        reports.push({ connection: connection.id, ...(await instance.subscriptions.sync(base)) })
        await instance.close?.()
      } finally {
        await http.close()
      }
    }
    if (values.json) out(jsonText({ connections: reports }))
    else if (reports.length === 0) out('no connection has webhook subscriptions to sync')
    for (const r of values.json ? [] : reports) {
      out(`${r.connection}: ${r.created.length} created, ${r.updated.length} updated, ${r.removed.length} removed or disabled by the platform`)
      for (const topic of r.removed) out(`  removed or disabled by the platform: ${topic}`)
      for (const problem of r.problems) out(`  problem: ${problem}`)
    }
    return reports.some((r) => r.removed.length > 0 || r.problems.length > 0) ? 1 : 0
  },
}
