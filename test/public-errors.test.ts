// A hostile-input pass over the public API (everything src/index.ts exports): wrong types, missing fields,
// bad numbers, empty and huge strings, duplicate ids, dangling references, throwing getters and Proxies.
// Every failure must be a DuijieError with a code and a `duijie:` message, and a failed call must change
// nothing. Where hostile-looking input is legal (frozen arrays, `__proto__` ids) the call must succeed.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  Analyzer,
  DuijieError,
  type DuijieErrorCode,
  type Enterprise,
  type ExpertInput,
  JiebaSegmenter,
  type JudgedRanking,
  Matcher,
  type Member,
  type Segmenter,
  type UniversityInput,
  type WeekInput,
  accuracyAt1,
  assign,
  averagePrecision,
  bm25,
  loadDomainDictionary,
  mrr,
  ndcg,
  normalize,
  planWeek,
  precisionAtK,
  recallAtK,
  smoothedIdf,
  sublinearTf,
  tfidf,
} from '../src/index.js'
import { expectDuijieError } from './helpers/errors.js'

// ---------------------------------------------------------------------------------------------------------
// Fixtures and helpers
// ---------------------------------------------------------------------------------------------------------

const UNIVERSITIES: UniversityInput[] = [
  { id: 'just', name: '江苏科技大学', aliases: ['江科大'], description: '船舶与海洋工程、焊接技术' },
  { id: 'cpu', name: '中国药科大学', description: '药物制剂与质量控制' },
]
const EXPERTS: ExpertInput[] = [
  {
    id: 'weld',
    name: '甲',
    universityId: 'just',
    specialties: ['船舶焊接', '焊接机器人'],
    description: '船体分段自动化焊接',
  },
  { id: 'drug', name: '丙', universityId: 'cpu', specialties: ['缓释制剂'], description: '口服缓释制剂处方工艺' },
]
const small = () => new Matcher().addUniversities(UNIVERSITIES).addExperts(EXPERTS)
const LIMIT = 100_000
const OVER_LIMIT = 'x'.repeat(LIMIT + 1)

/** What a failed call must leave as it was. */
function state(m: Matcher) {
  return { stats: m.stats, result: m.match('焊接') }
}

/**
 * Runs `fn` on `m`, expects a DuijieError with `code` (and `fields`), and expects `m.stats` and
 * `m.match('焊接')` to be what they were before. The state check is soft, so both problems are reported.
 */
function expectRejectedUnchanged(m: Matcher, fn: () => unknown, code: DuijieErrorCode, fields?: string[]) {
  const before = state(m)
  let thrown: unknown
  try {
    fn()
  } catch (error) {
    thrown = error
  }
  expect.soft(state(m), 'the matcher changed after a failed call').toEqual(before)
  return expectDuijieError(
    () => {
      throw thrown
    },
    code,
    fields,
  )
}

/** Where more than one code is defensible: any of `codes`, but a DuijieError all the same. */
function expectOneOf(fn: () => unknown, codes: DuijieErrorCode[]): DuijieError {
  let thrown: unknown
  try {
    fn()
  } catch (error) {
    thrown = error
  }
  const code = thrown instanceof DuijieError && codes.includes(thrown.code) ? thrown.code : codes[0]!
  return expectDuijieError(() => {
    throw thrown
  }, code)
}

/** Runs `fn`; if it throws, the error must be a DuijieError. Returns what it returned. */
function expectNoRawError<T>(fn: () => T): T | undefined {
  try {
    return fn()
  } catch (error) {
    expect(error, 'a non-DuijieError escaped').toBeInstanceOf(DuijieError)
    return undefined
  }
}

/** An object (with `rest`) whose `key` getter throws. */
function throwingGetter(key: string, rest: object = {}): object {
  return Object.defineProperty({ ...rest }, key, {
    enumerable: true,
    get() {
      throw new Error(`getter ${key} throws`)
    },
  })
}

/** A Proxy over `target` whose every property read throws. */
function throwingProxy(target: object = {}): object {
  return new Proxy(target, {
    get() {
      throw new Error('proxy trap throws')
    },
  })
}

/** A copy of `items` with a hole (an empty slot, not `undefined`) at `at`. */
function withHole<T>(items: readonly T[], at: number): T[] {
  const out = new Array<T>(items.length + 1)
  items.forEach((item, i) => {
    out[i < at ? i : i + 1] = item
  })
  return out
}

/** Freezes `value` and everything reachable from it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key])
    Object.freeze(value)
  }
  return value
}

/** Values that are not objects (and not arrays), for arguments that must be objects or arrays. */
const NOT_OBJECTS: Array<[string, unknown]> = [
  ['null', null],
  ['a number', 42],
  ['NaN', Number.NaN],
  ['a string', 'text'],
  ['a Symbol', Symbol('s')],
  ['a BigInt', 10n],
  ['a boolean', true],
  ['a function', () => 1],
]
/** Values that are not arrays, for batch arguments. */
const NOT_ARRAYS: Array<[string, unknown]> = [
  ...NOT_OBJECTS,
  ['undefined', undefined],
  ['a plain object', {}],
  ['an array-like object', { length: 1, 0: UNIVERSITIES[0] }],
  ['a Set', new Set(UNIVERSITIES)],
]
/** Values that are not strings, for string arguments. */
const NOT_STRINGS: Array<[string, unknown]> = [
  ['null', null],
  ['undefined', undefined],
  ['a number', 42],
  ['a Symbol', Symbol('s')],
  ['a BigInt', 10n],
  ['an object', {}],
  ['an array', ['a']],
  ['a String object', new String('a')],
]
/** Bad values for options that must be positive whole numbers (topK, k, …). */
const BAD_POSITIVE_INTS: Array<[string, unknown]> = [
  ['0', 0],
  ['a negative number', -1],
  ['a fraction', 1.5],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['a numeric string', '3'],
  ['a BigInt', 3n],
  ['null', null],
]

const dir = mkdtempSync(join(tmpdir(), 'duijie-public-errors-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// ---------------------------------------------------------------------------------------------------------
// new Matcher(options)
// ---------------------------------------------------------------------------------------------------------

describe('new Matcher(options)', () => {
  it.each([...NOT_OBJECTS, ['an array', []] as [string, unknown]])('refuses %s as options', (_, options) => {
    expectDuijieError(() => new Matcher(options as never), 'INPUT', ['(record)'])
  })

  it.each<[string, unknown, string[]]>([
    ['topK 0', { topK: 0 }, ['topK']],
    ['topK -1', { topK: -1 }, ['topK']],
    ['topK 1.5', { topK: 1.5 }, ['topK']],
    ['topK NaN', { topK: Number.NaN }, ['topK']],
    ['topK Infinity', { topK: Number.POSITIVE_INFINITY }, ['topK']],
    ['topK "3"', { topK: '3' }, ['topK']],
    ['topK 3n', { topK: 3n }, ['topK']],
    ['maxTextLength 0', { maxTextLength: 0 }, ['maxTextLength']],
    ['maxTextLength Infinity', { maxTextLength: Number.POSITIVE_INFINITY }, ['maxTextLength']],
    ['weighting "idf"', { weighting: 'idf' }, ['weighting']],
    ['scoring null', { scoring: null }, ['scoring']],
    ['fieldWeights.specialties NaN', { fieldWeights: { specialties: Number.NaN } }, ['fieldWeights.specialties']],
    ['fieldWeights.description -1', { fieldWeights: { description: -1 } }, ['fieldWeights.description']],
    ['fieldWeights.title Infinity', { fieldWeights: { title: Number.POSITIVE_INFINITY } }, ['fieldWeights.title']],
    ['fieldWeights as an array', { fieldWeights: [] }, ['fieldWeights']],
    ['fieldWeights with an unknown key', { fieldWeights: { names: 1 } }, ['fieldWeights.names']],
    ['needFieldWeights.text -0.5', { needFieldWeights: { text: -0.5 } }, ['needFieldWeights.text']],
    ['bm25.b 2', { bm25: { b: 2 } }, ['bm25.b']],
    ['bm25.k1 -1', { bm25: { k1: -1 } }, ['bm25.k1']],
    ['university.expertsCounted 0', { university: { expertsCounted: 0 } }, ['university.expertsCounted']],
    ['university.depth 2.5', { university: { depth: 2.5 } }, ['university.depth']],
    ['university.decay 1.5', { university: { decay: 1.5 } }, ['university.decay']],
    ['university.expertBoost NaN', { university: { expertBoost: Number.NaN } }, ['university.expertBoost']],
    ['domainDictionary "no"', { domainDictionary: 'no' }, ['domainDictionary']],
    ['bigrams 1', { bigrams: 1 }, ['bigrams']],
    ['subwords null', { subwords: null }, ['subwords']],
    ['minNumberLength -1', { minNumberLength: -1 }, ['minNumberLength']],
    ['userWords as a string', { userWords: '焊接机器人' }, ['userWords']],
    ['userWords with a number', { userWords: ['焊接', 42] }, ['userWords.1']],
    ['stopWords 42', { stopWords: 42 }, ['stopWords']],
    ['stopWords.add as a string', { stopWords: { add: '的' } }, ['stopWords']],
    ['segmenter {}', { segmenter: {} }, ['segmenter']],
    ['segmenter without an id', { segmenter: { cut: (r: string) => [r] } }, ['segmenter']],
    ['segmenter whose cut is not a function', { segmenter: { id: 's', cut: 5 } }, ['segmenter']],
    ['an unknown option', { topk: 3 }, ['topk']],
    ['a "constructor" key', { constructor: 1 }, ['constructor']],
    ['an own "__proto__" key', JSON.parse('{"__proto__": {"topK": 1}}'), ['__proto__']],
  ])('refuses %s', (_, options, fields) => {
    expectDuijieError(() => new Matcher(options as never), 'INPUT', fields)
  })

  it('refuses options whose getter throws', () => {
    expectDuijieError(() => new Matcher(throwingGetter('topK') as never), 'INPUT')
  })

  it('refuses options that are a Proxy whose reads throw', () => {
    expectDuijieError(() => new Matcher(throwingProxy() as never), 'INPUT')
  })

  it('accepts no options, empty options, frozen options and a transparent Proxy', () => {
    expect(new Matcher().options.topK).toBe(10)
    expect(new Matcher(undefined).options.topK).toBe(10)
    expect(new Matcher({}).options.topK).toBe(10)
    const frozen = deepFreeze({ topK: 3, userWords: ['焊接机器人'], fieldWeights: { specialties: 2 } })
    expect(new Matcher(frozen).options.topK).toBe(3)
    expect(new Matcher(new Proxy({ topK: 4 }, {})).options.topK).toBe(4)
  })
})

// ---------------------------------------------------------------------------------------------------------
// addUniversities / addExperts
// ---------------------------------------------------------------------------------------------------------

describe('addUniversities', () => {
  it.each(NOT_ARRAYS)('refuses %s as the batch, changing nothing', (_, records) => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addUniversities(records as never), 'INPUT', ['(batch)'])
  })

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'u1'],
    ['an array', []],
    ['a Symbol', Symbol('u')],
    ['a BigInt', 1n],
  ])('refuses %s as a record, changing nothing', (_, record) => {
    const m = small()
    const e = expectRejectedUnchanged(
      m,
      () => m.addUniversities([{ id: 'ok', name: '好大学' }, record] as never),
      'INPUT',
      ['(record)'],
    )
    expect(e.issues[0]!.index).toBe(1)
  })

  it.each<[string, unknown, string[]]>([
    ['a missing id and name', {}, ['id', 'name']],
    ['an empty id', { id: '', name: 'N' }, ['id']],
    ['a blank id', { id: '   ', name: 'N' }, ['id']],
    ['a numeric id', { id: 42, name: 'N' }, ['id']],
    ['a BigInt id', { id: 42n, name: 'N' }, ['id']],
    ['a Symbol id', { id: Symbol('id'), name: 'N' }, ['id']],
    ['an id of 257 characters', { id: 'i'.repeat(257), name: 'N' }, ['id']],
    ['a missing name', { id: 'u1' }, ['name']],
    ['an empty name', { id: 'u1', name: '' }, ['name']],
    ['a name over maxTextLength', { id: 'u1', name: OVER_LIMIT }, ['name']],
    ['aliases as a string', { id: 'u1', name: 'N', aliases: '江科大' }, ['aliases']],
    ['an alias that is a number', { id: 'u1', name: 'N', aliases: ['a', 42] }, ['aliases.1']],
    ['an empty alias', { id: 'u1', name: 'N', aliases: [''] }, ['aliases.0']],
    ['a numeric region', { id: 'u1', name: 'N', region: 42 }, ['region']],
    ['a null description', { id: 'u1', name: 'N', description: null }, ['description']],
    ['an empty description', { id: 'u1', name: 'N', description: '' }, ['description']],
    ['a description over maxTextLength', { id: 'u1', name: 'N', description: OVER_LIMIT }, ['description']],
  ])('refuses a university with %s, changing nothing', (_, record, fields) => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addUniversities([record] as never), 'INPUT', fields)
  })

  it('refuses a duplicate of an id already added, and a duplicate within the batch', () => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addUniversities([{ id: 'just', name: '又一个' }]), 'INPUT', ['id'])
    const e = expectRejectedUnchanged(
      m,
      () =>
        m.addUniversities([
          { id: 'a', name: 'A' },
          { id: 'a', name: 'A again' },
        ]),
      'INPUT',
      ['id'],
    )
    expect(e.issues[0]).toMatchObject({ index: 1, id: 'a' })
    expect(e.message).toMatch(/university at index 1 \(id "a"\): field "id"/)
  })

  it('lists every bad record of a batch, in order', () => {
    const m = small()
    const e = expectRejectedUnchanged(
      m,
      () => m.addUniversities([{ id: 'ok', name: 'OK' }, { id: '' }, null, { id: 'ok', name: 'twice' }] as never),
      'INPUT',
      ['id', 'name', '(record)', 'id'],
    )
    expect(e.issues.map((i) => i.index)).toEqual([1, 1, 2, 3])
  })

  it('refuses text over a custom maxTextLength and accepts text at it', () => {
    const m = new Matcher({ maxTextLength: 8 })
    expectRejectedUnchanged(m, () => m.addUniversities([{ id: 'u', name: '一二三四五六七八九' }]), 'INPUT', ['name'])
    m.addUniversities([{ id: 'u', name: '一二三四五六七八' }])
    expect(m.hasUniversity('u')).toBe(true)
  })

  it('refuses a batch with a hole in it, changing nothing', () => {
    const m = small()
    const batch = withHole([{ id: 'h1', name: 'H1' }], 1)
    expectRejectedUnchanged(m, () => m.addUniversities(batch), 'INPUT')
    expect(m.hasUniversity('h1')).toBe(false)
  })

  it('refuses a record whose getter throws, changing nothing', () => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addUniversities([throwingGetter('name', { id: 'g' })] as never), 'INPUT')
  })

  it('refuses a record that is a Proxy whose reads throw, changing nothing', () => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addUniversities([throwingProxy()] as never), 'INPUT')
  })

  it('refuses a batch that is a Proxy whose reads throw, changing nothing', () => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addUniversities(throwingProxy([]) as never), 'INPUT')
  })

  it('accepts frozen records in a frozen array, and Proxies that read through', () => {
    const m = new Matcher()
    m.addUniversities(deepFreeze([{ id: 'f', name: '冻结大学', aliases: ['冻大'], description: '焊接' }]))
    m.addUniversities(new Proxy([new Proxy({ id: 'p', name: '代理大学' }, {})], {}))
    expect([m.hasUniversity('f'), m.hasUniversity('p')]).toEqual([true, true])
  })

  it('treats __proto__, constructor and toString as plain ids, and ignores an own __proto__ key', () => {
    const m = new Matcher()
    m.addUniversities([
      { id: '__proto__', name: 'P' },
      { id: 'constructor', name: 'C' },
      JSON.parse('{"id": "toString", "name": "T", "__proto__": {"description": "焊接"}}'),
    ])
    expect(['__proto__', 'constructor', 'toString', 'hasOwnProperty'].map((id) => m.hasUniversity(id))).toEqual([
      true,
      true,
      true,
      false,
    ])
    expect(m.stats.universities).toBe(3)
  })
})

describe('addExperts', () => {
  it.each(NOT_ARRAYS)('refuses %s as the batch, changing nothing', (_, records) => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addExperts(records as never), 'INPUT', ['(batch)'])
  })

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'e1'],
    ['an array', []],
  ])('refuses %s as a record, changing nothing', (_, record) => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addExperts([record] as never), 'INPUT', ['(record)'])
  })

  const expert = (patch: object) => ({ id: 'e1', name: '丁', universityId: 'just', specialties: ['焊接'], ...patch })
  it.each<[string, unknown, string[]]>([
    ['a missing id', { id: undefined }, ['id']],
    ['a numeric id', { id: 7 }, ['id']],
    ['a missing universityId', { universityId: undefined }, ['universityId']],
    ['an empty universityId', { universityId: '' }, ['universityId']],
    ['a numeric universityId', { universityId: 1 }, ['universityId']],
    ['an unknown universityId', { universityId: 'nowhere' }, ['universityId']],
    ['a universityId of an inherited name', { universityId: 'constructor' }, ['universityId']],
    ['no specialties and no description', { specialties: undefined }, ['specialties']],
    ['empty specialties and no description', { specialties: [] }, ['specialties']],
    ['specialties as a string', { specialties: '焊接' }, ['specialties']],
    ['specialties as an object', { specialties: { 0: '焊接' } }, ['specialties']],
    ['an empty specialty', { specialties: ['焊接', ''] }, ['specialties.1']],
    ['a specialty that is null', { specialties: [null] }, ['specialties.0']],
    ['a specialty over maxTextLength', { specialties: [OVER_LIMIT] }, ['specialties.0']],
    ['a numeric title', { title: 3 }, ['title']],
    ['a description over maxTextLength', { description: OVER_LIMIT }, ['description']],
    ['a NaN description', { description: Number.NaN }, ['description']],
  ])('refuses an expert with %s, changing nothing', (_, patch, fields) => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addExperts([expert(patch as object)] as never), 'INPUT', fields)
  })

  it('refuses a duplicate of an id already added, and a duplicate within the batch', () => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addExperts([expert({ id: 'weld' })] as never), 'INPUT', ['id'])
    const e = expectRejectedUnchanged(m, () => m.addExperts([expert({}), expert({})] as never), 'INPUT', ['id'])
    expect(e.issues[0]).toMatchObject({ index: 1, id: 'e1' })
  })

  it('refuses a batch with one good and one dangling expert, adding neither', () => {
    const m = small()
    const e = expectRejectedUnchanged(
      m,
      () => m.addExperts([expert({ id: 'good' }), expert({ id: 'bad', universityId: 'nowhere' })] as never),
      'INPUT',
      ['universityId'],
    )
    expect(e.message).toMatch(/expert at index 1 \(id "bad"\): field "universityId": unknown university "nowhere"/)
    expect(m.hasExpert('good')).toBe(false)
  })

  it('refuses a batch with a hole in it, changing nothing', () => {
    const m = small()
    const batch = withHole([expert({ id: 'h1' })], 1)
    expectRejectedUnchanged(m, () => m.addExperts(batch as never), 'INPUT')
    expect(m.hasExpert('h1')).toBe(false)
  })

  it('refuses a record whose getter throws, changing nothing', () => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addExperts([throwingGetter('specialties', expert({}))] as never), 'INPUT')
  })

  it('refuses a record that is a Proxy whose reads throw, changing nothing', () => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addExperts([throwingProxy()] as never), 'INPUT')
  })

  it('accepts frozen records in a frozen array', () => {
    const m = small()
    m.addExperts(deepFreeze([expert({ id: 'frozen' })]) as never)
    expect(m.hasExpert('frozen')).toBe(true)
    expect(m.match('焊接').experts.map((e) => e.id)).toContain('frozen')
  })

  it('treats __proto__ and constructor as plain ids, through a match and a snapshot', () => {
    const m = new Matcher()
      .addUniversities([{ id: '__proto__', name: 'P', description: '焊接' }])
      .addExperts([{ id: 'constructor', name: 'C', universityId: '__proto__', specialties: ['__proto__', '焊接'] }])
    expect(m.hasExpert('constructor')).toBe(true)
    expect(m.match('__proto__ 焊接').experts.map((e) => e.id)).toEqual(['constructor'])
    const again = Matcher.fromJSON(JSON.parse(JSON.stringify(m)))
    expect(again.match('__proto__').experts.map((e) => [e.id, e.universityId])).toEqual([['constructor', '__proto__']])
  })
})

describe('addDocuments', () => {
  it.each(NOT_ARRAYS)('refuses %s as the batch, changing nothing', (_, records) => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addDocuments(records as never), 'INPUT', ['(batch)'])
  })

  const document = (patch: object) => ({ id: 'd1', kind: 'patent', title: '焊接机器人', expertIds: ['weld'], ...patch })
  it.each<[string, unknown, string[]]>([
    ['a missing id', { id: undefined }, ['id']],
    ['an unknown kind', { kind: 'book' }, ['kind']],
    ['a missing title', { title: undefined }, ['title']],
    ['an empty title', { title: '  ' }, ['title']],
    ['a title over maxTextLength', { title: OVER_LIMIT }, ['title']],
    ['a numeric text', { text: 5 }, ['text']],
    ['a fractional year', { year: 2020.5 }, ['year']],
    ['a year out of range', { year: 20219 }, ['year']],
    ['a year as a string', { year: '2020' }, ['year']],
    ['no authors', { expertIds: [] }, ['expertIds']],
    ['authors as a string', { expertIds: 'weld' }, ['expertIds']],
    ['an unknown author', { expertIds: ['weld', 'nobody'] }, ['expertIds.1']],
    ['an author of an inherited name', { expertIds: ['constructor'] }, ['expertIds.0']],
    ['an author named twice', { expertIds: ['weld', 'weld'] }, ['expertIds']],
  ])('refuses a document with %s, changing nothing', (_, patch, fields) => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addDocuments([document(patch as object)] as never), 'INPUT', fields)
    expect(m.stats.documents).toBe(0)
  })

  it('refuses a duplicate of an id already added, and one within the batch', () => {
    const m = small().addDocuments([document({})] as never)
    expectRejectedUnchanged(m, () => m.addDocuments([document({})] as never), 'INPUT', ['id'])
    expectRejectedUnchanged(
      m,
      () => m.addDocuments([document({ id: 'd2' }), document({ id: 'd2' })] as never),
      'INPUT',
      ['id'],
    )
    expect(m.stats.documents).toBe(1)
  })

  it('refuses a record whose getter throws, changing nothing', () => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addDocuments([throwingGetter('title', document({}))] as never), 'INPUT')
  })

  it('treats __proto__ as a plain document and author id', () => {
    const m = new Matcher()
      .addUniversities([{ id: 'u', name: 'U', description: '焊接' }])
      .addExperts([{ id: '__proto__', name: 'P', universityId: 'u', specialties: ['船舶'] }])
      .addDocuments([{ id: '__proto__', kind: 'paper', title: '激光熔覆', expertIds: ['__proto__'] }])
    expect(m.match('激光熔覆').experts.map((e) => [e.id, e.documents.map((d) => d.id)])).toEqual([
      ['__proto__', ['__proto__']],
    ])
  })
})

describe('update… and remove…', () => {
  const withDocument = () =>
    small().addDocuments([{ id: 'd1', kind: 'patent', title: '焊接机器人', expertIds: ['weld'] }])
  const updates = [
    'updateExperts',
    'updateUniversities',
    'updateProgrammes',
    'updateInvestors',
    'updateDocuments',
  ] as const
  const removals = [
    'removeExperts',
    'removeUniversities',
    'removeProgrammes',
    'removeInvestors',
    'removeDocuments',
  ] as const

  it.each(updates.flatMap((method) => NOT_ARRAYS.map(([what, value]) => [method, what, value] as const)))(
    '%s refuses %s as the batch, changing nothing',
    (method, _, value) => {
      const m = withDocument()
      expectRejectedUnchanged(m, () => m[method](value as never), 'INPUT', ['(batch)'])
    },
  )

  it.each(removals.flatMap((method) => NOT_ARRAYS.map(([what, value]) => [method, what, value] as const)))(
    '%s refuses %s as the ids, changing nothing',
    (method, _, value) => {
      const m = withDocument()
      expectRejectedUnchanged(m, () => m[method](value as never), 'INPUT')
    },
  )

  it.each(removals.flatMap((method) => NOT_STRINGS.map(([what, value]) => [method, what, value] as const)))(
    '%s refuses %s as an id, changing nothing',
    (method, _, value) => {
      const m = withDocument()
      expectRejectedUnchanged(m, () => m[method]([value] as never), 'INPUT')
    },
  )

  it('refuses an update whose getter throws, or that turns an expert into an invalid one, changing nothing', () => {
    const m = withDocument()
    const weld = EXPERTS[0]!
    expectRejectedUnchanged(m, () => m.updateExperts([throwingGetter('specialties', { ...weld })] as never), 'INPUT')
    expectRejectedUnchanged(m, () => m.updateExperts([{ ...weld, specialties: [], description: undefined }]), 'INPUT', [
      'specialties',
    ])
    expectRejectedUnchanged(
      m,
      () => m.updateDocuments([{ id: 'd1', kind: 'patent', title: '焊接', expertIds: ['nobody'] }]),
      'INPUT',
      ['expertIds.0'],
    )
  })

  it('treats __proto__ and constructor as plain ids when updating and removing', () => {
    const m = new Matcher()
      .addUniversities([{ id: '__proto__', name: 'P', description: '焊接' }])
      .addExperts([{ id: 'constructor', name: 'C', universityId: '__proto__', specialties: ['焊接'] }])
    m.updateExperts([{ id: 'constructor', name: 'C', universityId: '__proto__', specialties: ['激光熔覆'] }])
    expect(m.match('激光熔覆').experts.map((e) => e.id)).toEqual(['constructor'])
    expectRejectedUnchanged(m, () => m.removeExperts(['toString']), 'INPUT')
    m.removeExperts(['constructor']).removeUniversities(['__proto__'])
    expect(m.stats).toMatchObject({ universities: 0, experts: 0 })
  })
})

// ---------------------------------------------------------------------------------------------------------
// addWords
// ---------------------------------------------------------------------------------------------------------

describe('addWords', () => {
  it.each<[string, unknown, string[]]>([
    ['null', null, ['(record)']],
    ['undefined', undefined, ['(record)']],
    ['a string', '焊接机器人', ['(record)']],
    ['a number', 42, ['(record)']],
    ['an object', { 0: '焊接' }, ['(record)']],
    ['a Symbol', Symbol('w'), ['(record)']],
    ['an array with a number', ['焊接', 42], ['1']],
    ['an array with null', [null], ['0']],
  ])('refuses %s, changing nothing', (_, words, fields) => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addWords(words as never), 'INPUT', fields)
  })

  it('refuses an array that is a Proxy whose reads throw, changing nothing', () => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addWords(throwingProxy([]) as never), 'INPUT')
  })

  it('refuses an array with a hole, changing nothing', () => {
    const m = small()
    expectRejectedUnchanged(m, () => m.addWords(withHole(['焊接机器人'], 0)), 'INPUT')
  })

  it('accepts a frozen array, an empty one, and __proto__ / constructor as words', () => {
    const m = small()
    expect(m.addWords(Object.freeze(['船体分段焊接']))).toBe(1)
    expect(m.addWords([])).toBe(0)
    expect(m.addWords(['__proto__', 'constructor'])).toBe(2)
    expect(m.match('船体分段焊接').experts[0]!.id).toBe('weld')
  })
})

// ---------------------------------------------------------------------------------------------------------
// match / matchAll
// ---------------------------------------------------------------------------------------------------------

const BAD_NEEDS: Array<[string, unknown, string[]]> = [
  ['null', null, ['(record)']],
  ['undefined', undefined, ['(record)']],
  ['a number', 42, ['(record)']],
  ['a Symbol', Symbol('n'), ['(record)']],
  ['a BigInt', 1n, ['(record)']],
  ['an array', ['焊接'], ['(record)']],
  ['a function', () => '焊接', ['(record)']],
  ['an empty string', '', ['text']],
  ['a blank string', ' \t\n ', ['text']],
  ['a string over maxTextLength', OVER_LIMIT, ['text']],
  ['an object without text', {}, ['text']],
  ['a numeric text', { text: 42 }, ['text']],
  ['a String object as text', { text: new String('焊接') }, ['text']],
  ['an unknown kind', { text: '焊接', kind: 'research' }, ['kind']],
  ['kind "constructor"', { text: '焊接', kind: 'constructor' }, ['kind']],
  ['an empty id', { id: '', text: '焊接' }, ['id']],
  ['a numeric id', { id: 1, text: '焊接' }, ['id']],
  ['an empty title', { title: '', text: '焊接' }, ['title']],
  ['a title over maxTextLength', { title: OVER_LIMIT, text: '焊接' }, ['title']],
]

describe('match', () => {
  it.each(BAD_NEEDS)('refuses %s as the need', (_, need, fields) => {
    const m = small()
    expectRejectedUnchanged(m, () => m.match(need as never), 'INPUT', fields)
  })

  it('refuses a need whose getter throws', () => {
    expectDuijieError(() => small().match(throwingGetter('text') as never), 'INPUT')
  })

  it('refuses a need that is a Proxy whose reads throw', () => {
    expectDuijieError(() => small().match(throwingProxy() as never), 'INPUT')
  })

  it.each<[string, unknown, string[]]>([
    ...NOT_OBJECTS.map(([name, value]): [string, unknown, string[]] => [name, value, ['(record)']]),
    ['an array', [], ['(record)']],
    ...BAD_POSITIVE_INTS.map(([name, topK]): [string, unknown, string[]] => [`topK ${name}`, { topK }, ['topK']]),
    ['include as a string', { include: 'weld' }, ['include']],
    ['include with a number', { include: [42] }, ['include.0']],
    ['include with an unknown expert', { include: ['weld', 'nobody'] }, ['include.1']],
    ['include with "__proto__"', { include: ['__proto__'] }, ['include.0']],
  ])('refuses %s as the options', (_, options, fields) => {
    expectDuijieError(() => small().match('焊接', options as never), 'INPUT', fields)
  })

  it('refuses options whose getter throws', () => {
    expectDuijieError(() => small().match('焊接', throwingGetter('topK') as never), 'INPUT')
  })

  it('accepts a frozen need, a transparent Proxy, an own __proto__ key, text at the limit and a huge topK', () => {
    const m = small()
    const expected = m.match('船舶焊接').experts.map((e) => e.id)
    expect(m.match(Object.freeze({ text: '船舶焊接' })).experts.map((e) => e.id)).toEqual(expected)
    expect(m.match(new Proxy({ text: '船舶焊接' }, {})).experts.map((e) => e.id)).toEqual(expected)
    const protoNeed = JSON.parse('{"text": "船舶焊接", "__proto__": {"kind": "bogus"}, "constructor": 1}')
    expect(m.match(protoNeed).experts.map((e) => e.id)).toEqual(expected)
    expect(new Matcher({ maxTextLength: 4 }).match('船舶焊接').experts).toEqual([])
    expect(m.match('焊接', { topK: Number.MAX_SAFE_INTEGER }).experts.map((e) => e.id)).toEqual(['weld'])
    expect(m.match('焊接', Object.freeze({ topK: 1, include: Object.freeze(['weld']) })).experts).toHaveLength(1)
  })
})

describe('matchAll', () => {
  it.each(NOT_ARRAYS)('refuses %s as the needs', (_, needs) => {
    const m = small()
    expectRejectedUnchanged(m, () => m.matchAll(needs as never), 'INPUT', ['(batch)'])
  })

  it.each(BAD_NEEDS)('refuses a batch with %s among good needs, before matching any', (_, need, fields) => {
    const m = small()
    const progress: number[] = []
    const e = expectRejectedUnchanged(
      m,
      () => m.matchAll(['焊接', need] as never, { onProgress: (done) => progress.push(done) }),
      'INPUT',
      fields,
    )
    expect(e.issues[0]!.index).toBe(1)
    expect(progress).toEqual([])
  })

  it('refuses a batch with a hole (one result per need, or an error)', () => {
    const m = small()
    expectRejectedUnchanged(m, () => m.matchAll(withHole(['焊接', '缓释制剂'], 1)), 'INPUT')
  })

  it('refuses a batch that is a Proxy whose reads throw', () => {
    const m = small()
    expectRejectedUnchanged(m, () => m.matchAll(throwingProxy([]) as never), 'INPUT')
  })

  it.each<[string, unknown]>([
    ['a number', 42],
    ['a string', 'log'],
    ['an object', {}],
    ['a Symbol', Symbol('p')],
  ])('refuses %s as onProgress, before matching any need', (_, onProgress) => {
    const m = small()
    expectRejectedUnchanged(m, () => m.matchAll(['焊接', '缓释'], { onProgress } as never), 'INPUT', ['onProgress'])
  })

  it.each<[string, unknown, string[]]>([
    ['null', null, ['(record)']],
    ['a string', 'fast', ['(record)']],
    ['topK 0', { topK: 0 }, ['topK']],
    ['topK NaN', { topK: Number.NaN }, ['topK']],
    ['include with an unknown expert', { include: ['nobody'] }, ['include.0']],
  ])('refuses %s as the options', (_, options, fields) => {
    expectDuijieError(() => small().matchAll(['焊接'], options as never), 'INPUT', fields)
  })

  it('accepts a frozen batch and reports progress once per need', () => {
    const m = small()
    const progress: Array<[number, number]> = []
    const results = m.matchAll(deepFreeze(['焊接', { id: 'n2', text: '缓释制剂' }]), {
      onProgress: (done, total) => progress.push([done, total]),
    })
    expect(results.map((r) => r.experts[0]?.id)).toEqual(['weld', 'drug'])
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ])
    expect(m.matchAll([], { onProgress: () => expect.fail('no need, no progress') })).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------------------
// hasExpert / hasUniversity
// ---------------------------------------------------------------------------------------------------------

describe('hasExpert / hasUniversity', () => {
  it.each([...NOT_STRINGS, ['a function', () => 'weld'] as [string, unknown]])(
    'answer false for %s, without throwing',
    (_, id) => {
      const m = small()
      expect(m.hasExpert(id as never)).toBe(false)
      expect(m.hasUniversity(id as never)).toBe(false)
    },
  )

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', ' weld'])(
    'answer false for %j, which nobody added',
    (id) => {
      const m = small()
      expect([m.hasExpert(id), m.hasUniversity(id)]).toEqual([false, false])
    },
  )
})

// ---------------------------------------------------------------------------------------------------------
// toJSON / fromJSON
// ---------------------------------------------------------------------------------------------------------

describe('fromJSON', () => {
  const good = () => small().toJSON()

  it.each([...NOT_OBJECTS, ['undefined', undefined] as [string, unknown]])(
    'refuses %s as the snapshot',
    (_, snapshot) => {
      // Arguable: SNAPSHOT_INCOMPATIBLE ("not a saved matcher") today; INPUT ("wrong argument") would do too.
      expectOneOf(() => Matcher.fromJSON(snapshot), ['SNAPSHOT_INCOMPATIBLE', 'INPUT'])
    },
  )

  it('refuses the JSON text itself (a string) with a DuijieError', () => {
    expectOneOf(() => Matcher.fromJSON(JSON.stringify(small())), ['SNAPSHOT_INCOMPATIBLE', 'INPUT'])
  })

  it.each<[string, unknown]>([
    ['an empty object', {}],
    ['an array', []],
    ['another format', { ...good(), format: 'other/matcher' }],
    ['version 2', { ...good(), version: 2 }],
    ['version "3"', { ...good(), version: '3' }],
    ['version NaN', { ...good(), version: Number.NaN }],
    ['version 3n', { ...good(), version: 3n }],
    ['version as a Symbol', { ...good(), version: Symbol('3') }],
  ])('refuses %s as SNAPSHOT_INCOMPATIBLE', (_, snapshot) => {
    expectDuijieError(() => Matcher.fromJSON(snapshot), 'SNAPSHOT_INCOMPATIBLE')
  })

  const withSections = (sections: unknown) => ({ ...good(), sections })
  const withSection = (name: string, section: unknown) => ({
    ...good(),
    sections: { ...good().sections, [name]: section },
  })
  it.each<[string, unknown]>([
    ['sections missing', withSections(undefined)],
    ['sections null', withSections(null)],
    ['sections as an array', withSections([])],
    ['sections as a string', withSections('settings')],
    ['no sections', withSections({})],
    ['a section that is null', withSection('settings', null)],
    ['a section that is a number', withSection('experts', 42)],
    ['a section of an unknown type', withSection('experts', { ...good().sections.experts, type: 'u64' })],
    ['a section with a NaN crc32', withSection('experts', { ...good().sections.experts, crc32: Number.NaN })],
    ['a section with a negative crc32', withSection('experts', { ...good().sections.experts, crc32: -1 })],
    ['a section with numeric data', withSection('experts', { ...good().sections.experts, data: 42 })],
    ['a records section with string data', withSection('experts', { ...good().sections.experts, data: 'e30=' })],
    ['a strings section holding a number', withSection('vocabulary', { type: 'strings', crc32: 0, data: [1] })],
    ['a records section holding a BigInt', withSection('experts', { type: 'records', crc32: 0, data: [1n] })],
    ['a typed section with array data', withSection('experts.docs', { type: 'u32', crc32: 0, data: [1, 2] })],
    ['a wrong checksum', withSection('experts', { ...good().sections.experts, crc32: 12345 })],
    ['an extra section', withSection('extra', { type: 'strings', crc32: 0, data: [] })],
    [
      'an own "__proto__" section',
      JSON.parse(
        JSON.stringify(good()).replace('"sections":{', '"sections":{"__proto__":{"type":"u32","crc32":0,"data":""},'),
      ),
    ],
    ['a "constructor" section', withSection('constructor', { type: 'u32', crc32: 0, data: '' })],
  ])('refuses a snapshot with %s as SNAPSHOT_CORRUPT', (_, snapshot) => {
    expectDuijieError(() => Matcher.fromJSON(snapshot), 'SNAPSHOT_CORRUPT')
  })

  it('refuses a snapshot whose getter throws', () => {
    expectOneOf(
      () => Matcher.fromJSON(throwingGetter('format', good())),
      ['SNAPSHOT_CORRUPT', 'SNAPSHOT_INCOMPATIBLE', 'INPUT'],
    )
  })

  it('refuses a snapshot whose sections getter throws', () => {
    expectOneOf(
      () => Matcher.fromJSON(throwingGetter('sections', good())),
      ['SNAPSHOT_CORRUPT', 'SNAPSHOT_INCOMPATIBLE', 'INPUT'],
    )
  })

  it('refuses a snapshot that is a Proxy whose reads throw', () => {
    expectOneOf(() => Matcher.fromJSON(throwingProxy(good())), ['SNAPSHOT_CORRUPT', 'SNAPSHOT_INCOMPATIBLE', 'INPUT'])
  })

  it.each<[string, unknown, string[]]>([
    ['null', null, ['(record)']],
    ['a number', 42, ['(record)']],
    ['an unknown option', { topK: 3 }, ['topK']],
    ['scoring "fast"', { scoring: 'fast' }, ['scoring']],
    ['a segmenter without cut', { segmenter: { id: 'x' } }, ['segmenter']],
  ])('refuses %s as the load options', (_, options, fields) => {
    expectDuijieError(() => Matcher.fromJSON(good(), options as never), 'INPUT', fields)
  })

  it('accepts a deep-frozen snapshot, a JSON round trip and a transparent Proxy', () => {
    const expected = small().match('焊接')
    expect(Matcher.fromJSON(deepFreeze(good())).match('焊接')).toEqual(expected)
    expect(Matcher.fromJSON(JSON.parse(JSON.stringify(small()))).match('焊接')).toEqual(expected)
    expect(Matcher.fromJSON(new Proxy(good(), {})).match('焊接')).toEqual(expected)
  })
})

// ---------------------------------------------------------------------------------------------------------
// toBinary / fromBinary
// ---------------------------------------------------------------------------------------------------------

describe('fromBinary', () => {
  const bytes = small().toBinary()

  it.each<[string, unknown]>([
    ...NOT_OBJECTS,
    ['undefined', undefined],
    ['a plain array of bytes', [...bytes.subarray(0, 32)]],
    ['an object', {}],
    ['a Uint16Array', new Uint16Array(8)],
    ['a DataView', new DataView(new ArrayBuffer(8))],
  ])('refuses %s as the bytes', (_, value) => {
    expectDuijieError(() => Matcher.fromBinary(value as never), 'INPUT', ['(bytes)'])
  })

  it('refuses a Proxy around a Uint8Array with a DuijieError', () => {
    expectOneOf(() => Matcher.fromBinary(new Proxy(bytes, {})), ['INPUT', 'SNAPSHOT_INCOMPATIBLE'])
  })

  it.each<[string, Uint8Array]>([
    ['no bytes', new Uint8Array(0)],
    ['15 bytes', bytes.subarray(0, 15)],
    ['JSON text', new TextEncoder().encode(JSON.stringify(small()))],
    ['random bytes', Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 256)],
  ])('refuses %s as SNAPSHOT_INCOMPATIBLE', (_, value) => {
    expectDuijieError(() => Matcher.fromBinary(value), 'SNAPSHOT_INCOMPATIBLE')
  })

  it.each<[string, () => Uint8Array]>([
    ['the lead alone', () => bytes.slice(0, 16)],
    ['half the bytes', () => bytes.slice(0, bytes.length >> 1)],
    ['all but the last byte', () => bytes.slice(0, -1)],
    ['extra bytes at the end', () => Uint8Array.from([...bytes, 0, 0, 0, 0, 0, 0, 0, 0])],
    [
      'a flipped header byte',
      () => {
        const copy = bytes.slice()
        copy[20]! ^= 0xff
        return copy
      },
    ],
  ])('refuses %s as SNAPSHOT_CORRUPT', (_, make) => {
    expectDuijieError(() => Matcher.fromBinary(make()), 'SNAPSHOT_CORRUPT')
  })

  it.each<[string, unknown, string[]]>([
    ['null', null, ['(record)']],
    ['scoring 1', { scoring: 1 }, ['scoring']],
    ['an unknown option', { weighting: 'bm25' }, ['weighting']],
  ])('refuses %s as the load options', (_, options, fields) => {
    expectDuijieError(() => Matcher.fromBinary(bytes, options as never), 'INPUT', fields)
  })

  it('accepts a Uint8Array, its ArrayBuffer, a Buffer and a view at an odd offset', () => {
    const expected = small().match('焊接')
    const odd = new Uint8Array(bytes.length + 3)
    odd.set(bytes, 3)
    for (const value of [bytes, bytes.slice().buffer, Buffer.from(bytes), odd.subarray(3)]) {
      expect(Matcher.fromBinary(value).match('焊接')).toEqual(expected)
    }
  })
})

// ---------------------------------------------------------------------------------------------------------
// saveBinary / loadBinary
// ---------------------------------------------------------------------------------------------------------

describe('saveBinary', () => {
  it.each([...NOT_STRINGS, ['an empty string', ''] as [string, unknown], ['a URL', new URL('file:///tmp/x')]])(
    'refuses %s as the path',
    (_, path) => {
      expectDuijieError(() => small().saveBinary(path as never), 'INPUT')
    },
  )

  it('refuses a path that is a directory as IO, naming it, and leaves no temporary file', () => {
    const target = join(dir, 'a-directory')
    mkdirSync(target)
    const e = expectDuijieError(() => small().saveBinary(target), 'IO')
    expect(e.message).toContain(target)
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('refuses a path in a missing directory as IO, naming it', () => {
    const target = join(dir, 'missing', 'deeper', 'm.duijie')
    expect(expectDuijieError(() => small().saveBinary(target), 'IO').message).toContain(target)
  })

  it('refuses a path under a regular file as IO', () => {
    const file = join(dir, 'plain-file')
    writeFileSync(file, 'not a directory')
    expectDuijieError(() => small().saveBinary(join(file, 'm.duijie')), 'IO')
  })

  it('refuses a path with a NUL byte with a DuijieError', () => {
    expectOneOf(() => small().saveBinary(join(dir, 'a\u0000b.duijie')), ['INPUT', 'IO'])
  })

  it('saves to a good path and returns the bytes written', () => {
    const path = join(dir, 'good.duijie')
    expect(small().saveBinary(path)).toBeGreaterThan(16)
    expect(Matcher.loadBinary(path).match('焊接')).toEqual(small().match('焊接'))
  })
})

describe('loadBinary', () => {
  const good = join(dir, 'load-good.duijie')
  small().saveBinary(good)

  it.each([...NOT_STRINGS, ['an empty string', ''] as [string, unknown]])('refuses %s as the path', (_, path) => {
    expectDuijieError(() => Matcher.loadBinary(path as never), 'INPUT')
  })

  it('refuses a missing file as IO, naming it', () => {
    const path = join(dir, 'nope.duijie')
    expect(expectDuijieError(() => Matcher.loadBinary(path), 'IO').message).toContain(path)
  })

  it('refuses a directory as IO, naming it', () => {
    const path = join(dir, 'load-directory')
    mkdirSync(path)
    expect(expectDuijieError(() => Matcher.loadBinary(path), 'IO').message).toContain(path)
  })

  it('refuses a path with a NUL byte with a DuijieError', () => {
    expectOneOf(() => Matcher.loadBinary(join(dir, 'a\u0000b.duijie')), ['INPUT', 'IO'])
  })

  it.each<[string, string | Uint8Array]>([
    ['an empty file', ''],
    ['a text file', '{"format": "duijie/matcher", "version": 3}\n'],
  ])('refuses %s as SNAPSHOT_INCOMPATIBLE', (name, content) => {
    const path = join(dir, `${name.replace(/ /g, '-')}.duijie`)
    writeFileSync(path, content)
    expectDuijieError(() => Matcher.loadBinary(path), 'SNAPSHOT_INCOMPATIBLE')
  })

  it('refuses a truncated file as SNAPSHOT_CORRUPT', () => {
    const path = join(dir, 'truncated.duijie')
    const bytes = small().toBinary()
    writeFileSync(path, bytes.subarray(0, bytes.length - 8))
    expectDuijieError(() => Matcher.loadBinary(path), 'SNAPSHOT_CORRUPT')
  })

  it.each<[string, unknown, string[]]>([
    ['null', null, ['(record)']],
    ['a string', 'exhaustive', ['(record)']],
    ['scoring "fast"', { scoring: 'fast' }, ['scoring']],
    ['a segmenter that is a function', { segmenter: () => [] }, ['segmenter']],
  ])('refuses %s as the load options', (_, options, fields) => {
    expectDuijieError(() => Matcher.loadBinary(good, options as never), 'INPUT', fields)
  })
})

// ---------------------------------------------------------------------------------------------------------
// A segmenter that misbehaves
// ---------------------------------------------------------------------------------------------------------

describe('a segmenter that returns the wrong thing', () => {
  it.each<[string, (run: string) => unknown]>([
    ['a number', () => 42],
    ['null', () => null],
    ['an array with a number', () => [42]],
    ['an array with null', () => [null]],
  ])('returning %s is refused with a DuijieError, and addUniversities changes nothing', (_, cut) => {
    const m = new Matcher({ segmenter: { id: 'bad@1', cut: cut as never } })
    const before = m.stats
    expectOneOf(() => m.addUniversities(UNIVERSITIES), ['INPUT', 'INTERNAL'])
    expect(m.stats).toEqual(before)
    expectOneOf(() => m.match('焊接'), ['INPUT', 'INTERNAL'])
  })

  it('whose subwords returns a number is refused with a DuijieError', () => {
    const segmenter = { id: 'bad-sub@1', cut: (run: string) => [run], subwords: () => 42 as never }
    expectOneOf(() => new Analyzer({ segmenter, subwords: true }).analyze('高压开关柜'), ['INPUT', 'INTERNAL'])
  })

  it('that throws half way through a batch leaves the matcher as it was (vocabulary included)', () => {
    const jieba = new JiebaSegmenter()
    const segmenter: Segmenter = {
      id: 'throws-on-bomb@1',
      cut: (run) => {
        if (run.includes('炸')) throw new Error('segmenter failed')
        return jieba.cut(run)
      },
    }
    const m = new Matcher({ segmenter }).addUniversities(UNIVERSITIES).addExperts(EXPERTS)
    const before = state(m)
    expect(() =>
      m.addExperts([
        { id: 'laser', name: '戊', universityId: 'just', specialties: ['激光熔覆涂层', '海洋防腐'] },
        { id: 'bomb', name: '己', universityId: 'just', specialties: ['炸药'] },
      ]),
    ).toThrow()
    expect(state(m)).toEqual(before)
    expect(m.hasExpert('laser')).toBe(false)
  })
})

// ---------------------------------------------------------------------------------------------------------
// Analyzer, normalize, JiebaSegmenter, loadDomainDictionary
// ---------------------------------------------------------------------------------------------------------

describe('new Analyzer(options)', () => {
  it.each([...NOT_OBJECTS, ['an array', []] as [string, unknown]])('refuses %s as options', (_, options) => {
    expectDuijieError(() => new Analyzer(options as never), 'INPUT')
  })

  it.each<[string, unknown]>([
    ['userWords as a string', { userWords: '海雷德蒙' }],
    ['userWords as a number', { userWords: 42 }],
    ['userWords with a number', { userWords: ['海雷德蒙', 42] }],
    ['stopWords as a number', { stopWords: 42 }],
    ['stopWords with a number', { stopWords: ['的', 42] }],
    ['stopWords.add as a number', { stopWords: { add: 42 } }],
    ['stopWords.remove with null', { stopWords: { remove: [null] } }],
    ['segmenter 42', { segmenter: 42 }],
    ['a segmenter without cut', { segmenter: { id: 's' } }],
    ['minNumberLength -1', { minNumberLength: -1 }],
    ['minNumberLength NaN', { minNumberLength: Number.NaN }],
    ['minNumberLength "3"', { minNumberLength: '3' }],
    ['bigrams "yes"', { bigrams: 'yes' }],
    ['subwords 1', { subwords: 1 }],
    ['domainDictionary "no"', { domainDictionary: 'no' }],
    ['an unknown option', { bigram: false }],
  ])('refuses %s', (_, options) => {
    expectDuijieError(() => new Analyzer(options as never), 'INPUT')
  })

  it('refuses options whose getter throws', () => {
    expectDuijieError(() => new Analyzer(throwingGetter('userWords') as never), 'INPUT')
  })

  it('accepts no options and frozen options', () => {
    expect(new Analyzer().analyze('碳化硅功率模块')).toContain('碳化硅')
    const frozen = deepFreeze({ userWords: ['海雷德蒙'], stopWords: { add: ['需要'] }, bigrams: false })
    expect(new Analyzer(frozen).analyze('需要海雷德蒙')).toEqual(['海雷德蒙'])
  })
})

describe('analyzer.analyze(text)', () => {
  const analyzer = small().analyzer

  it.each([
    ...NOT_STRINGS.filter(([name]) => name !== 'a String object'),
    ['a function', () => '焊接'] as [string, unknown],
  ])('refuses %s', (_, text) => {
    expectDuijieError(() => analyzer.analyze(text as never), 'INPUT')
  })

  it('gives no terms for empty and blank text, and terms for odd but legal text', () => {
    expect(analyzer.analyze('')).toEqual([])
    expect(analyzer.analyze(' \t\n')).toEqual([])
    expect(analyzer.analyze('\ud800焊接\udfff')).toContain('焊接')
    expect(analyzer.analyze('__proto__ constructor')).toEqual(['__proto__', 'constructor'])
  })
})

describe('normalize(text)', () => {
  it.each([
    ...NOT_STRINGS.filter(([name]) => name !== 'a String object'),
    ['a function', () => 'x'] as [string, unknown],
  ])('refuses %s', (_, text) => {
    expectDuijieError(() => normalize(text as never), 'INPUT')
  })

  it('normalises empty, odd and huge strings', () => {
    expect(normalize('')).toBe('')
    expect(normalize('ＳｉＣ\ud800')).toBe('sic\ud800')
    expect(normalize(OVER_LIMIT)).toHaveLength(LIMIT + 1)
  })
})

describe('new JiebaSegmenter().cut(run) / subwords(word)', () => {
  const jieba = new JiebaSegmenter()

  it.each(NOT_STRINGS)('cut refuses %s', (_, run) => {
    expectDuijieError(() => jieba.cut(run as never), 'INPUT')
  })

  it.each(NOT_STRINGS)('subwords refuses %s', (_, word) => {
    expectDuijieError(() => jieba.subwords(word as never), 'INPUT')
  })

  it('cuts empty and odd runs without throwing', () => {
    expect(jieba.cut('')).toEqual([])
    expect(jieba.subwords('')).toEqual([])
    expect(Array.isArray(jieba.cut('焊接'.repeat(1000)))).toBe(true)
  })
})

describe('loadDomainDictionary()', () => {
  it('ignores stray arguments and returns the same frozen list every time', () => {
    const load = loadDomainDictionary as (...args: unknown[]) => readonly string[]
    const words = load(null, 42, 'x')
    expect(words).toBe(loadDomainDictionary())
    expect(Object.isFrozen(words)).toBe(true)
    expect(words).toContain('碳化硅')
  })
})

// ---------------------------------------------------------------------------------------------------------
// tfidf / bm25
// ---------------------------------------------------------------------------------------------------------

describe('bm25(params)', () => {
  it.each<[string, unknown]>([
    ...NOT_OBJECTS,
    ['undefined', undefined],
    ['{}', {}],
    ['k1 NaN', { k1: Number.NaN, b: 0.75 }],
    ['k1 -1', { k1: -1, b: 0.75 }],
    ['k1 Infinity', { k1: Number.POSITIVE_INFINITY, b: 0.75 }],
    ['k1 "1.2"', { k1: '1.2', b: 0.75 }],
    ['b 2', { k1: 1.2, b: 2 }],
    ['b -0.1', { k1: 1.2, b: -0.1 }],
    ['b missing', { k1: 1.2 }],
  ])('refuses %s', (_, params) => {
    expectDuijieError(() => bm25(params as never), 'INPUT')
  })

  it('accepts good parameters, also frozen', () => {
    expect(bm25(Object.freeze({ k1: 1.2, b: 0.75 }))).toMatchObject({ name: 'bm25', k1: 1.2, b: 0.75 })
    expect(bm25({ k1: 0, b: 0 }).idf(1, 2)).toBeGreaterThan(0)
  })
})

describe('tfidf', () => {
  it('computes weights for good input', () => {
    expect(tfidf.idf(1, 4)).toBeCloseTo(Math.log(5 / 2) + 1)
    expect(tfidf.postingValue(1)).toBe(1)
    expect(tfidf.queryWeight(1, 2)).toBe(2)
  })
})

// ---------------------------------------------------------------------------------------------------------
// Metrics
// ---------------------------------------------------------------------------------------------------------

type Metric = (runs: readonly JudgedRanking[], k?: number) => number
const METRICS: Array<[string, Metric]> = [
  ['mrr', (runs, k) => mrr(runs, k)],
  ['ndcg', (runs, k) => ndcg(runs, k)],
  ['precisionAtK', (runs, k) => precisionAtK(runs, k ?? 1)],
  ['recallAtK', (runs, k) => recallAtK(runs, k ?? 1)],
  ['accuracyAt1', (runs) => accuracyAt1(runs)],
  ['averagePrecision', (runs) => averagePrecision(runs)],
]
const WITH_K: Array<[string, (runs: readonly JudgedRanking[], k: number) => number]> = [
  ['mrr', mrr],
  ['ndcg', ndcg],
  ['precisionAtK', precisionAtK],
  ['recallAtK', recallAtK],
]
const GOOD_RUN: JudgedRanking = { ranked: ['a', 'b'], relevant: ['a'] }
const BAD_RUNS: Array<[string, unknown]> = [
  ...NOT_OBJECTS,
  ['undefined', undefined],
  ['an object', {}],
  ['a Set of runs', new Set([GOOD_RUN])],
  ['an empty array', []],
  ['a null run', [null]],
  ['a numeric run', [42]],
  ['a run without relevant', [{ ranked: ['a'] }]],
  ['a run without ranked', [{ relevant: ['a'] }]],
  ['ranked null', [{ ranked: null, relevant: ['a'] }]],
  ['ranked as a string', [{ ranked: 'abc', relevant: ['a'] }]],
  ['relevant null', [{ ranked: ['a'], relevant: null }]],
  ['relevant as a number', [{ ranked: ['a'], relevant: 42 }]],
  ['relevant as a string', [{ ranked: ['a'], relevant: 'ab' }]],
  ['relevant empty', [{ ranked: ['a'], relevant: [] }]],
  ['a Map with only NaN gains', [{ ranked: ['a'], relevant: new Map([['a', Number.NaN]]) }]],
  ['a good run then a null run', [GOOD_RUN, null]],
  ['a run whose getter throws', [throwingGetter('relevant', { ranked: ['a'] })]],
  ['a run that is a Proxy whose reads throw', [throwingProxy()]],
]

describe('metrics', () => {
  it.each(METRICS.flatMap(([name, metric]) => BAD_RUNS.map(([what, runs]) => [name, what, metric, runs] as const)))(
    '%s refuses %s',
    (_, __, metric, runs) => {
      expectDuijieError(() => metric(runs as never), 'INPUT')
    },
  )

  it.each<[string, Map<string, number>]>([['a gain of Infinity', new Map([['a', Number.POSITIVE_INFINITY]])]])(
    'ndcg refuses %s rather than returning NaN',
    (_, relevant) => {
      const value = expectNoRawError(() => ndcg([{ ranked: ['a', 'b'], relevant }]))
      if (value !== undefined) expectDuijieError(() => expect.fail(`ndcg returned ${value}`), 'INPUT')
    },
  )

  it.each(
    WITH_K.flatMap(([name, metric]) =>
      [...BAD_POSITIVE_INTS, ['a Symbol', Symbol('k')] as [string, unknown]].map(
        ([what, k]) => [name, what, metric, k] as const,
      ),
    ),
  )('%s refuses k = %s', (_, __, metric, k) => {
    expectDuijieError(() => metric([GOOD_RUN], k as never), 'INPUT')
  })

  it.each(['precisionAtK', 'recallAtK'] as const)('%s refuses a missing k', (name) => {
    const metric = name === 'precisionAtK' ? precisionAtK : recallAtK
    expectDuijieError(() => metric([GOOD_RUN], undefined as never), 'INPUT')
  })

  it.each<[string, Metric, number]>([
    ['mrr', (r) => mrr(r), 1],
    ['ndcg', (r) => ndcg(r), 1],
    ['precisionAtK', (r) => precisionAtK(r, 2), 0.5],
    ['recallAtK', (r) => recallAtK(r, 2), 1],
    ['accuracyAt1', (r) => accuracyAt1(r), 1],
    ['averagePrecision', (r) => averagePrecision(r), 1],
  ])('%s refuses a ranking that repeats an id, or counts the repeat once', (_, metric, once) => {
    const value = expectNoRawError(() => metric([{ ranked: ['a', 'a'], relevant: ['a'] }]))
    if (value !== undefined) expect(value).toBeCloseTo(once)
  })

  it.each(METRICS)('%s accepts frozen runs, Sets and Maps of relevant ids', (_, metric) => {
    const runs = deepFreeze([GOOD_RUN, { ranked: ['x', 'a'], relevant: new Set(['a']) }])
    expect(metric(runs)).toBeGreaterThan(0)
    expect(metric([{ ranked: ['a'], relevant: new Map([['a', 2]]) }])).toBe(1)
    expect(metric([{ ranked: ['__proto__'], relevant: ['__proto__'] }])).toBe(1)
  })
})

// ---------------------------------------------------------------------------------------------------------
// assign
// ---------------------------------------------------------------------------------------------------------

describe('assign(input)', () => {
  const pair = (person: string, item: string, score = 1) => ({ person, item, score })
  const base = { scores: [pair('p', 'i')], capacity: { p: 1 } }

  it.each([...NOT_OBJECTS, ['undefined', undefined] as [string, unknown], ['an array', []] as [string, unknown]])(
    'refuses %s',
    (_, input) => {
      expectDuijieError(() => assign(input as never), 'INPUT', ['(input)'])
    },
  )

  it.each<[string, unknown, string[]]>([
    ['an empty object', {}, ['scores', 'capacity']],
    ['scores as an object', { ...base, scores: {} }, ['scores']],
    ['a null score entry', { ...base, scores: [null] }, ['scores.0']],
    ['a NaN score', { ...base, scores: [pair('p', 'i', Number.NaN)] }, ['scores.0.score']],
    ['an infinite score', { ...base, scores: [pair('p', 'i', Number.NEGATIVE_INFINITY)] }, ['scores.0.score']],
    ['a string score', { ...base, scores: [{ person: 'p', item: 'i', score: '1' }] }, ['scores.0.score']],
    ['a BigInt score', { ...base, scores: [{ person: 'p', item: 'i', score: 1n }] }, ['scores.0.score']],
    ['an empty person', { ...base, scores: [pair('', 'i')] }, ['scores.0.person']],
    ['a numeric item', { ...base, scores: [{ person: 'p', item: 7, score: 1 }] }, ['scores.0.item']],
    ['capacity as an array', { ...base, capacity: [1] }, ['capacity']],
    ['capacity as a Map', { ...base, capacity: new Map([['p', 1]]) }, ['capacity']],
    ['capacity null', { ...base, capacity: null }, ['capacity']],
    ['a negative capacity', { ...base, capacity: { p: -1 } }, ['capacity.p']],
    ['a fractional capacity', { ...base, capacity: { p: 1.5 } }, ['capacity.p']],
    ['a NaN capacity', { ...base, capacity: { p: Number.NaN } }, ['capacity.p']],
    ['an infinite capacity', { ...base, capacity: { p: Number.POSITIVE_INFINITY } }, ['capacity.p']],
    ['a string capacity', { ...base, capacity: { p: '1' } }, ['capacity.p']],
    ['a negative demand', { ...base, demand: -1 }, ['demand']],
    ['a fractional demand', { ...base, demand: 0.5 }, ['demand']],
    ['a string demand', { ...base, demand: 'all' }, ['demand']],
    ['conflicts as a string', { ...base, conflicts: 'p:i' }, ['conflicts']],
    ['a conflict without an item', { ...base, conflicts: [{ person: 'p' }] }, ['conflicts.0.item']],
    ['a NaN minScore', { ...base, minScore: Number.NaN }, ['minScore']],
    ['an infinite minScore', { ...base, minScore: Number.POSITIVE_INFINITY }, ['minScore']],
    ['a person with no capacity entry', { ...base, scores: [pair('q', 'i')] }, ['scores.0.person']],
    ['a repeated pair', { ...base, scores: [pair('p', 'i'), pair('p', 'i', 2)] }, ['scores.1']],
    [
      'a conflict naming an unknown person',
      { ...base, conflicts: [{ person: 'z', item: 'i' }] },
      ['conflicts.0.person'],
    ],
    ['a conflict naming an unknown item', { ...base, conflicts: [{ person: 'p', item: 'z' }] }, ['conflicts.0.item']],
    ['a misspelt minScore', { ...base, minscore: 1 }, ['minscore']],
    ['a misspelt conflicts', { ...base, conflict: [] }, ['conflict']],
    ['an unknown key', { ...base, weights: {} }, ['weights']],
    ['a score with an unknown key', { ...base, scores: [{ ...pair('p', 'i'), weight: 2 }] }, ['scores.0.weight']],
    [
      'a conflict with an unknown key',
      { ...base, conflicts: [{ person: 'p', item: 'i', why: '' }] },
      ['conflicts.0.why'],
    ],
    [
      'a person of invisible characters',
      { scores: [pair('\u200B\u200D', 'i')], capacity: { '\u200B\u200D': 1 } },
      ['scores.0.person'],
    ],
  ])('refuses %s', (_, input, fields) => {
    expectDuijieError(() => assign(input as never), 'INPUT', fields)
  })

  it('refuses a per-item demand that is negative', () => {
    expectDuijieError(() => assign({ ...base, demand: { i: -1 } }), 'INPUT')
  })

  it('refuses a capacity with a Symbol key with a DuijieError', () => {
    expectDuijieError(() => assign({ ...base, capacity: { p: 1, [Symbol('q')]: 1 } as never }), 'INPUT')
  })

  it('refuses input whose getter throws', () => {
    expectDuijieError(() => assign(throwingGetter('scores', base) as never), 'INPUT')
  })

  it('refuses input that is a Proxy whose reads throw', () => {
    expectDuijieError(() => assign(throwingProxy() as never), 'INPUT')
  })

  it('accepts deep-frozen input, no candidates at all, and extreme but finite scores', () => {
    expect(assign(deepFreeze({ ...base, conflicts: [], demand: { i: 1 } }))).toEqual({
      assignments: [pair('p', 'i')],
      unassigned: [],
    })
    expect(assign({ scores: [], capacity: {} })).toEqual({ assignments: [], unassigned: [] })
    const extreme = assign({
      scores: [pair('p', 'a', Number.MAX_VALUE), pair('q', 'a', -Number.MAX_VALUE), pair('q', 'b', 5e-324)],
      capacity: { p: 1, q: 1 },
    })
    expect(extreme.assignments).toEqual([pair('p', 'a', Number.MAX_VALUE), pair('q', 'b', 5e-324)])
  })

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'])(
    'treats an item named %s like any other when a demand object does not name it',
    (item) => {
      const r = assign({ scores: [pair('p', item)], capacity: { p: 1 }, demand: { other: 1 } })
      expect(r.assignments).toEqual([pair('p', item)])
      expect(r.unassigned.map((u) => u.item)).toEqual(['other'])
    },
  )

  it('treats a person named __proto__ like any other (capacity parsed from JSON)', () => {
    const r = assign({
      scores: [pair('__proto__', 'i'), pair('constructor', 'j')],
      capacity: JSON.parse('{"__proto__": 1, "constructor": 1}'),
    })
    expect(r.assignments).toEqual([pair('__proto__', 'i'), pair('constructor', 'j')])
  })

  it('honours a demand for an item named __proto__ (demand parsed from JSON)', () => {
    const r = assign({
      scores: [pair('p', '__proto__'), pair('q', '__proto__')],
      capacity: { p: 1, q: 1 },
      demand: JSON.parse('{"__proto__": 2}'),
    })
    expect(r.assignments).toHaveLength(2)
  })
})

// ---------------------------------------------------------------------------------------------------------
// planWeek
// ---------------------------------------------------------------------------------------------------------

describe('planWeek(input)', () => {
  const members: Member[] = [
    { id: 'm1', name: '成员一', universityId: 'just', expertId: 'weld' },
    { id: 'm2', name: '成员二', universityId: 'cpu' },
  ]
  const enterprises: Enterprise[] = [
    { id: 'yard', name: '船厂', needs: [{ id: 'n1', kind: 'technology', text: '船体分段焊接需要焊接机器人' }] },
    { id: 'pharma', name: '药厂', needs: ['缓释制剂处方工艺'] },
  ]
  const input = (patch: Partial<Record<keyof WeekInput, unknown>> = {}, m = small()): WeekInput =>
    ({ matcher: m, members, enterprises, ...patch }) as WeekInput

  it.each([...NOT_OBJECTS, ['undefined', undefined] as [string, unknown], ['an array', []] as [string, unknown]])(
    'refuses %s',
    (_, value) => {
      expectDuijieError(() => planWeek(value as never), 'INPUT', ['(record)'])
    },
  )

  const member = (patch: object) => [{ id: 'm9', name: '九', universityId: 'just', ...patch }]
  const enterprise = (patch: object) => [{ id: 'e9', name: '九', needs: ['焊接'], ...patch }]
  it.each<[string, Partial<Record<keyof WeekInput, unknown>>, string[]]>([
    [
      'an empty object',
      { matcher: undefined, members: undefined, enterprises: undefined },
      ['matcher', 'members', 'enterprises'],
    ],
    ['a matcher that is a plain object', { matcher: {} }, ['matcher']],
    ['a matcher that is a string', { matcher: 'm' }, ['matcher']],
    ['members as a string', { members: 'm1' }, ['members']],
    ['enterprises as an object', { enterprises: {} }, ['enterprises']],
    ['history as a number', { history: 1 }, ['history']],
    ['conflicts as an object', { conflicts: {} }, ['conflicts']],
    ['expertsPerVisit -1', { expertsPerVisit: -1 }, ['expertsPerVisit']],
    ['expertsPerVisit 1.5', { expertsPerVisit: 1.5 }, ['expertsPerVisit']],
    ['expertsPerVisit NaN', { expertsPerVisit: Number.NaN }, ['expertsPerVisit']],
    ['expertsPerVisit "1"', { expertsPerVisit: '1' }, ['expertsPerVisit']],
    ['expertCapacity Infinity', { expertCapacity: Number.POSITIVE_INFINITY }, ['expertCapacity']],
    ['expertCapacity 2n', { expertCapacity: 2n }, ['expertCapacity']],
    ['a null member', { members: [null] }, ['(record)']],
    ['a member without universityId', { members: member({ universityId: undefined }) }, ['universityId']],
    ['a member of an unknown university', { members: member({ universityId: 'nowhere' }) }, ['universityId']],
    ['a member with an unknown expert', { members: member({ expertId: 'nobody' }) }, ['expertId']],
    ['a member with expertId "constructor"', { members: member({ expertId: 'constructor' }) }, ['expertId']],
    ['a member with newVisits -1', { members: member({ newVisits: -1 }) }, ['newVisits']],
    ['a member with revisits 0.5', { members: member({ revisits: 0.5 }) }, ['revisits']],
    ['a member with newVisits NaN', { members: member({ newVisits: Number.NaN }) }, ['newVisits']],
    ['a member with active "yes"', { members: member({ active: 'yes' }) }, ['active']],
    ['two members with one id', { members: [...member({}), ...member({})] }, ['id']],
    ['a null enterprise', { enterprises: [null] }, ['(record)']],
    ['an enterprise without needs', { enterprises: enterprise({ needs: [] }) }, ['needs']],
    ['an enterprise with needs as a string', { enterprises: enterprise({ needs: '焊接' }) }, ['needs']],
    ['an enterprise with a numeric need', { enterprises: enterprise({ needs: [42] }) }, ['needs.0.(record)']],
    ['an enterprise with an empty need', { enterprises: enterprise({ needs: ['焊接', ''] }) }, ['needs.1.text']],
    [
      'an enterprise with a need over maxTextLength',
      { enterprises: enterprise({ needs: [OVER_LIMIT] }) },
      ['needs.0.text'],
    ],
    [
      'an enterprise with a need of unknown kind',
      { enterprises: enterprise({ needs: [{ text: '焊接', kind: 'x' }] }) },
      ['needs.0.kind'],
    ],
    ['two enterprises with one id', { enterprises: [...enterprise({}), ...enterprise({})] }, ['id']],
    ['a visit with a bad date', { history: [{ memberId: 'm1', enterpriseId: 'yard', date: 'yesterday' }] }, ['date']],
    ['a visit with a numeric date', { history: [{ memberId: 'm1', enterpriseId: 'yard', date: 20261101 }] }, ['date']],
    [
      'a visit by an unknown member',
      { history: [{ memberId: 'mx', enterpriseId: 'yard', date: '2026-11-01' }] },
      ['memberId'],
    ],
    [
      'a visit to an unknown enterprise',
      { history: [{ memberId: 'm1', enterpriseId: 'ex', date: '2026-11-01' }] },
      ['enterpriseId'],
    ],
    ['a conflict naming nobody', { conflicts: [{ enterpriseId: 'yard' }] }, ['memberId']],
    ['a conflict with an unknown expert', { conflicts: [{ expertId: 'nobody', enterpriseId: 'yard' }] }, ['expertId']],
    ['a conflict with an unknown member', { conflicts: [{ memberId: 'mx', enterpriseId: 'yard' }] }, ['memberId']],
    [
      'a conflict with an unknown enterprise',
      { conflicts: [{ memberId: 'm1', enterpriseId: 'ex' }] },
      ['enterpriseId'],
    ],
    ['a misspelt expertCapacity', { expertCapacty: 0 } as never, ['expertCapacty']],
    ['an unknown option', { week: '2026-W48' } as never, ['week']],
    ['a member with a misspelt active', { members: member({ activ: false }) }, ['activ']],
    ['an enterprise with an unknown key', { enterprises: enterprise({ region: '常熟' }) }, ['region']],
    [
      'a visit with an unknown key',
      { history: [{ memberId: 'm1', enterpriseId: 'yard', date: '2026-11-01', by: 'car' }] },
      ['by'],
    ],
    ['a conflict with an unknown key', { conflicts: [{ memberId: 'm1', enterpriseId: 'yard', why: '' }] }, ['why']],
    [
      'two needs with one id in an enterprise',
      {
        enterprises: enterprise({
          needs: [
            { id: 'n', text: '焊接' },
            { id: 'n', text: '船舶' },
          ],
        }),
      },
      ['needs.1.id'],
    ],
    ['a member named by invisible characters', { members: member({ name: '\u200B\u00AD' }) }, ['name']],
    [
      'an enterprise with an invisible need',
      { enterprises: enterprise({ needs: ['\uFEFF\u200D'] }) },
      ['needs.0.text'],
    ],
  ])('refuses %s, leaving the matcher as it was', (_, patch, fields) => {
    const m = small()
    expectRejectedUnchanged(m, () => planWeek(input(patch, m)), 'INPUT', fields)
  })

  it('refuses a matcher look-alike that has only matchAll', () => {
    expectDuijieError(() => planWeek(input({ matcher: { matchAll: () => [] } })), 'INPUT', ['matcher'])
  })

  it.each<[string, Partial<Record<keyof WeekInput, unknown>>]>([
    ['members', { members: withHole(members, 1) }],
    ['enterprises', { enterprises: withHole(enterprises, 1) }],
    ['an enterprise’s needs', { enterprises: [{ id: 'e', name: 'E', needs: withHole(['焊接'], 1) }] }],
    ['history', { history: withHole([{ memberId: 'm1', enterpriseId: 'yard', date: '2026-11-01' }], 0) }],
  ])('refuses %s with a hole in it', (_, patch) => {
    expectDuijieError(() => planWeek(input(patch)), 'INPUT')
  })

  it.each<[string, Partial<Record<keyof WeekInput, unknown>>]>([
    ['the input', {}],
    ['a member', { members: [throwingGetter('universityId', { id: 'm', name: 'M' })] }],
    ['an enterprise', { enterprises: [throwingGetter('needs', { id: 'e', name: 'E' })] }],
  ])('refuses %s whose getter throws', (what, patch) => {
    const value = what === 'the input' ? throwingGetter('members', input()) : input(patch)
    expectDuijieError(() => planWeek(value as never), 'INPUT')
  })

  it('refuses input that is a Proxy whose reads throw', () => {
    expectDuijieError(() => planWeek(throwingProxy() as never), 'INPUT')
  })

  it('accepts deep-frozen records (the matcher itself left unfrozen) and __proto__ / constructor ids', () => {
    const plan = planWeek(
      input({
        members: deepFreeze([{ id: '__proto__', name: 'P', universityId: 'just' }, ...members.slice(1)]),
        enterprises: deepFreeze([{ id: 'constructor', name: 'C', needs: ['船体焊接'] }, enterprises[1]]),
        history: deepFreeze([]),
        conflicts: deepFreeze([{ memberId: '__proto__', enterpriseId: 'pharma' }]),
      }),
    )
    expect(plan.visits.map((v) => [v.memberId, v.enterpriseId]).sort()).toEqual([
      ['__proto__', 'constructor'],
      ['m2', 'pharma'],
    ])
  })
})

// ---------------------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------------------

describe('messages say what was expected', () => {
  it.each<[string, () => unknown, RegExp]>([
    ['saveBinary(42)', () => small().saveBinary(42 as never), /string/],
    ['loadBinary(null)', () => Matcher.loadBinary(null as never), /string/],
    ['addWords("焊接")', () => small().addWords('焊接' as never), /array/],
    ['addWords(null)', () => small().addWords(null as never), /array/],
  ])('%s names the expected type', (_, fn, expected) => {
    const e = expectDuijieError(fn, 'INPUT')
    expect(e.message).toMatch(expected)
    expect(e.message).not.toMatch(/must be an object/)
  })
})

// ---------------------------------------------------------------------------------------------------------
// Arguable: callbacks of the caller's own that throw, and values the API accepts as they are
// ---------------------------------------------------------------------------------------------------------

describe('arguable cases (current behaviour recorded, weakest sound assertion)', () => {
  it('an error thrown by a user segmenter comes out as itself or as a DuijieError with it as cause', () => {
    const failure = new Error('segmenter failed')
    const m = new Matcher({
      segmenter: {
        id: 'throws@1',
        cut: () => {
          throw failure
        },
      },
    })
    let thrown: unknown
    try {
      m.match('焊接')
    } catch (error) {
      thrown = error
    }
    expect(thrown === failure || (thrown instanceof DuijieError && thrown.cause === failure)).toBe(true)
  })

  it('an error thrown by onProgress comes out as itself or as a DuijieError with it as cause, changing nothing', () => {
    const m = small()
    const before = state(m)
    const failure = new Error('progress bar failed')
    let thrown: unknown
    let calls = 0
    try {
      m.matchAll(['焊接', '缓释'], {
        onProgress: () => {
          calls++
          throw failure
        },
      })
    } catch (error) {
      thrown = error
    }
    expect(thrown === failure || (thrown instanceof DuijieError && thrown.cause === failure)).toBe(true)
    expect(calls).toBe(1)
    expect(state(m)).toEqual(before)
  })

  it('match options with an unknown key (a typo such as topk) do not throw a raw error', () => {
    expectNoRawError(() => small().match('焊接', { topk: 1 } as never))
  })

  it('analyze has no length limit of its own: text over maxTextLength does not throw a raw error', () => {
    expectNoRawError(() => small().analyzer.analyze('ab '.repeat(40_000)))
  })

  it.each<[string, () => unknown]>([
    ['tfidf.idf(NaN, 1)', () => tfidf.idf(Number.NaN, 1)],
    ['tfidf.idf(5, 1), df over N', () => tfidf.idf(5, 1)],
    ['tfidf.postingValue(-1)', () => tfidf.postingValue(-1)],
    ['smoothedIdf(-5, 3)', () => smoothedIdf(-5, 3)],
    ['sublinearTf("x")', () => sublinearTf('x' as never)],
  ])('%s does not throw a raw error', (_, fn) => {
    expectNoRawError(fn)
  })
})
