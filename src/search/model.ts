import type { Weighting } from '../profile/weighting.js'
import { shared } from '../memory.js'
import { type Parallel, SERIAL, splitRange } from './kernels.js'
import type { Postings } from './postings.js'
import type { QueryVector } from './query.js'

/** Codes for postings whose values are stored raw: never read (the kernels are told `coded: 0`). */
const NO_CODES = shared(Uint8Array, 0)

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

  /**
   * Weights `postings` by `idf` (indexed by term id) under `weighting`; with `parallel`, the two passes over
   * the postings are split (document factors by documents, weights by terms) and give the same weights.
   */
  static build(postings: Postings, idf: Float64Array, weighting: Weighting, parallel: Parallel = SERIAL): ScoringModel {
    const n = postings.documents
    const { spans, docs, lengths, segments, vocabularySize } = postings
    // The values' codes and palette read directly: this runs over every posting at every build.
    const { codes, palette } = postings.values
    const common = { spans, docs, codes: codes ?? NO_CODES, palette, idf, segments, coded: codes ? 1 : 0 }
    const docFactor = shared(Float64Array, n)
    if (weighting.normalize) {
      const documents = splitRange(n, parallel.parts, (d) => d)
      parallel.run(
        'docFactors',
        documents
          .slice(1)
          .map((docTo, k) => ({ ...common, vocabularySize, docFrom: documents[k]!, docTo, out: docFactor })),
      )
    } else {
      let total = 0
      for (let d = 0; d < n; d++) total += lengths[d]!
      const average = n > 0 ? total / n : 0
      const { k1, b } = weighting
      for (let d = 0; d < n; d++) docFactor[d] = k1 * (average > 0 ? 1 - b + (b * lengths[d]!) / average : 1)
    }
    const weights = shared(Float32Array, postings.size)
    const termMax = shared(Float32Array, vocabularySize)
    const terms = splitRange(vocabularySize, parallel.parts, (t) => spans[t * segments]!)
    const normalize = weighting.normalize ? 1 : 0
    const saturation = weighting.k1 + 1
    parallel.run(
      'weigh',
      terms.slice(1).map((termTo, k) => ({
        ...common,
        docFactor,
        termFrom: terms[k]!,
        termTo,
        normalize,
        saturation,
        weights,
        termMax,
      })),
    )
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
