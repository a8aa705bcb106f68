import type { TermCounts } from '../profile/store.js'
import type { Weighting } from '../profile/weighting.js'

/**
 * A need as the scorer sees it: distinct term ids with their weights, in ascending id order.
 * Terms the catalogue has never seen are left out (they cannot match anything).
 */
export interface QueryVector {
  termIds: Uint32Array
  weights: Float64Array
}

/** An empty query: matches nothing. */
export const EMPTY_QUERY: QueryVector = { termIds: new Uint32Array(0), weights: new Float64Array(0) }

/**
 * A need's query vector from its term counts: terms the index has seen, ascending by id, weighted by the
 * weighting's query weight for `idf` and L2-normalised when the weighting is a cosine.
 *
 * @example
 * ```ts
 * buildQuery({ ids: Uint32Array.of(2, 0), tfs: Float32Array.of(1, 2) }, Float64Array.of(1.5, 1, 2), tfidf)
 * // { termIds: [0, 2], weights: [0.65…, 0.75…] }
 * ```
 */
export function buildQuery({ ids, tfs }: TermCounts, idf: Float64Array, weighting: Weighting): QueryVector {
  const order: number[] = []
  for (let q = 0; q < ids.length; q++) if (ids[q]! < idf.length && idf[ids[q]!]! > 0) order.push(q)
  if (order.length === 0) return EMPTY_QUERY
  order.sort((a, b) => ids[a]! - ids[b]!)
  const weights = new Float64Array(order.length)
  let squares = 0
  order.forEach((q, i) => {
    weights[i] = weighting.queryWeight(tfs[q]!, idf[ids[q]!]!)
    squares += weights[i]! * weights[i]!
  })
  if (weighting.normalize && squares > 0) {
    const inverse = 1 / Math.sqrt(squares)
    for (let i = 0; i < weights.length; i++) weights[i]! *= inverse
  }
  return { termIds: Uint32Array.from(order, (q) => ids[q]!), weights }
}
