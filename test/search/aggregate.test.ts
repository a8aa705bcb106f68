import { describe, expect, it } from 'vitest'
import { Matcher, type MatcherOptions } from '../../src/index.js'

// "few" has two experts who work on exactly what the need asks ("weld"); "many" has ten who each mention it
// once among much else. Latin tokens keep the fixture independent of the segmenter.
function district(options: MatcherOptions = {}) {
  const m = new Matcher({ fieldWeights: { description: 1 }, ...options })
  m.addUniversities([
    { id: 'few', name: 'Few' },
    { id: 'many', name: 'Many' },
  ])
  m.addExperts([
    { id: 'f1', name: 'F1', universityId: 'few', description: 'weld weld' },
    { id: 'f2', name: 'F2', universityId: 'few', description: 'weld seam' },
  ])
  m.addExperts(
    Array.from({ length: 10 }, (_, i) => ({
      id: `m${i}`,
      name: `M${i}`,
      universityId: 'many',
      description: `weld pump${i} valve${i} pipe${i}`,
    })),
  )
  return m
}

describe('university aggregation', () => {
  it('ranks a university with a few strong experts above one with many weak experts', () => {
    const r = district().match('weld')
    expect(r.universities.map((u) => u.id)).toEqual(['few', 'many'])
    expect(r.universities[0]!.experts).toEqual(['f1', 'f2'])
  })

  it('counts at most expertsCounted experts, with geometric decay', () => {
    const r = district().match('weld', { topK: 20 })
    const many = r.universities.find((u) => u.id === 'many')!
    expect(many.experts).toHaveLength(5)
    const s = r.experts.find((e) => e.id === many.experts[0])!.score
    // Ten equally weak experts: s · (1 + 1/2 + 1/4 + 1/8 + 1/16).
    expect(many.score).toBeCloseTo(s * 1.9375, 10)
  })

  it('would let many weak experts win under a plain sum, which is why the default decays', () => {
    const r = district({ university: { decay: 1, expertsCounted: 10 } }).match('weld')
    expect(r.universities[0]!.id).toBe('many')
  })

  it('adds the cosine with the university description, weighted by descriptionWeight', () => {
    const m = new Matcher({ university: { descriptionWeight: 0.5 } })
    m.addUniversities([
      { id: 'a', name: 'A', description: 'marine weld' },
      { id: 'b', name: 'B', description: 'pharmacy' },
    ])
    m.addExperts([{ id: 'x', name: 'X', universityId: 'b', description: 'pharmacy tablets' }])
    const r = m.match('marine weld')
    expect(r.experts).toHaveLength(0)
    expect(r.universities).toEqual([{ id: 'a', score: expect.closeTo(0.5, 6), experts: [] }])
  })
})
