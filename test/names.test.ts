import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DuijieError } from '../src/errors.js'
import { NAME_THRESHOLDS, type NameMatch, UniversityNames } from '../src/names.js'
import type { UniversityInput } from '../src/schema.js'
import { expectDuijieError } from './helpers/errors.js'

// Names from data/catalogue/universities.csv. 上海交通大学 is left without its aliases (上海交大, 交大) so that
// the abbreviation rule, not an alias, has to find it.
const UNIVERSITIES: UniversityInput[] = [
  { id: 'just', name: '江苏科技大学', aliases: ['江科大'] },
  { id: 'cslg', name: '常熟理工学院', aliases: ['常理工'] },
  { id: 'sjtu', name: '上海交通大学' },
  { id: 'sylu', name: '沈阳理工大学', aliases: ['沈理工'] },
  { id: 'ujs', name: '江苏大学', aliases: ['江大'] },
  { id: 'cumt', name: '中国矿业大学', aliases: ['矿大'] },
  { id: 'njupt', name: '南京邮电大学', aliases: ['南邮'] },
  { id: 'cpu', name: '中国药科大学', aliases: ['药大'] },
]
const names = new UniversityNames(UNIVERSITIES)

const isSortedByScore = (matches: readonly NameMatch[]) =>
  matches.every((m, i) => i === 0 || matches[i - 1]!.score >= m.score)

describe('UniversityNames.find', () => {
  it.each([
    ['江科大', 'just', '江科大'],
    ['常理工', 'cslg', '常理工'],
    ['沈理工', 'sylu', '沈理工'],
    ['江大', 'ujs', '江大'],
    ['矿大', 'cumt', '矿大'],
    ['上海交通大学', 'sjtu', '上海交通大学'],
  ])('finds the alias or name %s exactly (score 1)', (query, id, matched) => {
    expect(names.find(query)[0]).toMatchObject({ id, matched, score: 1 })
  })

  it.each([
    ['上海交大', 'sjtu'],
    ['交大', 'sjtu'],
    ['江科', 'just'],
    ['中国矿大', 'cumt'],
    ['南京邮电', 'njupt'],
  ])('reads the abbreviation %s as %s, first and below 1', (query, id) => {
    const [first] = names.find(query)
    expect(first?.id).toBe(id)
    expect(first!.score).toBeLessThan(1)
    expect(first!.score).toBeGreaterThanOrEqual(NAME_THRESHOLDS.minScore)
  })

  it.each([
    ['江苏科技大', 'just'],
    ['常熟理工学园', 'cslg'],
    ['上海交通大', 'sjtu'],
    ['沈阳理工大', 'sylu'],
    ['江苏科技大学城', 'just'],
    ['上海 交通大学', 'sjtu'],
  ])('puts the right university first for the slightly wrong name %s', (query, id) => {
    expect(names.find(query)[0]?.id).toBe(id)
  })

  it('ranks the university whose name the query nearly covers above one it only fits inside', () => {
    expect(names.find('江苏大').map((m) => m.id)).toEqual(['ujs', 'just'])
  })

  it.each([
    ['ＪＵＳＴ', 'just'],
    ['Just', 'just'],
    [' sjtu ', 'sjtu'],
    ['ＮＪＵＰＴ', 'njupt'],
  ])('ignores width and Latin case: %s finds the id %s exactly', (query, id) => {
    expect(names.find(query)[0]).toMatchObject({ id, score: 1 })
  })

  it('matches full-width or upper-case aliases as added', () => {
    const latin = new UniversityNames([{ id: 'u', name: '某某大学', aliases: ['ＭＭＵ'] }])
    expect(latin.find('mmu')[0]).toMatchObject({ id: 'u', matched: 'ＭＭＵ', score: 1 })
  })

  it.each(['量子引力', '', '   ', '江', 'quantum gravity', '这是一段与任何大学都毫无关系的很长很长的文字内容'])(
    'returns nothing for the unrelated query %j',
    (query) => {
      expect(names.find(query)).toEqual([])
    },
  )

  it('respects the limit and sorts by score, best first', () => {
    const all = names.find('大学', 8)
    expect(all.length).toBeGreaterThan(2)
    expect(isSortedByScore(all)).toBe(true)
    expect(names.find('大学', 2)).toEqual(all.slice(0, 2))
    expect(names.find('大学', 1)).toHaveLength(1)
  })

  it('lists each university once, under its best name', () => {
    const ids = names.find('大学', 8).map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('rejects a query that is not a string, and a limit that is not a positive integer', () => {
    const bad = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        expect(e).toBeInstanceOf(DuijieError)
        expect((e as DuijieError).code).toBe('INPUT')
        return (e as DuijieError).message
      }
      throw new Error('did not throw')
    }
    expect(bad(() => names.find(42 as unknown as string))).toBe(
      'duijie: findUniversities: query must be a string, got 42',
    )
    expect(bad(() => names.find(undefined as unknown as string))).toMatch(/query must be a string, got/)
    for (const limit of [0, -1, 1.5, Number.NaN, '3' as unknown as number]) {
      expect(bad(() => names.find('江科大', limit))).toMatch(
        /^duijie: findUniversities: limit must be a positive integer/,
      )
    }
  })

  it('never throws on a string and keeps its promises (property)', () => {
    const query = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc
        .array(fc.constantFrom(...'江苏科技大学常熟理工学院上海交通沈阳中国矿业南京邮电药 ＪＵＳＴ'), { maxLength: 12 })
        .map((a) => a.join('')),
    )
    fc.assert(
      fc.property(query, fc.integer({ min: 1, max: 10 }), (q, limit) => {
        const found = names.find(q, limit)
        expect(found.length).toBeLessThanOrEqual(limit)
        for (const m of found) {
          expect(m.score).toBeGreaterThan(0)
          expect(m.score).toBeLessThanOrEqual(1)
        }
        expect(isSortedByScore(found)).toBe(true)
      }),
    )
  })
})

describe('UniversityNames.suggest', () => {
  it.each([
    ['江苏科技大', 'just'],
    ['江科大', 'just'],
    ['常熟理工学园', 'cslg'],
    ['上海交大', 'sjtu'],
  ])('proposes the university for %s', (text, id) => {
    expect(names.suggest(text)?.id).toBe(id)
  })

  it.each(['量子引力', '', '交大', '理工', '南京'])(
    'proposes nothing for %j: unrelated, or too short to tell',
    (text) => {
      expect(names.suggest(text)).toBeUndefined()
    },
  )

  it('never throws, whatever it is given', () => {
    expect(names.suggest(7 as unknown as string)).toBeUndefined()
    expect(names.suggest(null as unknown as string)).toBeUndefined()
  })
})

describe('UniversityNames.add', () => {
  it('extends the lookup batch by batch', () => {
    const growing = new UniversityNames()
    expect(growing.find('江科大')).toEqual([])
    growing.add(UNIVERSITIES.slice(0, 4)).add(UNIVERSITIES.slice(4))
    expect(growing.size).toBe(UNIVERSITIES.length)
    expect(growing.find('江科大')[0]?.id).toBe('just')
    expect(growing.find('中国矿大')[0]?.id).toBe('cumt')
    for (const q of ['江苏大', '交大', '常熟理工学园']) expect(growing.find(q)).toEqual(names.find(q))
  })

  it('refuses a batch with repeated or already-held ids, and adds none of it', () => {
    const small = new UniversityNames([{ id: 'just', name: '江苏科技大学' }])
    const held = expectDuijieError(
      () =>
        small.add([
          { id: 'sjtu', name: '上海交通大学' },
          { id: 'just', name: '江苏科技大学' },
        ]),
      'INPUT',
      ['id'],
    )
    expect(held.message).toMatch(/university at index 1 \(id "just"\): field "id": duplicates an id already added/)
    const repeated = expectDuijieError(
      () =>
        small.add([
          { id: 'x', name: 'x' },
          { id: 'x', name: 'y' },
        ]),
      'INPUT',
      ['id'],
    )
    expect(repeated.message).toMatch(/duplicates the record at index 0/)
    const notString = expectDuijieError(() => small.add([{ id: 'y', name: 3 as unknown as string }]), 'INPUT', ['name'])
    expect(notString.message).toMatch(/field "name": must be a string/)
    expect(small.size).toBe(1)
    expect(small.find('上海交通大学')).toEqual([])
  })

  it('finds the listed aliases of the catalogue exactly', () => {
    const withAliases = new UniversityNames([{ id: 'sjtu', name: '上海交通大学', aliases: ['上海交大', '交大'] }])
    expect(withAliases.find('交大')[0]).toMatchObject({ id: 'sjtu', matched: '交大', score: 1 })
    expect(withAliases.suggest('交大')?.id).toBe('sjtu')
  })
})
