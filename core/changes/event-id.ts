import { createHash } from 'node:crypto'
import type { ResourceKind } from '../sdk/entities.js'
import type { EventType } from '../sdk/events.js'

/**
 * Event id (SEMANTICS.md §1) = base64url(sha256(JSON of [connection, kind, resourceId, type,
 * discriminator])). The discriminator is a milestone's entry count (a number), a member id, or the
 * version string for updates; a number and its decimal string give different ids on purpose, so the
 * two kinds of discriminator can never collide. Platform delivery ids are never part of it: the same
 * change gives the same id whether a webhook or a poll carried it.
 */
export function eventId(
  connection: string,
  kind: ResourceKind,
  resourceId: string,
  type: EventType,
  discriminator: string | number,
): string {
  return createHash('sha256')
    .update(JSON.stringify([connection, kind, resourceId, type, discriminator]))
    .digest('base64url')
}
