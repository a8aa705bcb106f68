import type { InvertedIndex } from './inverted-index.js'
import type { QueryVector } from './query.js'

/** The documents a query touched, with their scores; valid until the next `score` call on the same scorer. */
export interface ScoredDocuments {
  /** Touched documents, in the order first reached. */
  docs: Uint32Array
  /** Number of valid entries in `docs`. */
  count: number
  /** Score per document index (read only for touched documents). */
  scores: Float64Array
}

/**
 * Exhaustive term-at-a-time scorer: walks the postings of every query term and adds
 * `queryWeight · profileWeight` into an accumulator. Exact; reuses its buffers between queries.
 *
 * @example
 * ```ts
 * const scorer = new ExhaustiveScorer()
 * const { docs, count, scores } = scorer.score(index, query)
 * for (let i = 0; i < count; i++) console.log(docs[i], scores[docs[i]])
 * ```
 */
export class ExhaustiveScorer {
  private scores = new Float64Array(0)
  private touched = new Uint32Array(0)
  private seen = new Uint8Array(0)

  score(index: InvertedIndex, query: QueryVector): ScoredDocuments {
    const n = index.documents
    if (this.scores.length < n) {
      this.scores = new Float64Array(n)
      this.touched = new Uint32Array(n)
      this.seen = new Uint8Array(n)
    }
    const { scores, touched, seen } = this
    let count = 0
    const { termOffsets, postingDocs, postingWeights } = index
    for (let q = 0; q < query.termIds.length; q++) {
      const term = query.termIds[q]!
      const weight = query.weights[q]!
      const end = termOffsets[term + 1]!
      for (let p = termOffsets[term]!; p < end; p++) {
        const doc = postingDocs[p]!
        if (seen[doc] === 0) {
          seen[doc] = 1
          scores[doc] = 0
          touched[count++] = doc
        }
        scores[doc]! += weight * postingWeights[p]!
      }
    }
    for (let i = 0; i < count; i++) seen[touched[i]!] = 0
    return { docs: touched, count, scores }
  }
}
