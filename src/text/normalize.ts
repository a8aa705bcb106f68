import { DuijieError } from '../errors.js'
import { describeValue } from '../schema.js'

/**
 * Normalises text before segmentation: Unicode NFKC (which also folds full-width Latin letters, digits and
 * punctuation to half-width, e.g. `ＰＬＣ５Ｇ` → `PLC5G`), lower-cases Latin letters, and drops invisible
 * format characters and NUL.
 *
 * @example
 * ```ts
 * normalize('ＳｉＣ功率器件') // 'sic功率器件'
 * ```
 */
export function normalize(text: string, context = 'normalize'): string {
  if (typeof text !== 'string') {
    throw new DuijieError('INPUT', `duijie: ${context}: text must be a string, got ${describeValue(text)}`)
  }
  return text.normalize('NFKC').toLowerCase().replace(INVISIBLE, '')
}

// Format characters (zero-width space and joiner, soft hyphen, BOM…) and NUL carry no meaning but would
// split a word in two: 开\u200B关柜 must read as 开关柜.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this strips.
const INVISIBLE = /[\p{Cf}\u0000]/gu
