import { readFile } from 'node:fs/promises'
import { CartwireError, type ErrorCode } from '../sdk/errors.js'

/** A JSON file a command was given (an event, edited params); unreadable or invalid → `code` naming the file. */
export async function readJsonFile(file: string, code: ErrorCode): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    throw new CartwireError(code, `cannot read ${file}: ${(e as Error).message}`)
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new CartwireError(code, `${file}: invalid JSON: ${(e as Error).message}`)
  }
}
