/** Change detection (SEMANTICS.md §1–2, §12): pure functions a store calls inside its transaction. */
export { createDeriver, derive } from './derive.js'
export { eventId } from './event-id.js'
export { contentHash, memberHash, versionString, TOMBSTONE_HASH } from './version.js'
export { diffPaths, type DiffOptions } from './diff.js'
export { MILESTONES, type MilestoneRule } from './milestones.js'
export { ownWriteKey } from './own-writes.js'
