import { testConnector } from '../../core/testing.js'
import sandbox from '../../plugins/sandbox/index.js'
import { sandboxFixture } from './sandbox-fixture.js'

testConnector(sandbox, sandboxFixture())
