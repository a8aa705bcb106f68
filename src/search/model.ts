import type { Weighting } from '../profile/weighting.js'
import type { Postings } from './postings.js'

/**
 * What scoring needs beyond the postings, recomputed at each build: idf per term, a factor per document
 * (TF-IDF: 1 / ‖profile‖; BM25: its length-normalised k1) and each term's largest profile weight, the
 * bound that lets the pruned scorer skip documents.
 *
 * @example
 * ```ts
 * const model = ScoringModel.build(postings, idf, tfidf)
 * model.weight(termId, slot) // the profile weight of one posting
 * ```
 */
export class ScoringModel {
  private constructor(
    readonly postings: Postings,
    readonly idf: Float64Array,
    /** True for BM25's saturating weight; false for the plain product of TF-IDF. */
    readonly saturating: boolean,
    readonly k1: number,
    readonly docFactor: Float32Array,
    readonly termMax: Float32Array,
  ) {}

  /** Weights `postings` by `idf` (indexed by term id) under `weighting`. */
  static build(postings: Postings, idf: Float64Array, weighting: Weighting): ScoringModel {
    const n = postings.documents
    const docFactor = new Float32Array(n)
    const { termOffsets, docs, values, lengths } = postings
    const vocabularySize = postings.vocabularySize
    if (weighting.normalize) {
      const squares = new Float64Array(n)
      for (let t = 0; t < vocabularySize; t++) {
        const termIdf = idf[t]!
        for (let p = termOffsets[t]!; p < termOffsets[t + 1]!; p++) {
          const w = values[p]! * termIdf
          squares[docs[p]!]! += w * w
        }
      }
      for (let d = 0; d < n; d++) docFactor[d] = squares[d]! > 0 ? 1 / Math.sqrt(squares[d]!) : 0
    } else {
      let total = 0
      for (let d = 0; d < n; d++) total += lengths[d]!
      const average = n > 0 ? total / n : 0
      const { k1, b } = weighting
      for (let d = 0; d < n; d++) docFactor[d] = k1 * (average > 0 ? 1 - b + (b * lengths[d]!) / average : 1)
    }
    const model = new ScoringModel(postings, idf, weighting.name === 'bm25', weighting.k1, docFactor, new Float32Array(vocabularySize))
    for (let t = 0; t < vocabularySize; t++) {
      let max = 0
      for (let p = termOffsets[t]!; p < termOffsets[t + 1]!; p++) max = Math.max(max, model.weight(t, p))
      model.termMax[t] = max
    }
    return model
  }

  /** A model over postings whose values already are the final weights (idf and factors of 1). */
  static plain(postings: Postings): ScoringModel {
    const idf = new Float64Array(postings.vocabularySize).fill(1)
    const termMax = new Float32Array(postings.vocabularySize)
    for (let t = 0; t < termMax.length; t++) {
      for (let p = postings.termOffsets[t]!; p < postings.termOffsets[t + 1]!; p++) termMax[t] = Math.max(termMax[t]!, postings.values[p]!)
    }
    return new ScoringModel(postings, idf, false, 0, new Float32Array(postings.documents).fill(1), termMax)
  }

  /** Profile weight of posting `slot` of term `termId`. */
  weight(termId: number, slot: number): number {
    const value = this.postings.values[slot]!
    const factor = this.docFactor[this.postings.docs[slot]!]!
    const idf = this.idf[termId]!
    return this.saturating ? (idf * value * (this.k1 + 1)) / (value + factor) : idf * value * factor
  }

  /** Profile weight of `termId` in `doc`, or 0. */
  weightOf(termId: number, doc: number): number {
    const slot = this.postings.find(termId, doc)
    return slot < 0 ? 0 : this.weight(termId, slot)
  }
}
