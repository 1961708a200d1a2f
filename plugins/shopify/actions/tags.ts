import type { ActionContext } from '../../../core/sdk/index.js'
import type { ShopifyApi } from '../api.js'
import { assertNoUserErrors } from '../graphql.js'
import { gid, tagsOf } from '../normalize-parts.js'
import { TAGS_ADD, TAGS_REMOVE } from '../queries.js'

interface TagParams {
  orderId: string
  tags: string[]
}

/**
 * `order.addTags` / `order.removeTags` through GraphQL `tagsAdd` / `tagsRemove`: they change only the
 * named tags, so running one twice has the effect of running it once — idempotency class `natural`.
 * REST tag writes replace the whole comma-separated string (a read-modify-write that loses a tag anyone
 * else added meanwhile) and are never used.
 */
export function createTagActions(api: ShopifyApi) {
  const run = (op: typeof TAGS_ADD, field: 'tagsAdd' | 'tagsRemove') => async (ctx: ActionContext, p: TagParams) => {
    const tags = p.tags.map((tag) => tag.trim())
    const data = await api.graphql.query(op.document, { id: gid('Order', p.orderId), tags }, { priority: 'action', signal: ctx.signal, cost: op.cost })
    assertNoUserErrors(data[field], `Shopify ${field} on order ${p.orderId}`)
    return { tags: tagsOf(data[field].node?.tags) }
  }
  return { 'order.addTags': run(TAGS_ADD, 'tagsAdd'), 'order.removeTags': run(TAGS_REMOVE, 'tagsRemove') }
}
