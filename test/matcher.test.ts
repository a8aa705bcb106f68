import { describe, expect, it } from 'vitest'
import { loadSampleData } from '../examples/sample-data.js'
import { type ExpertInput, Matcher } from '../src/index.js'
import { expectDuijieError } from './helpers/errors.js'

const UNIVERSITIES = [
  { id: 'just', name: '江苏科技大学', description: '船舶与海洋工程、焊接' },
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
  { id: 'ship', name: '乙', universityId: 'just', specialties: ['船舶设计'], description: '船舶结构强度与焊接变形' },
  { id: 'drug', name: '丙', universityId: 'cpu', specialties: ['缓释制剂'], description: '口服缓释制剂处方工艺' },
]

function small() {
  return new Matcher().addUniversities(UNIVERSITIES).addExperts(EXPERTS)
}

describe('Matcher ranking', () => {
  it('puts the expert whose specialties name the need first, and leaves unrelated experts out', () => {
    const r = small().match({ id: 'n1', kind: 'technology', text: '船体分段焊接需要焊接机器人' })
    expect(r.needId).toBe('n1')
    expect(r.kind).toBe('technology')
    expect(r.experts.map((e) => e.id)).toEqual(['weld', 'ship'])
    expect(r.experts[0]!.universityId).toBe('just')
    expect(r.universities[0]).toMatchObject({ id: 'just', experts: ['weld', 'ship'] })
    expect(r.experts.every((e, i) => i === 0 || r.experts[i - 1]!.score >= e.score)).toBe(true)
  })

  it('breaks score ties by id, whatever the order of insertion', () => {
    const m = new Matcher()
    m.addUniversities([{ id: 'u', name: 'U' }])
    const twin = (id: string): ExpertInput => ({ id, name: id, universityId: 'u', specialties: ['焊接机器人'] })
    m.addExperts([twin('c'), twin('a'), twin('b')])
    const r = m.match('焊接机器人', { topK: 2 })
    expect(r.experts.map((e) => e.id)).toEqual(['a', 'b'])
    expect(r.experts[0]!.score).toBe(r.experts[1]!.score)
  })

  it('returns topK results at most, defaulting to the option', () => {
    const m = small()
    expect(m.match('焊接', { topK: 1 }).experts).toHaveLength(1)
    expect(new Matcher({ topK: 1 }).addUniversities([{ id: 'u', name: 'U' }]).match('焊接').experts).toEqual([])
  })

  it('returns empty lists for a need with no known terms and for an empty catalogue', () => {
    expect(small().match('需要企业技术研究').experts).toEqual([])
    expect(small().match('量子引力').universities).toEqual([])
    expect(new Matcher().match('焊接')).toMatchObject({ experts: [], universities: [], queryTerms: [] })
  })
})

describe('explanations', () => {
  it('lists the need terms behind each expert, with weights adding up to the score less its university prior', () => {
    const r = small().match('船舶焊接变形控制与焊接机器人')
    for (const e of r.experts) {
      expect(e.terms.length).toBeGreaterThan(0)
      const sum = e.terms.reduce((s, t) => s + t.weight, 0)
      // The university prior is the one part of the score that is not a term's.
      expect(sum + e.prior).toBeCloseTo(e.score, 12)
      expect(e.terms.every((t, i) => i === 0 || e.terms[i - 1]!.weight >= t.weight)).toBe(true)
      for (const t of e.terms) expect(r.queryTerms.map((q) => q.term)).toContain(t.term)
    }
    expect(r.experts[0]!.terms.map((t) => t.term)).toContain('焊接机器人')
  })
})

describe('late adds and runtime words', () => {
  it('finds experts added after a match, with the same scores as a matcher built in one go', () => {
    const late = small()
    late.match('缓释制剂')
    const drug2: ExpertInput = { id: 'drug2', name: '丁', universityId: 'cpu', specialties: ['缓释制剂', '药物递送'] }
    late.addExperts([drug2])
    const once = new Matcher().addUniversities(UNIVERSITIES).addExperts([...EXPERTS, drug2])
    const a = late.match('缓释制剂药物递送')
    const b = once.match('缓释制剂药物递送')
    expect(a.experts.map((e) => e.id)).toEqual(['drug2', 'drug'])
    expect(a).toEqual(b)
  })

  it('re-analyses existing profiles when words are added at runtime', () => {
    const m = new Matcher({ subwords: false, bigrams: false })
    m.addUniversities([{ id: 'u', name: 'U' }])
    m.addExperts([{ id: 'e', name: 'E', universityId: 'u', description: '为海雷德蒙提供储能系统' }])
    expect(m.match('海雷德蒙').experts[0]!.terms.map((t) => t.term)).not.toContain('海雷德蒙')
    expect(m.addWords(['海雷德蒙'])).toBe(1)
    expect(m.match('海雷德蒙').experts[0]!.terms.map((t) => t.term)).toEqual(['海雷德蒙'])
  })
})

describe('matchAll', () => {
  it('returns one result per need in order, equal to single matches, and reports progress', () => {
    const m = small()
    const needs = ['缓释制剂', { id: 'n2', text: '焊接机器人' }, '船舶设计']
    const progress: Array<[number, number]> = []
    const all = m.matchAll(needs, { topK: 2, onProgress: (done, total) => progress.push([done, total]) })
    expect(all).toEqual(needs.map((n) => m.match(n, { topK: 2 })))
    expect(all[1]!.needId).toBe('n2')
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ])
  })

  it('validates every need before matching any, naming each bad one by position', () => {
    const m = small()
    const error = expectDuijieError(
      () => m.matchAll(['焊接', { text: '' }, { text: 5 } as never, { kind: 'money', text: '融资' } as never]),
      'INPUT',
    )
    expect(error.issues.map((i) => [i.index, i.field])).toEqual([
      [1, 'text'],
      [2, 'text'],
      [3, 'kind'],
    ])
  })
})

describe('match with experts included', () => {
  it('keeps the top k as it was and adds the included experts after it, scored as in the full ranking', () => {
    const { universities, experts, needs } = loadSampleData()
    const m = new Matcher().addUniversities(universities).addExperts(experts)
    // Every third expert, and one named twice: the list is a set.
    const named = experts.filter((_, i) => i % 3 === 0).map((e) => e.id)
    for (const need of needs) {
      const full = m.match(need, { topK: experts.length })
      const plain = m.match(need, { topK: 3 })
      const withNamed = m.match(need, { topK: 3, include: [...named, named[0]!] })
      expect(withNamed.experts.slice(0, 3)).toEqual(plain.experts)
      expect(withNamed.universities).toEqual(plain.universities)
      const extra = withNamed.experts.slice(3)
      const expected = full.experts.slice(3).filter((e) => named.includes(e.id))
      expect(extra.map((e) => e.id)).toEqual(expected.map((e) => e.id))
      extra.forEach((e, i) => {
        expect(e.score).toBeCloseTo(expected[i]!.score, 6)
        expect(e.textScore).toBeCloseTo(expected[i]!.textScore, 6)
        expect(e.terms.map((t) => t.term)).toEqual(expected[i]!.terms.map((t) => t.term))
      })
    }
  })

  it('names an unknown expert id', () => {
    expectDuijieError(() => small().match('焊接', { include: ['weld', 'nobody'] }), 'INPUT', ['include.1'])
    expectDuijieError(() => small().matchAll(['焊接'], { include: 'weld' as never }), 'INPUT', ['include'])
  })
})

describe('bad input', () => {
  it('names the record and field, and leaves the matcher unchanged when one record of a batch is bad', () => {
    const m = small()
    const before = m.match('焊接机器人')
    const stats = m.stats
    const error = expectDuijieError(
      () =>
        m.addExperts([
          { id: 'ok', name: '戊', universityId: 'just', specialties: ['焊接机器人'] },
          { id: 'bad', name: '己', universityId: 'nowhere', specialties: ['焊接'] },
        ]),
      'INPUT',
      ['universityId'],
    )
    expect(error.issues[0]).toMatchObject({ index: 1, id: 'bad' })
    expect(error.message).toContain('expert at index 1 (id "bad"): field "universityId": unknown university "nowhere"')
    expect(m.stats).toEqual(stats)
    expect(m.match('焊接机器人')).toEqual(before)
    // The good record was not half-added: adding it now works.
    m.addExperts([{ id: 'ok', name: '戊', universityId: 'just', specialties: ['焊接机器人'] }])
    expect(m.stats.experts).toBe(stats.experts + 1)
  })

  it.each([
    [
      'a duplicate of an existing id',
      [{ id: 'weld', name: 'x', universityId: 'just', description: '焊接' }],
      0,
      'id',
      /already added/,
    ],
    [
      'a duplicate within the batch',
      [
        { id: 'n', name: 'x', universityId: 'just', description: '焊接' },
        { id: 'n', name: 'y', universityId: 'just', description: '焊接' },
      ],
      1,
      'id',
      /index 0/,
    ],
    ['a missing id', [{ name: 'x', universityId: 'just', description: '焊接' }], 0, 'id', /is required/],
    [
      'an empty description',
      [{ id: 'n', name: 'x', universityId: 'just', description: '  ' }],
      0,
      'description',
      /must not be empty/,
    ],
    [
      'a non-string specialty',
      [{ id: 'n', name: 'x', universityId: 'just', specialties: ['焊接', 7] }],
      0,
      'specialties.1',
      /must be a string, got a number/,
    ],
    ['no text at all', [{ id: 'n', name: 'x', universityId: 'just' }], 0, 'specialties', /nothing to build a profile/],
    ['a record that is not an object', ['weld'], 0, '(record)', /must be an object, got a string/],
  ])('rejects %s', (_label, records, index, field, message) => {
    const m = small()
    const stats = m.stats
    const error = expectDuijieError(() => m.addExperts(records as never), 'INPUT')
    expect(error.issues[0]).toMatchObject({ index, field })
    expect(error.issues[0]!.message).toMatch(message)
    expect(error.message).toContain(`field "${field}"`)
    expect(m.stats).toEqual(stats)
  })

  it('rejects huge text with the limit in the message, and a batch that is not an array', () => {
    const m = new Matcher({ maxTextLength: 50 })
    const long = expectDuijieError(
      () => m.addUniversities([{ id: 'u', name: 'U', description: '焊'.repeat(51) }]),
      'INPUT',
      ['description'],
    )
    expect(long.issues[0]!.message).toContain('the limit is 50')
    expectDuijieError(() => m.addUniversities({ id: 'u' } as never), 'INPUT', ['(batch)'])
    expectDuijieError(() => m.match(42 as never), 'INPUT', ['(record)'])
  })

  it('rejects unknown options and bad option values', () => {
    expectDuijieError(() => new Matcher({ weightng: 'bm25' } as never), 'INPUT', ['weightng'])
    expectDuijieError(() => new Matcher({ university: { decay: 2 } }), 'INPUT', ['university.decay'])
    expectDuijieError(() => small().match('焊接', { topK: 0 }), 'INPUT', ['topK'])
  })

  it('treats prototype-named ids and terms as plain data', () => {
    const m = new Matcher()
    m.addUniversities([{ id: '__proto__', name: 'constructor', description: 'constructor prototype' }])
    m.addExperts([
      {
        id: 'constructor',
        name: '__proto__',
        universityId: '__proto__',
        description: '__proto__ constructor tostring',
      },
      { id: 'hasOwnProperty', name: 'x', universityId: '__proto__', specialties: ['valueof'] },
    ])
    const r = m.match('__proto__ constructor')
    expect(r.experts.map((e) => e.id)).toEqual(['constructor'])
    expect(r.experts[0]!.terms.map((t) => t.term).sort()).toEqual(['__proto__', 'constructor'])
    expect(r.universities[0]!.id).toBe('__proto__')
    expectDuijieError(
      () => m.addExperts([{ id: 'constructor', name: 'y', universityId: '__proto__', description: 'x' }]),
      'INPUT',
      ['id'],
    )
    expect(({} as Record<string, unknown>).constructor).toBe(Object)
  })
})
