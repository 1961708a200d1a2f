import { openSqliteStore } from '../../core/store/sqlite/open.js'
import { testStore } from '../../core/store/test-store.js'
import { tempFiles, v0Database } from './helpers.js'

const temp = tempFiles('sqlite')

let last = ''
testStore('sqlite', () => openSqliteStore({ path: (last = temp.file('store.db')) }), {
  reopen: () => openSqliteStore({ path: last }),
  migrationFixture: () => openSqliteStore({ path: v0Database(temp.file('v0.db')) }),
})
