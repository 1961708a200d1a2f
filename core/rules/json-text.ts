/**
 * JSON text as people write it in git: parse with a position for every syntax error (V8's JSON.parse
 * names no position for some errors) and find duplicate keys, which JSON.parse silently resolves to
 * the last one — a second `"if"` in a rule file would otherwise drop the first condition unseen.
 */

export interface JsonSyntaxError {
  line: number
  column: number
  message: string
}

export interface DuplicateKey {
  /** JSON path of the repeated key, e.g. `then[0].params` */
  path: string
  line: number
  column: number
}

export type JsonParseResult =
  | { ok: true; value: unknown; duplicates: DuplicateKey[] }
  | { ok: false; error: JsonSyntaxError }

export function parseJsonText(text: string): JsonParseResult {
  const scanner = new Scanner(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  try {
    scanner.document()
  } catch (e) {
    // nesting deeper than the stack: a diagnostic for that file, not a crash of validate or start
    if (e instanceof RangeError) return { ok: false, error: { ...scanner.position(scanner.i), message: 'nested too deeply' } }
    if (!(e instanceof ScanError)) throw e
    return { ok: false, error: { ...scanner.position(e.offset), message: e.message } }
  }
  try {
    return { ok: true, value: JSON.parse(scanner.text), duplicates: scanner.duplicates }
  } catch (e) {
    // the scanner follows RFC 8259; should V8 still disagree, report V8's words at the end
    return { ok: false, error: { ...scanner.position(scanner.text.length), message: (e as Error).message } }
  }
}

/** `["then", 1, "params"]` → `then[1].params`; keys that are not identifiers are quoted. */
export function jsonPath(segments: ReadonlyArray<string | number>): string {
  let out = ''
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment
    else out += `[${JSON.stringify(segment)}]`
  }
  return out
}

/** Is the JSON path `path` the same as `ancestor` or inside it? ('' is the whole document.) */
export function isAtOrBelow(path: string, ancestor: string): boolean {
  return ancestor === '' || path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`)
}

class ScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d])
// sticky: they match at lastIndex only, without slicing the text
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

class Scanner {
  i = 0
  readonly duplicates: DuplicateKey[] = []
  private readonly path: Array<string | number> = []

  constructor(readonly text: string) {}

  document(): void {
    this.value()
    this.ws()
    if (this.i < this.text.length) this.fail(`unexpected ${this.describe()} after the JSON value`)
  }

  position(offset: number): { line: number; column: number } {
    const before = this.text.slice(0, offset)
    const line = before.split('\n').length
    return { line, column: offset - before.lastIndexOf('\n') }
  }

  private fail(message: string, offset = this.i): never {
    throw new ScanError(message, offset)
  }

  private describe(): string {
    return this.i >= this.text.length ? 'end of file' : `"${this.text[this.i]}"`
  }

  private ws(): void {
    while (WS.has(this.text.charCodeAt(this.i))) this.i++
  }

  private value(): void {
    this.ws()
    const c = this.text[this.i]
    if (c === '{') return this.object()
    if (c === '[') return this.array()
    if (c === '"') return void this.string()
    if (c === '-' || (c >= '0' && c <= '9')) return this.number()
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length
        return
      }
    }
    this.fail(`expected a value, found ${this.describe()}`)
  }

  private object(): void {
    const seen = new Set<string>()
    this.sequence('}', 'a property value', () => {
      this.ws()
      if (this.text[this.i] !== '"') this.fail(`expected a double-quoted property name, found ${this.describe()}`)
      const keyAt = this.i
      const key = this.string()
      if (seen.has(key)) this.duplicates.push({ path: jsonPath([...this.path, key]), ...this.position(keyAt) })
      seen.add(key)
      this.ws()
      if (this.text[this.i] !== ':') this.fail(`expected ":" after property name, found ${this.describe()}`)
      this.i++
      return key
    })
  }

  private array(): void {
    let index = 0
    this.sequence(']', 'an array element', () => index++)
  }

  /** `{…}` or `[…]` after its opening bracket: `head` reads what precedes each value (a key) and names it. */
  private sequence(close: '}' | ']', what: string, head: () => string | number): void {
    this.i++
    this.ws()
    if (this.text[this.i] === close) return void this.i++
    for (;;) {
      this.path.push(head())
      this.value()
      this.path.pop()
      this.ws()
      if (this.text[this.i] === close) return void this.i++
      if (this.text[this.i] !== ',') this.fail(`expected "," or "${close}" after ${what}, found ${this.describe()}`)
      this.i++
      this.ws()
      if (this.text[this.i] === close) this.fail(`trailing comma before "${close}"`)
    }
  }

  private string(): string {
    const start = this.i
    STRING.lastIndex = start
    const match = STRING.exec(this.text)
    if (!match) {
      const end = this.text.indexOf('\n', start)
      this.fail(end === -1 || this.text.lastIndexOf('"', end) <= start ? 'unterminated string' : 'invalid character or escape in string', start)
    }
    this.i += match[0].length
    return JSON.parse(match[0]) as string
  }

  private number(): void {
    NUMBER.lastIndex = this.i
    const match = NUMBER.exec(this.text)
    if (!match) this.fail('invalid number')
    this.i += match[0].length
  }
}
