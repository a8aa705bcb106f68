import { describe, expect, it } from 'vitest'
import { Matcher, bm25, smoothedIdf, sublinearTf } from '../../src/index.js'

// Latin tokens pass the analyzer unchanged, so these fixtures need no segmenter. `textScore` is the profile
// match alone, before the university boost.
function latinMatcher(options = {}) {
  const m = new Matcher({ fieldWeights: { specialties: 1, description: 1 }, ...options })
  m.addUniversities([{ id: 'u', name: 'U' }])
  m.addExperts([
    { id: 'd1', name: 'D1', universityId: 'u', description: 'aaa bbb bbb' },
    { id: 'd2', name: 'D2', universityId: 'u', description: 'bbb ccc' },
    { id: 'd3', name: 'D3', universityId: 'u', description: 'ddd' },
  ])
  return m
}

describe('TF-IDF weights against a small example computed by hand', () => {
  it('uses sublinear tf 1 + ln tf and smoothed idf ln((1+N)/(1+df)) + 1', () => {
    expect(sublinearTf(1)).toBe(1)
    expect(sublinearTf(2)).toBeCloseTo(1.693147, 6)
    expect(sublinearTf(0.5)).toBe(0.5)
    expect(smoothedIdf(1, 3)).toBeCloseTo(1.693147, 6) // ln(4/2) + 1
    expect(smoothedIdf(2, 3)).toBeCloseTo(1.287682, 6) // ln(4/3) + 1
  })

  it('scores the cosine of L2-normalised profiles with the need', () => {
    // N = 3 documents. d1: aaa (tf 1, df 1) → 1.693147; bbb (tf 2, df 2) → 1.693147 · 1.287682 = 2.180236.
    // |d1| = √(1.693147² + 2.180236²) = 2.760466, so bbb weighs 2.180236 / 2.760466 = 0.789807 in d1.
    // d2: bbb 1.287682, ccc 1.693147, |d2| = 2.127174, so bbb weighs 0.605348 in d2.
    // The need "bbb" normalises to bbb = 1, so the scores are those weights.
    const r = latinMatcher().match('bbb')
    expect(r.experts.map((e) => e.id)).toEqual(['d1', 'd2'])
    expect(r.experts[0]!.textScore).toBeCloseTo(0.789807, 5)
    expect(r.experts[1]!.textScore).toBeCloseTo(0.605348, 5)
    // A two-term need "aaa bbb": q = (1.693147, 1.287682) / 2.127174 = (0.795961, 0.605349).
    // d1 · q = 0.613356 · 0.795961 + 0.789807 · 0.605349 = 0.966315.
    const both = latinMatcher().match('aaa bbb')
    expect(both.experts[0]).toMatchObject({ id: 'd1' })
    expect(both.experts[0]!.textScore).toBeCloseTo(0.966315, 5)
  })

  it('weights specialties above description by the fieldWeights option', () => {
    const m = new Matcher()
    m.addUniversities([{ id: 'u', name: 'U' }])
    m.addExperts([
      { id: 'listed', name: 'A', universityId: 'u', specialties: ['weld'], description: 'robot arm' },
      { id: 'prose', name: 'B', universityId: 'u', specialties: ['robot'], description: 'weld arm' },
    ])
    expect(m.match('weld').experts.map((e) => e.id)).toEqual(['listed', 'prose'])
    const flat = new Matcher({ fieldWeights: { specialties: 1, description: 1 } })
    flat.addUniversities([{ id: 'u', name: 'U' }])
    flat.addExperts([
      { id: 'listed', name: 'A', universityId: 'u', specialties: ['weld'], description: 'robot arm' },
      { id: 'prose', name: 'B', universityId: 'u', specialties: ['robot'], description: 'weld arm' },
    ])
    const [first, second] = flat.match('weld').experts
    expect(first!.textScore).toBeCloseTo(second!.textScore, 12)
  })
})

describe('BM25 weights against a small example computed by hand', () => {
  it('uses idf ln(1 + (N − df + 0.5)/(df + 0.5)) and saturated, length-normalised tf', () => {
    const w = bm25({ k1: 1.2, b: 0.75 })
    expect(w.idf(2, 3)).toBeCloseTo(Math.log(1 + 1.5 / 2.5), 12)
    // d1 has length 3, average length (3 + 2 + 1) / 3 = 2: bbb (tf 2) weighs
    // idf · 2 · 2.2 / (2 + 1.2 · (0.25 + 0.75 · 3/2)) = 0.470004 · 4.4 / 3.65 = 0.566580.
    const r = latinMatcher({ weighting: 'bm25' }).match('bbb')
    expect(r.experts[0]!.id).toBe('d1')
    expect(r.experts[0]!.textScore).toBeCloseTo((Math.log(1 + 1.5 / 2.5) * 4.4) / 3.65, 5)
  })
})
