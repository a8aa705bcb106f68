import type { Weighting } from '../profile/weighting.js'
import { type Postings, SEGMENT_BITS } from './postings.js'
import type { QueryVector } from './query.js'

/**
 * The weights scoring reads, recomputed at each build because idf changes as profiles are added: one
 * Float32 weight per posting (`weights`, parallel to the postings) and each term's largest
 * weight, the bound that lets the pruned scorer skip documents. A weight is `idf · value · docFactor` for
 * TF-IDF (docFactor = 1 / ‖profile‖) or `idf · value · (k1 + 1) / (value + docFactor)` for BM25
 * (docFactor = k1 · (1 − b + b · length / mean length)).
 *
 * @example
 * ```ts
 * const model = ScoringModel.build(postings, idf, tfidf)
 * model.weights[slot] // the profile weight of one posting
 * ```
 */
export class ScoringModel {
  private constructor(
    readonly postings: Postings,
    readonly weights: Float32Array,
    readonly termMax: Float32Array,
  ) {}

  /** Weights `postings` by `idf` (indexed by term id) under `weighting`. */
  static build(postings: Postings, idf: Float64Array, weighting: Weighting): ScoringModel {
    const n = postings.documents
    const { spans, docs, lengths, segments } = postings
    // The values' codes and palette read directly: this runs over every posting at every build.
    const { codes, palette } = postings.values
    const vocabularySize = postings.vocabularySize
    const docFactor = new Float64Array(n)
    if (weighting.normalize) {
      for (let t = 0, cell = 0; t < vocabularySize; t++) {
        const termIdf = idf[t]!
        for (let base = 0; base < segments << SEGMENT_BITS; base += 1 << SEGMENT_BITS, cell++) {
          for (let p = spans[cell]!; p < spans[cell + 1]!; p++)
            docFactor[base + docs[p]!]! += ((codes ? palette[codes[p]!]! : palette[p]!) * termIdf) ** 2
        }
      }
      for (let d = 0; d < n; d++) docFactor[d] = docFactor[d]! > 0 ? 1 / Math.sqrt(docFactor[d]!) : 0
    } else {
      let total = 0
      for (let d = 0; d < n; d++) total += lengths[d]!
      const average = n > 0 ? total / n : 0
      const { k1, b } = weighting
      for (let d = 0; d < n; d++) docFactor[d] = k1 * (average > 0 ? 1 - b + (b * lengths[d]!) / average : 1)
    }
    const weights = new Float32Array(postings.size)
    const termMax = new Float32Array(vocabularySize)
    const saturation = weighting.k1 + 1
    for (let t = 0, cell = 0; t < vocabularySize; t++) {
      const termIdf = idf[t]!
      let max = 0
      for (let base = 0; base < segments << SEGMENT_BITS; base += 1 << SEGMENT_BITS, cell++) {
        for (let p = spans[cell]!; p < spans[cell + 1]!; p++) {
          const value = codes ? palette[codes[p]!]! : palette[p]!
          const factor = docFactor[base + docs[p]!]!
          const w = (weights[p] = weighting.normalize
            ? termIdf * value * factor
            : (termIdf * value * saturation) / (value + factor))
          if (w > max) max = w
        }
      }
      termMax[t] = max
    }
    return new ScoringModel(postings, weights, termMax)
  }

  /** A model from weights computed earlier (a loaded snapshot). */
  static restore(postings: Postings, weights: Float32Array, termMax: Float32Array): ScoringModel {
    return new ScoringModel(postings, weights, termMax)
  }

  /** A model over postings whose values already are the final weights. */
  static plain(postings: Postings): ScoringModel {
    const { values } = postings
    const weights = values.codes ? Float32Array.from(values.codes, (code) => values.palette[code]!) : values.palette
    const termMax = new Float32Array(postings.vocabularySize)
    for (let t = 0; t < termMax.length; t++) {
      const end = postings.start(t) + postings.df(t)
      for (let p = postings.start(t); p < end; p++) termMax[t] = Math.max(termMax[t]!, weights[p]!)
    }
    return new ScoringModel(postings, weights, termMax)
  }

  /** The score of one document for a query, read off its postings: for scoring a few named documents. */
  scoreOf(doc: number, query: QueryVector): number {
    let score = 0
    for (let q = 0; q < query.termIds.length; q++) score += query.weights[q]! * this.weightOf(query.termIds[q]!, doc)
    return score
  }

  /** Profile weight of `termId` in `doc`, or 0. */
  weightOf(termId: number, doc: number): number {
    const slot = this.postings.find(termId, doc)
    return slot < 0 ? 0 : this.weights[slot]!
  }
}
