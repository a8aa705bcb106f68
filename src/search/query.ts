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
