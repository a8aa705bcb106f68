import { bm25ParametersSchema, validateOne } from '../schema.js'

/**
 * How term frequencies become weights. Postings store `postingValue(tf)`; a profile weight is then
 * `idf · value · docFactor` (TF-IDF: docFactor = 1 / ‖profile‖) or the BM25 saturation
 * `idf · value · (k1 + 1) / (value + docFactor)` (docFactor = k1 · (1 − b + b · length / mean length)).
 * A need's weight is `queryWeight(tf, idf)`; a match score is the dot product of the two vectors.
 */
export interface Weighting {
  readonly name: 'tfidf' | 'bm25'
  /** idf of a term with document frequency `df` among `documents`. */
  idf(df: number, documents: number): number
  /** What a posting stores for a weighted term frequency. */
  postingValue(tf: number): number
  queryWeight(tf: number, idf: number): number
  /** Whether profile and query vectors are L2-normalised (cosine similarity). */
  readonly normalize: boolean
  /** BM25 saturation; 0 for TF-IDF. */
  readonly k1: number
  /** BM25 length normalisation; 0 for TF-IDF. */
  readonly b: number
}

/**
 * 1 + ln(tf) for tf ≥ 1; below 1 (fractional field weights) tf itself, so the curve stays continuous.
 *
 * @example
 * ```ts
 * sublinearTf(1) // 1
 * sublinearTf(Math.E) // 2
 * ```
 */
export function sublinearTf(tf: number): number {
  return tf >= 1 ? 1 + Math.log(tf) : tf
}

/**
 * Smoothed idf, as in scikit-learn: ln((1 + N) / (1 + df)) + 1. Never zero, never negative.
 *
 * @example
 * ```ts
 * smoothedIdf(9, 9) // 1: a term every document holds
 * ```
 */
export function smoothedIdf(df: number, documents: number): number {
  return Math.log((1 + documents) / (1 + df)) + 1
}

/**
 * TF-IDF with sublinear tf and smoothed idf, both vectors L2-normalised: scores are cosines in [0, 1].
 *
 * @example
 * ```ts
 * tfidf.postingValue(3) * tfidf.idf(1, 4) // (1 + ln 3) · (ln(5/2) + 1), before normalisation
 * ```
 */
export const tfidf: Weighting = Object.freeze<Weighting>({
  name: 'tfidf',
  idf: smoothedIdf,
  postingValue: sublinearTf,
  queryWeight: (tf, idf) => sublinearTf(tf) * idf,
  normalize: true,
  k1: 0,
  b: 0,
})

/**
 * Okapi BM25 with the Lucene idf ln(1 + (N − df + 0.5) / (df + 0.5)). Profile weights carry idf and the
 * saturated, length-normalised tf; the need's weights are its sublinear term counts.
 *
 * @example
 * ```ts
 * const w = bm25({ k1: 1.2, b: 0.75 })
 * w.idf(2, 3) // ln(1 + 1.5 / 2.5)
 * ```
 */
export function bm25(parameters: { k1: number; b: number }): Weighting {
  const { k1, b } = validateOne(bm25ParametersSchema, parameters, 'bm25', 'parameters')
  return {
    name: 'bm25',
    idf: (df, documents) => Math.log(1 + (documents - df + 0.5) / (df + 0.5)),
    postingValue: (tf) => tf,
    queryWeight: (tf) => sublinearTf(tf),
    normalize: false,
    k1,
    b,
  }
}
