import { afterEach, describe, expect, it } from 'vitest'
import { CartwireError } from '../../core/sdk/errors.js'
import { serveAdmin } from './admin-daemon.js'
import { createCliProject, type CliProject } from './cli-project.js'
import { engineOver, NOTE_RULE } from './engine-fixture.js'

const TOKEN = 'reload-test-token-0123456789'

describe('cartwire reload', () => {
  let project: CliProject
  afterEach(async () => {
    delete process.env.CW_TEST_ADMIN_TOKEN
    await project.close()
  })

  it('with no daemon running there is nothing to reload: refused, exit 2', async () => {
    project = await createCliProject({ rules: [NOTE_RULE] })
    const { code, err } = await project.cli('reload')
    expect(code).toBe(2)
    expect(err).toEqual([`cartwire reload: no daemon answers at http://127.0.0.1:${project.adminPort}; a daemon reads the rules when it starts [ERR_NETWORK]`])
  })

  it('asks the daemon to reload, with the token from the config env() marker; a rejected set exits 1 with the reasons', async () => {
    project = await createCliProject({ rules: [NOTE_RULE], envToken: true })
    process.env.CW_TEST_ADMIN_TOKEN = TOKEN
    const h = await engineOver(project)
    let reject = false
    const admin = await serveAdmin(h.engine, project, {
      token: TOKEN,
      configured: true,
      reload: async () => {
        if (reject) throw new CartwireError('ERR_RULE', 'rules/broken.json: then[0].action: unknown action "order.adTags"')
        return { ok: true, rules: 1 }
      },
    })
    try {
      expect(await project.cli('reload')).toEqual({ code: 0, out: [`reloaded: the daemon (pid ${process.pid}) runs 1 rule`], err: [] })
      reject = true
      expect(await project.cli('reload')).toEqual({
        code: 1,
        out: ['rules/broken.json: then[0].action: unknown action "order.adTags"', 'not reloaded [ERR_RULE]: the daemon keeps its previous rules'],
        err: [],
      })
    } finally {
      await admin.close()
      await h.closeAll()
    }
  })

  it('a daemon that refuses the token is an error, not a reason to go around it', async () => {
    project = await createCliProject({ rules: [NOTE_RULE], envToken: true })
    process.env.CW_TEST_ADMIN_TOKEN = 'not-the-daemons-token-0123'
    const h = await engineOver(project)
    const admin = await serveAdmin(h.engine, project, { token: TOKEN, configured: true })
    try {
      const { code, err } = await project.cli('exceptions', 'list')
      expect(code).toBe(2)
      expect(err).toEqual([`cartwire exceptions list: the daemon at http://127.0.0.1:${project.adminPort} refused the admin request: the token differs from the daemon's [ERR_UNAUTHORIZED]`])
    } finally {
      await admin.close()
      await h.closeAll()
    }
  })
})
