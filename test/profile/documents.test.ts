import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULTS, type DocumentInput, type ExpertInput, Matcher, type MatcherOptions } from '../../src/index.js'
import { expectDuijieError } from '../helpers/errors.js'
import { temporaryDirectory } from '../helpers/temporary.js'

// Latin words keep the ranking fixtures independent of the segmenter.
const UNIVERSITIES = [
  { id: 'u1', name: '甲大学', description: 'materials' },
  { id: 'u2', name: '乙大学', description: 'materials' },
]
const EXPERTS: ExpertInput[] = [
  { id: 'a', name: 'A', universityId: 'u1', description: 'alloy casting' },
  { id: 'b', name: 'B', universityId: 'u2', description: 'alloy casting' },
  { id: 'c', name: 'C', universityId: 'u1', description: 'polymer film' },
]
const ASOF = 2026

function district(options: MatcherOptions = {}) {
  return new Matcher({ fieldWeights: { description: 1 }, ...options, documents: { asOf: ASOF, ...options.documents } })
    .addUniversities(UNIVERSITIES)
    .addExperts(EXPERTS)
}

const ids = (m: Matcher, need: string) => m.match(need).experts.map((e) => e.id)

describe('addDocuments: experts known by their work', () => {
  it("finds an expert by a document's title, and lists that document behind the match", () => {
    const m = district().addDocuments([
      { id: 'p1', kind: 'patent', title: 'weld seam robot', text: 'robot arm for seam welding', expertIds: ['c'] },
    ])
    const [top] = m.match('weld robot').experts
    expect(top!.id).toBe('c')
    expect(top!.documents.map((d) => d.id)).toEqual(['p1'])
    expect(top!.documents[0]!.score).toBeGreaterThan(0)
    expect(m.stats.documents).toBe(1)
  })

  it('counts a co-authored document for each of its authors', () => {
    const m = district().addDocuments([{ id: 'p1', kind: 'paper', title: 'weld seam robot', expertIds: ['a', 'c'] }])
    expect(ids(m, 'weld robot').sort()).toEqual(['a', 'c'])
  })

  it('weighs a patent above a paper, and a recent paper above an old one, as documented', () => {
    const same = (kind: DocumentInput['kind'], year?: number) => ({ kind, title: 'laser cladding', year })
    const kinds = district().addDocuments([
      { id: 'd1', ...same('paper'), expertIds: ['a'] },
      { id: 'd2', ...same('patent'), expertIds: ['b'] },
    ])
    expect(ids(kinds, 'laser cladding')).toEqual(['b', 'a'])
    const ages = district().addDocuments([
      { id: 'd1', ...same('paper', ASOF - 16), expertIds: ['a'] },
      { id: 'd2', ...same('paper', ASOF), expertIds: ['b'] },
    ])
    expect(ids(ages, 'laser cladding')).toEqual(['b', 'a'])
    // Two half-lives (8 years each): the old paper counts a quarter.
    const [recent, old] = ages.match('laser cladding').experts
    expect(recent!.documents[0]!.score / old!.documents[0]!.score).toBeCloseTo(4, 6)
    // With equal weights (no decay, kinds alike) the order falls back to the id.
    const flat = district({ documents: { halfLife: 1e6, kindWeights: { patent: 1 } } }).addDocuments([
      { id: 'd1', ...same('paper', ASOF - 16), expertIds: ['a'] },
      { id: 'd2', ...same('patent', ASOF), expertIds: ['b'] },
    ])
    const [first, second] = flat.match('laser cladding').experts
    expect(first!.textScore).toBeCloseTo(second!.textScore, 4)
  })

  it(`lists at most DEFAULTS.documents.explained (3) of an expert's matching documents, best first by weight × own match`, () => {
    const explained = DEFAULTS.documents.explained
    const cladding = (id: string, kind: DocumentInput['kind'], year: number) => ({
      id,
      kind,
      title: 'laser cladding',
      year,
    })
    // Weights as documented: kind weight · 0.5^(age / 8). The ids are not in that order.
    const documents: DocumentInput[] = [
      { ...cladding('d1', 'paper', ASOF), expertIds: ['a'] }, // 1
      { ...cladding('d2', 'other', ASOF), expertIds: ['a'] }, // 0.5
      { ...cladding('d3', 'patent', ASOF), expertIds: ['a'] }, // 1.5
      { ...cladding('d4', 'paper', ASOF - 16), expertIds: ['a'] }, // 0.25
      { ...cladding('d5', 'project', ASOF - 8), expertIds: ['a'] }, // 0.75
      // Weight 1 like d1, but a weaker match of its own: the need is a smaller part of its title.
      { id: 'd6', kind: 'paper', title: 'laser cladding rollers for polymer film', year: ASOF, expertIds: ['a'] },
      // The heaviest kind and recent, but it does not match the need at all.
      { id: 'd7', kind: 'project', title: 'polymer film line', year: ASOF, expertIds: ['a'] },
    ]
    const need = 'laser cladding'
    const documentsOf = (m: Matcher) => m.match(need).experts.find((e) => e.id === 'a')!.documents
    const all = documentsOf(district({ documents: { explained: 10 } }).addDocuments(documents))
    expect(all.map((d) => d.id).sort()).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6'])
    for (let i = 1; i < all.length; i++) expect(all[i]!.score).toBeLessThanOrEqual(all[i - 1]!.score)
    const score = (id: string) => all.find((d) => d.id === id)!.score
    // Same title, so the same own match: the scores stand as the weights do.
    for (const [id, ratio] of [
      ['d3', 1.5],
      ['d5', 0.75],
      ['d2', 0.5],
      ['d4', 0.25],
    ] as const)
      expect(score(id) / score('d1'), id).toBeCloseTo(ratio, 9)
    expect(score('d6')).toBeLessThan(score('d1'))
    expect(all.slice(0, 2).map((d) => d.id)).toEqual(['d3', 'd1'])

    const listed = documentsOf(district().addDocuments(documents))
    expect(explained).toBe(3)
    expect(listed).toHaveLength(explained)
    expect(listed).toEqual(all.slice(0, explained))
  })

  it('gives the same scores whether documents come before the first match or after it', () => {
    const documents: DocumentInput[] = [
      { id: 'd1', kind: 'project', title: 'casting defect detection', year: 2024, expertIds: ['a', 'b'] },
      { id: 'd2', kind: 'paper', title: 'polymer film coating', year: 2019, expertIds: ['c'] },
    ]
    const before = district().addDocuments(documents)
    const after = district()
    after.match('casting')
    after.addDocuments(documents.slice(0, 1))
    after.match('film')
    after.addDocuments(documents.slice(1))
    for (const need of ['casting defect', 'polymer coating', 'alloy']) {
      expect(after.match(need)).toEqual(before.match(need))
    }
  })

  it('keeps documents through addWords, which re-analyses every profile', () => {
    const words = district({ userWords: ['钛合金'] }).addDocuments([
      { id: 'd1', kind: 'paper', title: '钛合金激光焊接', expertIds: ['a'] },
    ])
    const late = district().addDocuments([{ id: 'd1', kind: 'paper', title: '钛合金激光焊接', expertIds: ['a'] }])
    late.match('焊接')
    late.addWords(['钛合金'])
    expect(late.match('钛合金焊接')).toEqual(words.match('钛合金焊接'))
  })

  it('round-trips through every snapshot format, and takes more documents after a load', () => {
    const m = district().addDocuments([
      { id: 'd1', kind: 'patent', title: 'weld seam robot', year: 2022, expertIds: ['c'] },
      { id: 'd2', kind: 'paper', title: 'casting alloy grain', expertIds: ['a', 'b'] },
    ])
    const file = join(temporaryDirectory('duijie-documents-'), 'm.duijie')
    m.saveBinary(file)
    const copies = [
      Matcher.fromJSON(JSON.parse(JSON.stringify(m))),
      Matcher.fromBinary(m.toBinary()),
      Matcher.loadBinary(file),
    ]
    for (const copy of copies) {
      expect(copy.stats.documents).toBe(2)
      for (const need of ['weld robot', 'casting grain']) expect(copy.match(need)).toEqual(m.match(need))
      copy.addDocuments([{ id: 'd3', kind: 'project', title: 'polymer film line', expertIds: ['c'] }])
    }
    m.addDocuments([{ id: 'd3', kind: 'project', title: 'polymer film line', expertIds: ['c'] }])
    for (const copy of copies) expect(copy.match('film line')).toEqual(m.match('film line'))
  })

  it('lets the university centroid and card see documents through their experts', () => {
    // Two authors at u2: a card word is held by at least two of the university's profiles.
    const m = district()
      .addExperts([{ id: 'd', name: 'D', universityId: 'u2', description: 'polymer film' }])
      .addDocuments([{ id: 'd1', kind: 'patent', title: 'graphene heat spreader', expertIds: ['b', 'd'] }])
    expect(m.match('graphene').universities[0]!.id).toBe('u2')
    expect(m.card('u2').terms.map((t) => t.term)).toContain('graphene')
  })
})

describe('addDocuments on bad input: named, and nothing added', () => {
  it('names an unknown author, a repeated author, a duplicate id, a bad kind and year, and adds none of the batch', () => {
    const m = district()
    const before = m.match('weld')
    const error = expectDuijieError(
      () =>
        m.addDocuments([
          { id: 'ok', kind: 'paper', title: 'weld robot', expertIds: ['a'] },
          { id: 'd1', kind: 'paper', title: 'weld', expertIds: ['nobody'] },
          { id: 'd2', kind: 'paper', title: 'weld', expertIds: ['a', 'a'] },
          { id: 'ok', kind: 'paper', title: 'weld', expertIds: ['a'] },
          { id: 'd3', kind: 'book' as 'paper', title: 'weld', expertIds: ['a'] },
          { id: 'd4', kind: 'paper', title: 'weld', year: 20219, expertIds: ['a'] },
          { id: 'd5', kind: 'paper', title: 'weld', expertIds: [] },
        ]),
      'INPUT',
    )
    const fields = error.issues.map((i) => `${i.index}:${i.field}`)
    expect(fields).toEqual(
      expect.arrayContaining(['1:expertIds.0', '2:expertIds', '3:id', '4:kind', '5:year', '6:expertIds']),
    )
    expect(error.message).toContain('unknown expert "nobody"')
    expect(m.stats.documents).toBe(0)
    expect(m.match('weld')).toEqual(before)
  })

  it('leaves the matcher as it was when analysis fails half way through a batch', () => {
    let calls = 0
    const flaky = {
      id: 'flaky@1',
      cut: (run: string) => {
        if (run.includes('坏') && ++calls > 0) throw new Error('segmenter down')
        return [...run]
      },
    }
    const m = district({ segmenter: flaky })
    const terms = m.stats.terms
    expect(() =>
      m.addDocuments([
        { id: 'd1', kind: 'paper', title: 'brand new words here', expertIds: ['a'] },
        { id: 'd2', kind: 'paper', title: '坏', expertIds: ['b'] },
      ]),
    ).toThrow('segmenter down')
    expect(m.stats).toMatchObject({ documents: 0, terms })
    expect(ids(m, 'brand new words')).toEqual([])
  })
})
