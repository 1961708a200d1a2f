import { testConnector } from '../../core/testing.js'
import { testcartFixture } from '../fakes/testcart-fixture.js'
import testcart from '../support/testcart-connector.js'

testConnector(testcart, testcartFixture)
