import fc from 'fast-check'
import { similarity } from 'ml-distance'
import { describe, expect, it } from 'vitest'
import { Matcher, smoothedIdf, sublinearTf } from '../../src/index.js'

const WORDS = ['aa', 'bb', 'cc', 'dd', 'ee', 'ff', 'gg', 'hh']

/** Dense TF-IDF vector over WORDS, written out independently of the engine. */
function dense(tokens: string[], df: number[], documents: number): number[] {
  return WORDS.map((w, t) => {
    const tf = tokens.filter((x) => x === w).length
    return tf === 0 || df[t] === 0 ? 0 : sublinearTf(tf) * smoothedIdf(df[t]!, documents)
  })
}

describe('sparse scorer against ml-distance cosine on the same vectors written out dense', () => {
  it('agrees for random corpora and needs (property)', () => {
    const doc = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 10 })
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 12 }), doc, (docs, need) => {
        const m = new Matcher({ fieldWeights: { description: 1 } })
        m.addUniversities([{ id: 'u', name: 'U' }])
        m.addExperts(
          docs.map((tokens, i) => ({ id: `e${i}`, name: 'x', universityId: 'u', description: tokens.join(' ') })),
        )
        const df = WORDS.map((w) => docs.filter((d) => d.includes(w)).length)
        const query = dense(need, df, docs.length)
        const result = m.match(need.join(' '), { topK: docs.length })
        const expected = docs.map((tokens) => similarity.cosine(dense(tokens, df, docs.length), query))
        for (const e of result.experts) {
          expect(e.textScore).toBeCloseTo(expected[Number(e.id.slice(1))]!, 5)
        }
        // Every expert with a positive cosine is returned, none other.
        expect(result.experts.length).toBe(expected.filter((c) => c > 1e-12).length)
      }),
      { numRuns: 200 },
    )
  })
})
