import { createHash } from 'node:crypto'
import type { Snapshot } from '../sdk/connector.js'
import type { Entity } from '../sdk/entities.js'
import { parseTimestamp } from '../sdk/time.js'
import { canonicalJson } from './canonical.js'

/**
 * Versions (SEMANTICS.md §1): `(updatedAt as UTC epoch ms, contentHash)`. The hash covers the canonical
 * entity without its `updatedAt` (see canonical.ts), so it answers one question only — did the content
 * change? — and an equal `updatedAt` with a different hash is a real tie, not an artefact of the clock.
 */

/** The content hash stored for a tombstone. */
export const TOMBSTONE_HASH = 'tombstone'

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** sha256 (hex) of the canonical JSON of the entity, `updatedAt` excluded. */
export function contentHash(entity: Entity): string {
  return sha256Hex(canonicalJson(entity, true))
}

/** A member's (refund's, fulfillment's) hash: 16 hex digits of its canonical JSON, `updatedAt` excluded. */
export function memberHash(member: object): string {
  return sha256Hex(canonicalJson(member, true)).slice(0, 16)
}

/** The version string events carry: `${updatedAtMs}:${first 16 hex digits of the content hash}`. */
export function versionString(updatedAtMs: number, hash: string): string {
  return `${updatedAtMs}:${hash.slice(0, 16)}`
}

/** An incoming snapshot, read once: its identity, times and content hash. */
export interface IncomingVersion {
  kind: Snapshot['kind']
  id: string
  entity: Entity
  updatedAt: number
  createdAt: number
  hash: string
  normalizerVersion: number
}

export function readSnapshot(snapshot: Snapshot): IncomingVersion {
  const entity = snapshot.entity
  return {
    kind: snapshot.kind,
    id: entity.id,
    entity,
    updatedAt: parseTimestamp(entity.updatedAt),
    createdAt: parseTimestamp(entity.createdAt),
    hash: contentHash(entity),
    normalizerVersion: snapshot.normalizerVersion ?? 1,
  }
}
