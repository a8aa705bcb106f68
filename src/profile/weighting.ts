/** Corpus statistics a weighting needs, recomputed lazily when profiles change. */
export interface CorpusStats {
  /** Number of profile documents. */
  documents: number
  /** Document frequency per term id. */
  df: Uint32Array
  /** Mean weighted document length. */
  averageLength: number
}

/**
 * How term frequencies become weights. A profile weight is `documentWeight(tf, length, idf)`; a need's
 * weight is `queryWeight(tf, idf)`; a match score is the dot product of the two vectors.
 */
export interface Weighting {
  readonly name: 'tfidf' | 'bm25'
  /** idf of a term with document frequency `df` among `documents`. */
  idf(df: number, documents: number): number
  documentWeight(tf: number, length: number, idf: number, averageLength: number): number
  queryWeight(tf: number, idf: number): number
  /** Whether profile and query vectors are L2-normalised (cosine similarity). */
  readonly normalize: boolean
}

/** 1 + ln(tf) for tf ≥ 1; below 1 (fractional field weights) tf itself, so the curve stays continuous. */
export function sublinearTf(tf: number): number {
  return tf >= 1 ? 1 + Math.log(tf) : tf
}

/** Smoothed idf, as in scikit-learn: ln((1 + N) / (1 + df)) + 1. Never zero, never negative. */
export function smoothedIdf(df: number, documents: number): number {
  return Math.log((1 + documents) / (1 + df)) + 1
}

/**
 * TF-IDF with sublinear tf and smoothed idf, both vectors L2-normalised: scores are cosines in [0, 1].
 *
 * @example
 * ```ts
 * tfidf.documentWeight(3, 0, smoothedIdf(1, 4), 0) // (1 + ln 3) · (ln(5/2) + 1)
 * ```
 */
export const tfidf: Weighting = {
  name: 'tfidf',
  idf: smoothedIdf,
  documentWeight: (tf, _length, idf) => sublinearTf(tf) * idf,
  queryWeight: (tf, idf) => sublinearTf(tf) * idf,
  normalize: true,
}

/**
 * Okapi BM25 with the Lucene idf ln(1 + (N − df + 0.5) / (df + 0.5)). Profile weights carry idf and the
 * saturated, length-normalised tf; the need's weights are its sublinear term counts.
 *
 * @example
 * ```ts
 * const w = bm25({ k1: 1.2, b: 0.75 })
 * w.documentWeight(2, 10, 1.5, 10) // 1.5 · 2 · 2.2 / (2 + 1.2)
 * ```
 */
export function bm25({ k1, b }: { k1: number; b: number }): Weighting {
  return {
    name: 'bm25',
    idf: (df, documents) => Math.log(1 + (documents - df + 0.5) / (df + 0.5)),
    documentWeight: (tf, length, idf, averageLength) => {
      const norm = averageLength > 0 ? 1 - b + (b * length) / averageLength : 1
      return (idf * tf * (k1 + 1)) / (tf + k1 * norm)
    },
    queryWeight: (tf) => sublinearTf(tf),
    normalize: false,
  }
}
