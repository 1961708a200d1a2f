import type { LiveConnection, Runtime } from '../engine/runtime.js'
import { validateEntity } from '../model/schemas.js'
import type { Decoded, Delivery } from '../sdk/connector.js'
import { CartwireError, isCartwireError, wrapPluginError } from '../sdk/errors.js'
import type { ApplyHandlers, IncomingItem } from '../store/contract.js'
import { applyItems, fetchedItem, fetchRef } from './apply.js'

/** A claimed delivery after decoding: items to apply, and problems that make it an intake exception. */
interface Decoded1 {
  delivery: Delivery
  connection: LiveConnection
  items: IncomingItem[]
  problems: string[]
}

/** Poll pages are stored as `{ decoded: [...] }`; webhooks as the raw body the connector decodes. */
async function decodeDelivery(connection: LiveConnection, delivery: Delivery): Promise<Decoded[]> {
  if (delivery.source === 'poll') return (JSON.parse(delivery.body) as { decoded: Decoded[] }).decoded
  const body = delivery.headers['x-cartwire-body-encoding'] === 'base64' ? Buffer.from(delivery.body, 'base64').toString('latin1') : delivery.body
  return connection.instance.decode({ ...delivery, body })
}

function intakeException(rt: Runtime, delivery: Delivery, error: CartwireError) {
  return rt.store.recordException({ kind: 'intake', code: error.code, error: error.toJSON(), connection: delivery.connection, deliverySeq: delivery.seq, now: rt.clock.now() })
}

/**
 * Decodes one delivery, validates each snapshot against schemas/ and fetches thin refs. What cannot be
 * decoded becomes an intake exception with the raw delivery kept (never a crash, never a lost delivery);
 * an operational failure (the platform is down during a fetch) leaves it unacked for a later attempt.
 * Returns undefined when there is nothing more to do with it now.
 */
async function decodeOne(rt: Runtime, delivery: Delivery): Promise<Decoded1 | undefined> {
  const connection = rt.connections.get(delivery.connection)
  if (!connection) {
    await intakeException(rt, delivery, new CartwireError('ERR_UNKNOWN_CONNECTION', `delivery ${delivery.seq} is for connection "${delivery.connection}", which the config no longer has`))
    return undefined
  }
  let decoded: Decoded[]
  try {
    decoded = await decodeDelivery(connection, delivery)
    if (!Array.isArray(decoded)) throw new CartwireError('ERR_DECODE', 'decode did not return an array')
  } catch (e) {
    const error = isCartwireError(e) && (e.code === 'ERR_TOPIC' || e.code === 'ERR_DECODE') ? e : new CartwireError('ERR_DECODE', `cannot decode delivery ${delivery.seq}: ${(e as Error).message}`, { cause: e })
    error.context = { ...error.context, plugin: connection.definition.name, connection: connection.id }
    await intakeException(rt, delivery, error)
    return undefined
  }
  const result: Decoded1 = { delivery, connection, items: [], problems: [] }
  const origin = delivery.source
  for (const item of decoded) {
    if ('snapshot' in item) {
      const issues = validateEntity(item.snapshot.kind, item.snapshot.entity)
      if (issues.length) result.problems.push(`${item.snapshot.kind} ${(item.snapshot.entity as { id?: string })?.id ?? '?'}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`)
      else result.items.push({ snapshot: item.snapshot, origin })
    } else if ('ref' in item) {
      if (!connection.instance.fetch) {
        result.problems.push(`thin delivery for ${item.ref.kind} ${item.ref.id}, but connector ${connection.definition.name} has no fetch`)
        continue
      }
      try {
        result.items.push(fetchedItem(await fetchRef(connection, item.ref), 'fetch'))
      } catch (e) {
        rt.log.warn({ connection: connection.id, delivery: delivery.seq, err: wrapPluginError(e, { plugin: connection.definition.name }).message }, 'fetch failed; the delivery will be retried')
        return undefined
      }
    } else if ('gone' in item) result.items.push({ gone: item.gone, origin })
    else if ('hint' in item) result.items.push({ hint: item.hint, origin: 'webhook' })
    else result.problems.push('decode returned an item that is none of snapshot, ref, gone, hint')
  }
  return result
}

/** Applies decoded deliveries of one connection; the clean ones are acked in the same transaction. */
async function applyDecoded(rt: Runtime, handlers: ApplyHandlers, batch: Decoded1[]): Promise<void> {
  const ack = batch.filter((d) => d.problems.length === 0).map((d) => d.delivery.seq)
  await applyItems(rt, handlers, batch[0].connection, batch.flatMap((d) => d.items), ack, batch[batch.length - 1].delivery.receivedAt)
}

/** Decodes and applies one delivery on its own (the daemon's per-delivery path and retries). */
export async function processDelivery(rt: Runtime, handlers: ApplyHandlers, delivery: Delivery): Promise<void> {
  const decoded = await decodeOne(rt, delivery)
  if (!decoded) return
  await applyDecoded(rt, handlers, [decoded]).catch((e) => rt.log.warn({ delivery: delivery.seq, err: (e as Error).message }, 'apply failed; the delivery will be retried'))
  if (decoded.problems.length) await intakeException(rt, delivery, schemaError(decoded))
}

function schemaError(d: Decoded1): CartwireError {
  return new CartwireError('ERR_SCHEMA', d.problems.join('\n'), { details: d.problems, context: { connection: d.connection.id, plugin: d.connection.definition.name } })
}

/**
 * Claims pending deliveries and applies them, a connection's deliveries together in one transaction (one
 * fsync for many deliveries; order kept). If a batch fails, each delivery is tried alone so one bad
 * delivery cannot hold the others back; one that still fails stays unacked for a later attempt.
 */
export async function processDeliveries(rt: Runtime, handlers: ApplyHandlers, limit = 32): Promise<number> {
  const deliveries = await rt.store.claimDeliveries(rt.owner, rt.clock.now(), rt.leaseMs, limit)
  const byConnection = new Map<string, Decoded1[]>()
  for (const delivery of deliveries) {
    const decoded = await decodeOne(rt, delivery)
    if (!decoded) continue
    const list = byConnection.get(delivery.connection) ?? []
    list.push(decoded)
    byConnection.set(delivery.connection, list)
  }
  for (const batch of byConnection.values()) {
    try {
      await applyDecoded(rt, handlers, batch)
    } catch (e) {
      rt.log.warn({ connection: batch[0].connection.id, deliveries: batch.length, err: (e as Error).message }, 'batch apply failed; applying deliveries one by one')
      for (const one of batch) {
        await applyDecoded(rt, handlers, [one]).catch((err) => rt.log.warn({ delivery: one.delivery.seq, err: (err as Error).message }, 'apply failed; the delivery will be retried'))
      }
    }
    for (const d of batch) {
      if (d.problems.length) await intakeException(rt, d.delivery, schemaError(d))
    }
  }
  return deliveries.length
}
