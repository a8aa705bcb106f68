import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Matcher } from '../../src/index.js'
import { ProfileStore } from '../../src/profile/store.js'
import { bm25, tfidf, type Weighting } from '../../src/profile/weighting.js'
import { ScoringModel } from '../../src/search/model.js'
import { Postings } from '../../src/search/postings.js'
import { ExhaustiveScorer, PrunedScorer } from '../../src/search/scorer.js'

const VOCABULARY = 12

/** Random profiles: each a bag of term ids, skewed so that low ids are common (as real vocabularies are). */
const skewedTerm = fc.integer({ min: 0, max: 999 }).map((x) => Math.floor((x / 1000) ** 2 * VOCABULARY))
const profile = fc.array(skewedTerm, { minLength: 1, maxLength: 15 })
const queryTerms = fc.uniqueArray(fc.integer({ min: 0, max: VOCABULARY - 1 }), { minLength: 1, maxLength: 6 })

function modelOf(docs: number[][], weighting: Weighting): ScoringModel {
  const store = new ProfileStore()
  for (const terms of docs) {
    const tf = new Map<number, number>()
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1)
    store.add({ ids: Uint32Array.from(tf.keys()), tfs: Float32Array.from(tf.values()) })
  }
  const postings = Postings.empty().merge(store, weighting.postingValue, VOCABULARY)
  const idf = Float64Array.from({ length: VOCABULARY }, (_, t) =>
    postings.df(t) > 0 ? weighting.idf(postings.df(t), docs.length) : 0,
  )
  return ScoringModel.build(postings, idf, weighting)
}

describe('pruned (MaxScore) against exhaustive scoring', () => {
  for (const [name, weighting] of [
    ['TF-IDF', tfidf],
    ['BM25', bm25({ k1: 1.2, b: 0.75 })],
  ] as const) {
    it(`returns the same top-k with the same scores, ties by id, under ${name} (property)`, () => {
      fc.assert(
        fc.property(
          fc.array(profile, { minLength: 1, maxLength: 60 }),
          queryTerms,
          fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
          fc.integer({ min: 1, max: 12 }),
          fc.array(fc.double({ min: 1, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }),
          fc.array(fc.double({ min: 0, max: 0.5, noNaN: true }), { minLength: 3, maxLength: 3 }),
          (docs, terms, weights, depth, groupFactors, groupOffsets) => {
            const model = modelOf(docs, weighting)
            const query = {
              termIds: Uint32Array.from([...terms].sort((a, b) => a - b)),
              weights: Float64Array.from(terms, (_, i) => weights[i]!),
            }
            const before = (a: number, b: number) => a < b
            expect(new PrunedScorer().top(model, query, depth, before)).toEqual(
              new ExhaustiveScorer().top(model, query, depth, before),
            )
            // With a factor per document (by group), as the university boost applies.
            const factors = {
              groupOf: Uint32Array.from(docs, (_, d) => d % 3),
              factors: Float64Array.from(groupFactors),
            }
            expect(new PrunedScorer().top(model, query, depth, before, factors)).toEqual(
              new ExhaustiveScorer().top(model, query, depth, before, factors),
            )
            // And an offset per group on top, as the additive university prior applies.
            const shifted = { ...factors, offsets: Float64Array.from(groupOffsets) }
            expect(new PrunedScorer().top(model, query, depth, before, shifted)).toEqual(
              new ExhaustiveScorer().top(model, query, depth, before, shifted),
            )
          },
        ),
        { numRuns: 500 },
      )
    })
  }

  it('skips documents: a rare term decides the top, and the common ones are only looked up', () => {
    // 2,000 documents share the common term 0; only documents 0–2 hold the rare term 1.
    const docs = Array.from({ length: 2000 }, (_, d) => (d < 3 ? [0, 1, 1] : [0, 2 + (d % 5)]))
    const model = modelOf(docs, tfidf)
    const query = { termIds: Uint32Array.from([0, 1]), weights: Float64Array.from([0.3, 0.9]) }
    const scorer = new PrunedScorer()
    const top = scorer.top(model, query, 3, (a, b) => a < b)
    expect(top.map((r) => r.doc)).toEqual([0, 1, 2])
    // The rare term's 3 postings are walked; the common term is looked up for the 3 held documents only.
    expect(scorer.work).toEqual({ scanned: 3, lookedUp: 3 })
    expect(top).toEqual(new ExhaustiveScorer().top(model, query, 3, (a, b) => a < b))
  })

  it('gives the same match results through the Matcher, with a shallow roll-up that forces deeper looks', () => {
    const word = fc.constantFrom('aa', 'bb', 'cc', 'dd', 'ee', 'ff', 'gg')
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(word, { minLength: 1, maxLength: 8 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.array(word, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 6 }),
        (experts, need, topK) => {
          const build = (scoring: 'pruned' | 'exhaustive') => {
            const m = new Matcher({ scoring, university: { depth: 2, expertBoost: 3 } })
            m.addUniversities([0, 1, 2, 3].map((u) => ({ id: `u${u}`, name: `U${u}` })))
            m.addExperts(
              experts.map(([u, words], i) => ({
                id: `e${String(i).padStart(2, '0')}`,
                name: 'x',
                universityId: `u${u}`,
                description: words.join(' '),
              })),
            )
            return m.match(need.join(' '), { topK })
          }
          expect(build('pruned')).toEqual(build('exhaustive'))
        },
      ),
      { numRuns: 150 },
    )
  })
})
