/**
 * `JSON.parse` that keeps integers a double cannot hold exactly, as strings. Shopify ids are 64-bit:
 * its own sample payloads carry 18-digit ids (820982911946154508) that plain `JSON.parse` rounds, and a
 * rounded id names another order. Only number tokens outside strings are rewritten, and only integers
 * beyond `Number.MAX_SAFE_INTEGER`; everything else parses exactly as `JSON.parse` would.
 */
export function parseJson(text: string): unknown {
  let out = ''
  let copied = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      i = endOfString(text, i)
      continue
    }
    if (c !== MINUS && !isDigit(c)) continue
    let end = i + 1
    while (end < text.length && isDigit(text.charCodeAt(end))) end++
    const integerEnd = end
    while (end < text.length && /[0-9.eE+-]/.test(text[end])) end++
    const token = text.slice(i, end)
    if (end === integerEnd && !Number.isSafeInteger(Number(token))) {
      out += `${text.slice(copied, i)}"${token}"`
      copied = end
    }
    i = end - 1
  }
  return JSON.parse(copied === 0 ? text : out + text.slice(copied))
}

const QUOTE = 34
const BACKSLASH = 92
const MINUS = 45

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/** Index of the closing quote of the string that opens at `start` (or the text's end). */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === BACKSLASH) i++
    else if (c === QUOTE) return i
  }
  return text.length
}
