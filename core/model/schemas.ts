import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv2020Module from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { ValidateFunction } from 'ajv'
import type { ResourceKind } from '../sdk/entities.js'
import type { EventType } from '../sdk/events.js'
import { toSchemaIssues, type SchemaIssue } from './schema-issues.js'

/**
 * schemas/ loaded once and compiled by one Ajv instance (draft 2020-12). Every file under schemas/ is
 * registered by its `$id` (files without one get `SCHEMA_BASE + their path`), so `$ref`s between files
 * resolve the same here as in an editor that follows the relative paths. Validators compile on first use.
 *
 * Strict mode is on; `x-…` keywords found in the files (`x-cartwire-contexts`, `x-cartwire-resource`)
 * are registered as annotations, so a misspelt real keyword still fails loudly at load time.
 */
export type { SchemaIssue }

export const SCHEMA_BASE = 'https://cartwire.dev/schemas/'
const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url))
const ACTIONS_PREFIX = `${SCHEMA_BASE}actions/`

const Ajv2020 = Ajv2020Module.default
const addFormats = addFormatsModule.default
type Ajv = InstanceType<typeof Ajv2020>

interface Registry {
  ajv: Ajv
  /** schema documents by `$id` */
  documents: Map<string, Record<string, unknown>>
  validators: Map<string, ValidateFunction>
}

let registry: Registry | undefined

function load(): Registry {
  if (registry) return registry
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true })
  addFormats(ajv)
  const documents = new Map<string, Record<string, unknown>>()
  for (const file of jsonFiles(SCHEMAS_DIR)) {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    const id = typeof doc.$id === 'string' ? doc.$id : SCHEMA_BASE + relative(SCHEMAS_DIR, file).split(sep).join('/')
    documents.set(id, doc)
  }
  const annotations = new Set<string>()
  for (const doc of documents.values()) collectAnnotationKeywords(doc, annotations)
  for (const keyword of annotations) ajv.addKeyword({ keyword, schemaType: ['object', 'string', 'boolean', 'array', 'number'] })
  for (const [id, doc] of documents) ajv.addSchema(doc, typeof doc.$id === 'string' ? undefined : id)
  registry = { ajv, documents, validators: new Map() }
  return registry
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? jsonFiles(join(dir, entry.name)) : entry.name.endsWith('.json') ? [join(dir, entry.name)] : []))
    .sort()
}

const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'])
const DATA_KEYWORDS = new Set(['examples', 'default', 'const', 'enum'])

function collectAnnotationKeywords(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) value.forEach((item) => collectAnnotationKeywords(item, into))
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('x-')) into.add(key)
      // under these the keys are names chosen by the author, not keywords
      else if (NAME_MAPS.has(key) && child && typeof child === 'object') Object.values(child).forEach((sub) => collectAnnotationKeywords(sub, into))
      else if (!DATA_KEYWORDS.has(key)) collectAnnotationKeywords(child, into)
    }
  }
}

function validator(schemaId: string): ValidateFunction {
  const { ajv, validators } = load()
  let validate = validators.get(schemaId)
  if (!validate) {
    validate = ajv.getSchema(schemaId)
    if (!validate) throw new Error(`no schema ${schemaId} under schemas/`)
    validators.set(schemaId, validate)
  }
  return validate
}

/** Validates `value` against the schema with this `$id` (a `#/$defs/…` fragment may follow). */
export function validateAgainst(schemaId: string, value: unknown, opts: { templates?: boolean } = {}): SchemaIssue[] {
  const validate = validator(schemaId)
  return validate(value) ? [] : toSchemaIssues(validate.errors ?? [], value, opts)
}

export function validateEntity(kind: ResourceKind, value: unknown): SchemaIssue[] {
  return validateAgainst(`${SCHEMA_BASE}entities/${kind}.schema.json`, value)
}

export function validateEvent(value: unknown): SchemaIssue[] {
  return validateAgainst(`${SCHEMA_BASE}event.schema.json`, value)
}

/** The context schema of an event type (or of scheduled rules), via `x-cartwire-contexts`. */
export function validateContext(eventType: EventType | 'schedule', value: unknown): SchemaIssue[] {
  return validateAgainst(contextSchemaRef(eventType), value)
}

/**
 * Params of a unified or built-in action against schemas/actions/<action>.json; null when there is no
 * such schema (a plugin action validates with its own zod schema). With `templates: true` (a rule as
 * written, before interpolation) a value that is a `{{path}}` string or a `{"$logic": …}` object is
 * not judged: its type is only known at run time, when params are validated again.
 */
export function validateActionParams(action: string, params: unknown, opts: { templates?: boolean } = {}): SchemaIssue[] | null {
  if (!actionSchema(action)) return null
  return validateAgainst(`${ACTIONS_PREFIX}${action}.json`, params, opts)
}

export function actionSchema(name: string): Record<string, unknown> | undefined {
  return load().documents.get(`${ACTIONS_PREFIX}${name}.json`)
}

/** Action names that have a schema in schemas/actions/ (unified and built-in). */
export function actionNames(): string[] {
  return [...load().documents.keys()].filter((id) => id.startsWith(ACTIONS_PREFIX)).map((id) => id.slice(ACTIONS_PREFIX.length, -'.json'.length))
}

/** Unified actions: the ones a connector implements, marked by `x-cartwire-resource` (the kind they act on). */
export function unifiedActionNames(): string[] {
  return actionNames().filter((name) => typeof actionSchema(name)?.['x-cartwire-resource'] === 'string')
}

/** `$id#/$defs/…` of the context schema for an event type, read from `x-cartwire-contexts`. */
export function contextSchemaRef(eventType: EventType | 'schedule'): string {
  const id = `${SCHEMA_BASE}context.schema.json`
  const map = load().documents.get(id)?.['x-cartwire-contexts'] as Record<string, string> | undefined
  const ref = map?.[eventType]
  if (!ref) throw new Error(`context.schema.json has no context for "${eventType}"`)
  return new URL(ref, id).href
}

/** Every loaded schema document by `$id` (read-only: they are the compiled schemas' sources). */
export function schemaDocuments(): ReadonlyMap<string, Readonly<Record<string, unknown>>> {
  return load().documents
}

/**
 * Resolves a `$ref` as written in the schema document `baseId` to the subschema it names and that
 * subschema's document id (the base for the refs inside it).
 */
export function resolveSchemaRef(ref: string, baseId: string): { schema: unknown; baseId: string } {
  const url = new URL(ref, baseId)
  const docId = url.href.replace(/#.*$/, '')
  let schema: unknown = load().documents.get(docId)
  if (schema === undefined) throw new Error(`$ref ${ref} in ${baseId}: no schema ${docId}`)
  const pointer = decodeURIComponent(url.hash.slice(1))
  for (const token of pointer.split('/').slice(1)) {
    schema = (schema as Record<string, unknown> | undefined)?.[token.replace(/~1/g, '/').replace(/~0/g, '~')]
    if (schema === undefined) throw new Error(`$ref ${ref} in ${baseId}: nothing at ${pointer}`)
  }
  return { schema, baseId: docId }
}
