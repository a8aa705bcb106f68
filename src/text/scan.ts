// Character classes and chunks for the analyzer (not part of the public API).
// A chunk is text with no separator inside: /[\p{L}\p{N}_]+(?:[.+#-][\p{L}\p{N}_]+)*[+#]*/u, and user
// words may only merge tokens of one chunk. Inside a chunk, runs of Han characters are cut and the other
// runs kept whole when they hold a letter or digit. The scan reads each character's class from a table
// filled from the regexes that define the classes, so it agrees with them exactly, without a regex match
// (and its match objects) per chunk and run.
export const CHUNK_CHAR = 1
export const WORD_CHAR = 2
export const HAN_CHAR = 4
/** A character of two code units (a surrogate pair). */
export const WIDE = 8
const CLASSIFIED = 16
const CHUNK_CHAR_PATTERN = /^[\p{L}\p{N}_]$/u
const WORD_CHAR_PATTERN = /^[\p{L}\p{N}]$/u
const HAN_CHAR_PATTERN = /^\p{Script=Han}$/u
/** Classes of the code units of the Basic Plane, 0 until first met; a lone surrogate classes as nothing. */
const basicClasses = new Uint8Array(0x10000)
const astralClasses = new Map<number, number>()

function classify(char: string): number {
  return (
    CLASSIFIED |
    (CHUNK_CHAR_PATTERN.test(char) ? CHUNK_CHAR : 0) |
    (WORD_CHAR_PATTERN.test(char) ? WORD_CHAR : 0) |
    (HAN_CHAR_PATTERN.test(char) ? HAN_CHAR : 0)
  )
}

/** The class of the character at `i` (code point aware: a surrogate pair is one character, {@link WIDE}). */
export function classAt(text: string, i: number): number {
  const unit = text.charCodeAt(i)
  if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1)
    if (low >= 0xdc00 && low <= 0xdfff) {
      const point = (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000
      let kind = astralClasses.get(point)
      if (kind === undefined) {
        kind = classify(String.fromCodePoint(point)) | WIDE
        astralClasses.set(point, kind)
      }
      return kind
    }
  }
  let kind = basicClasses[unit]!
  if (kind === 0) {
    kind = classify(String.fromCharCode(unit))
    basicClasses[unit] = kind
  }
  return kind
}

/**
 * Where the next chunk starts: the first chunk character at or after `i`, or the text's length.
 *
 * @example
 * ```ts
 * nextChunk('，焊接', 0) // 1
 * ```
 */
export function nextChunk(text: string, i: number): number {
  while (i < text.length) {
    const kind = classAt(text, i)
    if (kind & CHUNK_CHAR) return i
    i += kind & WIDE ? 2 : 1
  }
  return text.length
}

/** Where the chunk starting at `start` (a chunk character) ends; see the pattern above. */
export function chunkEnd(text: string, start: number): number {
  let i = skipChunkChars(text, start)
  while (i + 1 < text.length && isConnector(text.charCodeAt(i)) && classAt(text, i + 1) & CHUNK_CHAR) {
    i = skipChunkChars(text, i + 1)
  }
  while (i < text.length && (text.charCodeAt(i) === PLUS || text.charCodeAt(i) === HASH)) i++
  return i
}

/**
 * The script run starting at `at` (all Han, or none): where it ends, before `end` at the latest, and the
 * classes of its characters OR-ed together (a letter or digit in it: `WORD_CHAR`; a character of two code
 * units: `WIDE`). Written to `out`, which the caller keeps: this runs for every run of every text.
 *
 * @example
 * ```ts
 * const run = { end: 0, kinds: 0 }
 * scanRun('焊接PLC', 0, 5, run) // run.end 2, run.kinds & HAN_CHAR set
 * ```
 */
export function scanRun(text: string, at: number, end: number, out: { end: number; kinds: number }): void {
  const han = classAt(text, at) & HAN_CHAR
  let runEnd = at
  let kinds = 0
  while (runEnd < end) {
    const kind = classAt(text, runEnd)
    if ((kind & HAN_CHAR) !== han) break
    kinds |= kind
    runEnd += kind & WIDE ? 2 : 1
  }
  out.end = runEnd
  out.kinds = kinds
}

function skipChunkChars(text: string, i: number): number {
  while (i < text.length) {
    const kind = classAt(text, i)
    if (!(kind & CHUNK_CHAR)) break
    i += kind & WIDE ? 2 : 1
  }
  return i
}

const PLUS = 0x2b
const HASH = 0x23

/** `.`, `+`, `#` or `-`: joins two runs of chunk characters into one chunk (3.5, c++, c#, a-b). */
function isConnector(unit: number): boolean {
  return unit === 0x2e || unit === PLUS || unit === HASH || unit === 0x2d
}
