import { testConnector } from '../../core/testing.js'
import woo from '../../plugins/woocommerce/index.js'
import { woocommerceFixture } from '../fakes/woocommerce/fixture.js'

testConnector(woo, woocommerceFixture)
