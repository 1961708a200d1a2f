import { crc32 } from 'node:zlib'
import type { DeliveryRow } from '../shared/tx.js'

/**
 * The inbox journal's on-disk frame: `[u32 payload length][u32 crc32 of payload][payload]`, little
 * endian; the payload is `[u32 meta length][meta JSON][body as UTF-8]`. A frame whose length runs past
 * the end of the file or whose checksum does not match is a torn write (the process died inside it):
 * it was never acknowledged, and the scan stops there.
 */
export interface JournalRecord {
  seq: number
  connection: string
  source: DeliveryRow['source']
  receivedAt: string
  headers: Record<string, string>
  dedupeKey: string | null
  body: string
}

const HEAD = 8

export function encodeFrame(record: JournalRecord): Buffer {
  const { body, ...meta } = record
  const metaJson = JSON.stringify(meta)
  const metaBytes = Buffer.byteLength(metaJson)
  const bodyBytes = Buffer.byteLength(body)
  const frame = Buffer.allocUnsafe(HEAD + 4 + metaBytes + bodyBytes)
  frame.writeUInt32LE(4 + metaBytes, HEAD)
  frame.write(metaJson, HEAD + 4, 'utf8')
  frame.write(body, HEAD + 4 + metaBytes, 'utf8')
  const payload = frame.subarray(HEAD)
  frame.writeUInt32LE(payload.length, 0)
  frame.writeUInt32LE(crc32(payload), 4)
  return frame
}

/** The record in a whole frame (as read back at a known offset); throws on a damaged one. */
export function decodeFrame(frame: Buffer): JournalRecord {
  const length = frame.readUInt32LE(0)
  const payload = frame.subarray(HEAD, HEAD + length)
  if (payload.length !== length || crc32(payload) !== frame.readUInt32LE(4)) throw new Error('inbox journal: a damaged frame where a whole one was written')
  return decodePayload(payload)
}

function decodePayload(payload: Buffer): JournalRecord {
  const metaEnd = payload.readUInt32LE(0)
  const meta = JSON.parse(payload.toString('utf8', 4, metaEnd)) as Omit<JournalRecord, 'body'>
  return { ...meta, body: payload.toString('utf8', metaEnd) }
}

/**
 * Every whole frame of a segment's bytes, in order, and where the whole frames end (a torn tail
 * after that point is cut off by the caller).
 */
export function scanFrames(bytes: Buffer): { records: JournalRecord[]; validBytes: number } {
  const records: JournalRecord[] = []
  let at = 0
  while (at + HEAD <= bytes.length) {
    const length = bytes.readUInt32LE(at)
    const end = at + HEAD + length
    if (length < 4 || end > bytes.length) break
    const payload = bytes.subarray(at + HEAD, end)
    if (crc32(payload) !== bytes.readUInt32LE(at + 4)) break
    records.push(decodePayload(payload))
    at = end
  }
  return { records, validBytes: at }
}
