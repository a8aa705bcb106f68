import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULTS, Matcher, type MatcherOptions } from '../../src/index.js'
import { universityPriors } from '../../src/search/aggregate.js'

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

// The expert roll-up alone: no description, no centroid, no boost.
const rollUpOnly = { descriptionWeight: 0, centroidWeight: 0, expertWeight: 1, expertBoost: 0 }

describe('university aggregation', () => {
  it('ranks a university with a few strong experts above one with many weak experts (defaults)', () => {
    const r = district().match('weld')
    expect(r.universities.map((u) => u.id)).toEqual(['few', 'many'])
    expect(r.universities[0]!.experts).toEqual(['f1', 'f2'])
  })

  it('holds for the expert roll-up alone and for the expert centroid alone', () => {
    expect(district({ university: rollUpOnly }).match('weld').universities[0]!.id).toBe('few')
    const centroidOnly = { ...rollUpOnly, expertWeight: 0, centroidWeight: 1 }
    expect(district({ university: centroidOnly }).match('weld').universities[0]!.id).toBe('few')
  })

  it('counts at most expertsCounted experts, with geometric decay', () => {
    const r = district({ university: rollUpOnly }).match('weld', { topK: 20 })
    const many = r.universities.find((u) => u.id === 'many')!
    expect(many.experts).toHaveLength(5)
    const s = r.experts.find((e) => e.id === many.experts[0])!.score
    // Ten equally weak experts: s · (1 + 1/2 + 1/4 + 1/8 + 1/16).
    expect(many.score).toBeCloseTo(s * 1.9375, 10)
  })

  it('would let many weak experts win under a plain sum, which is why the roll-up decays', () => {
    const r = district({ university: { ...rollUpOnly, decay: 1, expertsCounted: 10 } }).match('weld')
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

describe('university boost of experts (multiplicative, off by default)', () => {
  function twins(expertBoost: number) {
    const m = new Matcher({ fieldWeights: { description: 1 }, university: { expertBoost, expertPrior: 0 } })
    m.addUniversities([
      { id: 'strong', name: 'S', description: 'weld weld seam' },
      { id: 'weak', name: 'W', description: 'pharmacy' },
    ])
    // Same text, so the same textScore; "a" sorts first by id but sits at the weak university.
    m.addExperts([
      { id: 'a', name: 'A', universityId: 'weak', description: 'weld pump' },
      { id: 'b', name: 'B', universityId: 'strong', description: 'weld pump' },
    ])
    return m.match('weld')
  }

  it('lifts an expert of a well-matching university above an equal match elsewhere', () => {
    const r = twins(1)
    expect(r.experts.map((e) => e.id)).toEqual(['b', 'a'])
    expect(r.experts[0]!.textScore).toBe(r.experts[1]!.textScore)
    expect(r.experts[0]!.boost).toBe(2)
    expect(r.experts[0]!.score).toBeCloseTo(2 * r.experts[0]!.textScore, 12)
  })

  it('leaves the order to the text and the id when the boost and the prior are 0', () => {
    const r = twins(0)
    expect(r.experts.map((e) => e.id)).toEqual(['a', 'b'])
    expect(r.experts.every((e) => e.boost === 1 && e.prior === 0 && e.score === e.textScore)).toBe(true)
  })
})

describe('universityPriors: the additive prior λ · p_u', () => {
  it("gives a rival at 0.9 · s* e⁻¹ of the leader's weight at τ = 0.1, and shares λ among the universities with experts", () => {
    const priors = universityPriors(Float64Array.of(0.5, 0.45, 0.9), Uint32Array.of(3, 2, 0), 0.1, 0.1)
    expect(priors[2]).toBe(0) // no experts: neither the best score nor any share
    expect(priors[1]! / priors[0]!).toBeCloseTo(Math.exp(-1), 12)
    expect(priors[0]! + priors[1]!).toBeCloseTo(0.1, 12)
  })

  it('is scale-free: multiplying every score by a constant changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-300, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (scores, scale) => {
          const members = Uint32Array.from(scores, () => 1)
          const a = universityPriors(Float64Array.from(scores), members, 0.1, 0.1)
          const b = universityPriors(
            Float64Array.from(scores, (x) => x * scale),
            members,
            0.1,
            0.1,
          )
          a.forEach((x, u) => expect(b[u]).toBeCloseTo(x, 9))
        },
      ),
    )
  })

  it('is all zero when no university scores above 0, or λ is 0', () => {
    expect([...universityPriors(Float64Array.of(0, 0), Uint32Array.of(1, 1), 0.1, 0.1)]).toEqual([0, 0])
    expect([...universityPriors(Float64Array.of(0.3, 0.1), Uint32Array.of(1, 1), 0, 0.1)]).toEqual([0, 0])
  })
})

describe('the additive university prior in match (the default)', () => {
  const m = new Matcher({ fieldWeights: { description: 1 } })
    .addUniversities([
      { id: 'strong', name: 'S', description: 'weld weld seam' },
      { id: 'weak', name: 'W', description: 'pharmacy' },
    ])
    .addExperts([
      { id: 'a', name: 'A', universityId: 'weak', description: 'weld pump' },
      { id: 'b', name: 'B', universityId: 'strong', description: 'weld pump' },
      { id: 'c', name: 'C', universityId: 'strong', description: 'pharmacy tablets' },
      { id: 'd', name: 'D', universityId: 'weak', description: 'weld' },
    ])

  it('lifts an equal text match at the better-matching university, by its prior and no more', () => {
    const r = m.match('weld pump')
    const [a, b] = ['a', 'b'].map((id) => r.experts.find((e) => e.id === id)!)
    expect(a!.textScore).toBe(b!.textScore)
    expect(r.experts.findIndex((e) => e.id === 'b')).toBeLessThan(r.experts.findIndex((e) => e.id === 'a'))
    for (const e of r.experts) {
      expect(e.boost).toBe(1)
      expect(e.score).toBeCloseTo(e.textScore + e.prior, 12)
      expect(e.prior).toBeGreaterThanOrEqual(0)
      expect(e.prior).toBeLessThanOrEqual(DEFAULTS.university.expertPrior)
    }
  })

  it('never brings in an expert who shares no term with the need, however good the university', () => {
    expect(m.match('weld').experts.map((e) => e.id)).not.toContain('c')
  })
})
