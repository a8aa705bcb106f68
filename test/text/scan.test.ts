import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CHUNK_CHAR, HAN_CHAR, WIDE, WORD_CHAR, chunkEnd, classAt, nextChunk, scanRun } from '../../src/text/scan.js'

// The regexes the scan stands in for: the analyzer cut text with them before, and must cut it the same way.
const CHUNK = /[\p{L}\p{N}_]+(?:[.+#-][\p{L}\p{N}_]+)*[+#]*/gu
const SCRIPT_RUN = /\p{Script=Han}+|[^\p{Script=Han}]+/gu
const WORDLIKE = /[\p{L}\p{N}]/u

/** Chunks as [start, end) pairs, by the scan. */
function scannedChunks(text: string): Array<[number, number]> {
  const chunks: Array<[number, number]> = []
  for (let i = nextChunk(text, 0); i < text.length; ) {
    const end = chunkEnd(text, i)
    chunks.push([i, end])
    i = nextChunk(text, end)
  }
  return chunks
}

/** A chunk's runs as [start, end, han, wordlike], by the scan. */
function scannedRuns(text: string, start: number, end: number): Array<[number, number, boolean, boolean]> {
  const runs: Array<[number, number, boolean, boolean]> = []
  const run = { end: 0, kinds: 0 }
  for (let at = start; at < end; at = run.end) {
    scanRun(text, at, end, run)
    runs.push([at, run.end, (run.kinds & HAN_CHAR) !== 0, (run.kinds & WORD_CHAR) !== 0])
  }
  return runs
}

// Letters, digits and Han of both planes, the chunk connectors, separators, lone surrogates, invisible and
// combining characters, Han-script symbols that are not letters (⺀) and letters that are not Han (〇 is).
const ALPHABET = [
  ...'焊接机器人开关柜咬的、，。 \n\t_.+#-aZé3٣①Ⅷ〇々⺀丨ｶ￥$%',
  '𬌗',
  '𫟼',
  '𠀀',
  '😀',
  '\uD800',
  '\uDC00',
  '\u200B',
  '\u00AD',
  '\u0301',
  '\u0000',
]

describe('the chunk scan', () => {
  it('finds exactly the chunks and script runs of the regexes it replaces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 40 }), (chars) => {
        const text = chars.join('')
        const expected = [...text.matchAll(CHUNK)].map((m): [number, number] => [m.index, m.index + m[0].length])
        const chunks = scannedChunks(text)
        expect(chunks).toEqual(expected)
        for (const [start, end] of chunks) {
          const chunk = text.slice(start, end)
          const runs = [...chunk.matchAll(SCRIPT_RUN)].map((m): [number, number, boolean, boolean] => [
            start + m.index,
            start + m.index + m[0].length,
            /\p{Script=Han}/u.test(m[0]),
            WORDLIKE.test(m[0]),
          ])
          expect(scannedRuns(text, start, end)).toEqual(runs)
        }
      }),
      { numRuns: 3000 },
    )
  })

  it('reads a surrogate pair as one character and a lone surrogate as no chunk character', () => {
    expect(classAt('𬌗', 0) & (WIDE | HAN_CHAR | CHUNK_CHAR)).toBe(WIDE | HAN_CHAR | CHUNK_CHAR)
    expect(classAt('\uD800a', 0) & CHUNK_CHAR).toBe(0)
    expect(chunkEnd('c++ x', 0)).toBe(3)
    expect(chunkEnd('3.5g-a.', 0)).toBe(6)
  })
})
