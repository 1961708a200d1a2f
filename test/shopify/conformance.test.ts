import { testConnector } from '../../core/testing.js'
import shopify from '../../plugins/shopify/index.js'
import { shopifyFixture } from '../fakes/shopify/fixture.js'

testConnector(shopify, shopifyFixture)
