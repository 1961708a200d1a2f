import { ADMIN_ROUTES } from '../daemon/admin-api.js'
import { CartwireError, isCartwireError } from '../sdk/errors.js'
import { adminUrl, findDaemon, isDaemonAnswer } from './admin-client.js'
import type { Command } from './command.js'
import { loadProject } from './project.js'

/**
 * `cartwire reload`: asks the running daemon to validate the rule files and swap its whole rule set at
 * once (SEMANTICS.md §9); SIGHUP to the daemon does the same. When the new set has errors the daemon
 * keeps the old one and this exits 1 with its reasons. With no daemon running there is nothing to
 * reload (rules are read at start): refused, exit 2.
 */
export const reloadCommand: Command = {
  summary: 'tell the running daemon to reload its rules (SIGHUP does the same)',
  usage: 'cartwire reload [--config <file>]',
  async run(ctx) {
    const project = await loadProject({ config: ctx.values.config as string })
    const daemon = await findDaemon(project.loaded)
    if (!daemon) throw new CartwireError('ERR_NETWORK', `no daemon answers at ${adminUrl(project.loaded)}; a daemon reads the rules when it starts`)
    try {
      const answer = await daemon.post<{ ok: true; rules: number }>(ADMIN_ROUTES.reload)
      ctx.out(`reloaded: the daemon (pid ${daemon.status.pid}) runs ${answer.rules} rule${answer.rules === 1 ? '' : 's'}`)
      return 0
    } catch (e) {
      if (!isCartwireError(e) || !isDaemonAnswer(e)) throw e
      for (const line of e.message.split('\n')) ctx.out(line)
      ctx.out(`not reloaded [${e.code}]: the daemon keeps its previous rules`)
      return 1
    }
  },
}
