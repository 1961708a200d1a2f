import type { LiveConnection, Runtime } from '../engine/runtime.js'
import { validateEntity } from '../model/schemas.js'
import type { Decoded, Delivery } from '../sdk/connector.js'
import { CartwireError, isCartwireError, wrapPluginError } from '../sdk/errors.js'
import type { ApplyHandlers, IncomingItem } from '../store/contract.js'
import { applyItems, fetchedItem, fetchRef } from './apply.js'

/** Poll pages are stored as `{ decoded: [...] }`; webhooks as the raw body the connector decodes. */
async function decodeDelivery(connection: LiveConnection, delivery: Delivery): Promise<Decoded[]> {
  if (delivery.source === 'poll') return (JSON.parse(delivery.body) as { decoded: Decoded[] }).decoded
  const body = delivery.headers['x-cartwire-body-encoding'] === 'base64' ? Buffer.from(delivery.body, 'base64').toString('latin1') : delivery.body
  return connection.instance.decode({ ...delivery, body })
}

/**
 * Decodes one claimed delivery, validates each snapshot against schemas/, fetches thin refs, and applies
 * the result with the inbox ack. What cannot be decoded or validated becomes an intake exception with
 * the raw delivery kept (never a crash, never a lost delivery). An operational failure (the platform is
 * down during a fetch) leaves the delivery unacked; its lease expires and it is tried again.
 */
export async function processDelivery(rt: Runtime, handlers: ApplyHandlers, delivery: Delivery): Promise<void> {
  const now = rt.clock.now()
  const intakeException = (error: CartwireError) =>
    rt.store.recordException({ kind: 'intake', code: error.code, error: error.toJSON(), connection: delivery.connection, deliverySeq: delivery.seq, now })
  const connection = rt.connections.get(delivery.connection)
  if (!connection) {
    await intakeException(new CartwireError('ERR_UNKNOWN_CONNECTION', `delivery ${delivery.seq} is for connection "${delivery.connection}", which the config no longer has`))
    return
  }
  let decoded: Decoded[]
  try {
    decoded = await decodeDelivery(connection, delivery)
    if (!Array.isArray(decoded)) throw new CartwireError('ERR_DECODE', 'decode did not return an array')
  } catch (e) {
    const error = isCartwireError(e) && (e.code === 'ERR_TOPIC' || e.code === 'ERR_DECODE') ? e : new CartwireError('ERR_DECODE', `cannot decode delivery ${delivery.seq}: ${(e as Error).message}`, { cause: e })
    error.context = { ...error.context, plugin: connection.definition.name, connection: connection.id }
    await intakeException(error)
    return
  }
  const items: IncomingItem[] = []
  const problems: string[] = []
  const origin = delivery.source
  for (const item of decoded) {
    if ('snapshot' in item) {
      const issues = validateEntity(item.snapshot.kind, item.snapshot.entity)
      if (issues.length) problems.push(`${item.snapshot.kind} ${(item.snapshot.entity as { id?: string })?.id ?? '?'}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`)
      else items.push({ snapshot: item.snapshot, origin })
    } else if ('ref' in item) {
      if (!connection.instance.fetch) {
        problems.push(`thin delivery for ${item.ref.kind} ${item.ref.id}, but connector ${connection.definition.name} has no fetch`)
        continue
      }
      try {
        items.push(fetchedItem(await fetchRef(connection, item.ref), 'fetch'))
      } catch (e) {
        rt.log.warn({ connection: connection.id, delivery: delivery.seq, err: wrapPluginError(e, { plugin: connection.definition.name }).message }, 'fetch failed; the delivery will be retried')
        return
      }
    } else if ('gone' in item) items.push({ gone: item.gone, origin })
    else if ('hint' in item) items.push({ hint: item.hint, origin: 'webhook' })
    else problems.push(`decode returned an item that is none of snapshot, ref, gone, hint`)
  }
  try {
    await applyItems(rt, handlers, connection, items, problems.length ? [] : [delivery.seq], delivery.receivedAt)
  } catch (e) {
    rt.log.warn({ connection: connection.id, delivery: delivery.seq, err: (e as Error).message }, 'apply failed; the delivery will be retried')
    return
  }
  if (problems.length) await intakeException(new CartwireError('ERR_SCHEMA', problems.join('\n'), { details: problems, context: { connection: connection.id, plugin: connection.definition.name } }))
}

export async function processDeliveries(rt: Runtime, handlers: ApplyHandlers, limit = 32): Promise<number> {
  const deliveries = await rt.store.claimDeliveries(rt.owner, rt.clock.now(), rt.leaseMs, limit)
  for (const delivery of deliveries) await processDelivery(rt, handlers, delivery)
  return deliveries.length
}
