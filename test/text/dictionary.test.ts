import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { UserDictionary, loadDomainDictionary, parseWordList } from '../../src/text/dictionary.js'

describe('UserDictionary.split', () => {
  it('cuts words of three or more characters out of a run, longest first, and keeps the rest in order', () => {
    const d = new UserDictionary(['海雷德蒙', '高压开关柜', '开关柜', '雷德'])
    expect(d.split('为海雷德蒙提供高压开关柜')).toEqual([
      { text: '为', word: false },
      { text: '海雷德蒙', word: true },
      { text: '提供', word: false },
      { text: '高压开关柜', word: true },
    ])
    expect(d.split('雷德')).toEqual([{ text: '雷德', word: false }])
  })

  it('never loses or reorders text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('甲', '乙', '丙', '丁') }), (run) => {
        const d = new UserDictionary(['甲乙丙', '乙丙丁', '丙丁甲乙'])
        const pieces = d.split(run)
        expect(pieces.map((p) => p.text).join('')).toBe(run)
        for (const p of pieces) expect(p.word ? d.has(p.text) : p.text.length > 0).toBe(true)
      }),
    )
  })
})

describe('UserDictionary.merge', () => {
  it('merges adjacent tokens spelling a user word, longest first', () => {
    const d = new UserDictionary(['海雷德蒙', '雷德'])
    expect(d.merge(['海', '雷德', '蒙', '新能源'])).toEqual(['海雷德蒙', '新能源'])
    expect(d.merge(['雷', '德'])).toEqual(['雷德'])
  })

  it('never loses or reorders text, and every merged token is a user word (property)', () => {
    const token = fc.constantFrom('a', 'b', 'ab', 'c', 'bc', 'abc')
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 12 }),
        fc.uniqueArray(fc.constantFrom('ab', 'abc', 'bca', 'cab', 'bcab'), { maxLength: 4 }),
        (tokens, words) => {
          const d = new UserDictionary(words)
          const merged = d.merge(tokens)
          expect(merged.join('')).toBe(tokens.join(''))
          const input = new Set<string>(tokens)
          for (const t of merged) expect(input.has(t) || d.has(t)).toBe(true)
        },
      ),
    )
  })
})

describe('domain dictionary', () => {
  it('is shipped in data/dict and parsed without comments or blanks', () => {
    const words = loadDomainDictionary()
    expect(words.length).toBeGreaterThan(100)
    expect(words).toContain('碳化硅')
    expect(words.every((w) => w.length > 0 && !w.includes('#'))).toBe(true)
    expect(parseWordList('# c\n 甲 \n\n乙 # note\n')).toEqual(['甲', '乙'])
  })
})
