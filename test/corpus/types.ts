import type { ErrorCode } from '../../core/sdk/errors.js'

/** Which secret and header a case is signed with (see SIGNERS in corpus-daemon.ts); false: unsigned. */
export type Signer = 'shop' | 'shop-b' | 'shopify' | 'woo' | false

/** Bytes of a body: text (UTF-8), `{ base64 }` for bytes that are not UTF-8, or a generator for huge ones. */
export type BodySpec = string | { base64: string } | (() => Buffer)

export interface CorpusRequest {
  /** connection id as it goes in the path (percent-encoding is the case's business) */
  connection: string
  /** @default 'POST' */
  method?: string
  /** replaces `/webhooks/<connection>` entirely (URL tricks) */
  path?: string
  /** headers on top of the defaults; null removes a default (content-type, topic, webhook id) */
  headers?: Record<string, string | null>
  /** sent after `headers` as they are: odd casing and repeated names */
  rawHeaders?: Array<[string, string]>
  body?: BodySpec
  /** @default the connection's own signer */
  sign?: Signer
  /** the signature is computed over these bytes instead of the body (a body changed in transit) */
  signOver?: BodySpec
  /** send without Content-Length, in chunks of this size */
  chunked?: number
  /** Content-Length to declare instead of the body's (with no body sent) */
  declare?: number
  /** keep the upload open: only an answer given early can arrive */
  end?: false
  /** `Expect: 100-continue` */
  expectContinue?: boolean
}

export interface CorpusExpect {
  status: number
  /** the error body's code (`{ ok: false, code }`) */
  code?: ErrorCode
  /**
   * For a 202: the intake exception the delivery must become, or null when it must be processed
   * cleanly; omitted when the case does not judge what decoding makes of it.
   */
  exception?: { kind: 'intake'; code: 'ERR_DECODE' | 'ERR_TOPIC' | 'ERR_SCHEMA' } | null
}

export interface CorpusCase {
  name: string
  request: CorpusRequest
  expect: CorpusExpect
}

export interface CorpusGroup {
  kind: string
  cases: CorpusCase[]
}

export const decodeError = { kind: 'intake', code: 'ERR_DECODE' } as const
export const topicError = { kind: 'intake', code: 'ERR_TOPIC' } as const
export const schemaError = { kind: 'intake', code: 'ERR_SCHEMA' } as const
