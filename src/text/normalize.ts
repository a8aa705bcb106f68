import { DuijieError } from '../errors.js'
import { describeValue } from '../schema.js'

/**
 * Normalises text before segmentation: Unicode NFKC (which also folds full-width Latin letters, digits and
 * punctuation to half-width, e.g. `ＰＬＣ５Ｇ` → `PLC5G`), then lower-cases Latin letters.
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
  return text.normalize('NFKC').toLowerCase()
}
