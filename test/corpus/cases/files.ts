import type { RuleCode } from '../../../core/rules/codes.js'

/** Rule file texts with the mistakes no fixture has: each must give this code, never throw. */
export const HOSTILE_RULE_TEXTS: Array<{ name: string; text: string; code: RuleCode }> = [
  { name: 'an empty file', text: '', code: 'rule/invalid-json' },
  { name: 'whitespace only', text: ' \n\t', code: 'rule/invalid-json' },
  { name: 'a NUL byte', text: '\u0000', code: 'rule/invalid-json' },
  { name: 'truncated', text: '{"id":"x","on":["order.pa', code: 'rule/invalid-json' },
  { name: 'a comment', text: '{"id":"x" // note\n}', code: 'rule/invalid-json' },
  { name: 'null', text: 'null', code: 'rule/schema' },
  { name: 'an array', text: '[]', code: 'rule/schema' },
  { name: 'a string', text: '"rule"', code: 'rule/schema' },
  { name: 'an empty object', text: '{}', code: 'rule/schema' },
  { name: 'a __proto__ key at the top', text: '{"__proto__":{"polluted":true},"id":"x","on":["order.paid"],"then":[{"action":"log","params":{"message":"a"}}]}', code: 'rule/schema' },
  { name: 'a constructor key in a step', text: '{"id":"x","on":["order.paid"],"then":[{"constructor":{"prototype":{"polluted":true}},"action":"log","params":{"message":"a"}}]}', code: 'rule/schema' },
  { name: 'a __proto__ key twice', text: '{"id":"x","__proto__":1,"__proto__":2,"on":["order.paid"],"then":[{"action":"log","params":{"message":"a"}}]}', code: 'rule/duplicate-key' },
  { name: 'a condition nested 100,000 levels', text: `{"id":"x","on":["order.paid"],"if":${'{"!":['.repeat(100_000)}true${']}'.repeat(100_000)},"then":[{"action":"log","params":{"message":"a"}}]}`, code: 'rule/invalid-json' },
  { name: 'an array nested 100,000 levels in params', text: `{"id":"x","on":["order.paid"],"then":[{"action":"log","params":{"message":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`, code: 'rule/invalid-json' },
  { name: 'an id that is a number', text: '{"id":1,"on":["order.paid"],"then":[{"action":"log","params":{"message":"a"}}]}', code: 'rule/schema' },
  { name: 'on as a string', text: '{"id":"x","on":"order.paid","then":[{"action":"log","params":{"message":"a"}}]}', code: 'rule/schema' },
  { name: 'then as an object', text: '{"id":"x","on":["order.paid"],"then":{"action":"log"}}', code: 'rule/schema' },
  { name: 'a wait of 1e400 seconds', text: '{"id":"x","on":["order.paid"],"then":[{"wait":"1e400s"}]}', code: 'rule/bad-duration' },
  { name: 'a wait of zero', text: '{"id":"x","on":["order.paid"],"then":[{"wait":"0s"}]}', code: 'rule/bad-duration' },
  { name: 'an unknown event in upper case', text: '{"id":"x","on":["ORDER.PAID"],"then":[{"action":"log","params":{"message":"a"}}]}', code: 'rule/unknown-event' },
  { name: 'an event named __proto__', text: '{"id":"x","on":["__proto__"],"then":[{"action":"log","params":{"message":"a"}}]}', code: 'rule/unknown-event' },
]

/** Configs whose secrets are not set: `start` (secrets required) must name each missing variable. */
export const MISSING_SECRET_CONFIGS: Array<{ name: string; connection: string; adminToken?: string; vars: string[]; code: 'ERR_CONFIG' | 'ERR_SECRET_MISSING' }> = [
  { name: 'a testcart webhook secret', connection: `{ id: 'shop', connector: testcart, options: { baseUrl: 'http://127.0.0.1:9', webhookSecret: env('CORPUS_MISSING_TESTCART') } }`, vars: ['CORPUS_MISSING_TESTCART'], code: 'ERR_CONFIG' },
  { name: 'a Shopify token and client secret', connection: `{ id: 'shopify-x', connector: shopify, options: { shop: 'corpus.myshopify.com', accessToken: env('CORPUS_MISSING_SHOPIFY_TOKEN'), webhookSecret: env('CORPUS_MISSING_SHOPIFY_SECRET') } }`, vars: ['CORPUS_MISSING_SHOPIFY_TOKEN', 'CORPUS_MISSING_SHOPIFY_SECRET'], code: 'ERR_CONFIG' },
  { name: 'one WooCommerce secret of a rotation list', connection: `{ id: 'woo-x', connector: woo, options: { url: 'https://shop.example.com', consumerKey: 'ck_x', consumerSecret: 'cs_x', webhookSecret: ['old-secret', env('CORPUS_MISSING_WOO_NEW')] } }`, vars: ['CORPUS_MISSING_WOO_NEW'], code: 'ERR_CONFIG' },
  { name: 'a secret set to the empty string', connection: `{ id: 'shop', connector: testcart, options: { baseUrl: 'http://127.0.0.1:9', webhookSecret: env('CORPUS_EMPTY_SECRET') } }`, vars: ['CORPUS_EMPTY_SECRET'], code: 'ERR_CONFIG' },
  { name: 'the admin token', connection: `{ id: 'shop', connector: testcart, options: { baseUrl: 'http://127.0.0.1:9', webhookSecret: 'x' } }`, adminToken: 'CORPUS_MISSING_ADMIN_TOKEN', vars: ['CORPUS_MISSING_ADMIN_TOKEN'], code: 'ERR_SECRET_MISSING' },
]
