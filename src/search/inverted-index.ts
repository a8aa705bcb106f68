import type { ProfileStore } from '../profile/store.js'
import type { Weighting } from '../profile/weighting.js'

/**
 * Weighted profiles in two layouts over one set of typed arrays:
 * term-major postings (CSR: `termOffsets`, `postingDocs`, `postingWeights`) for scoring, and the
 * document-major `forwardWeights` (parallel to the store's `termIds`) for explanations.
 * Built in O(entries) from a {@link ProfileStore} and an idf per term.
 *
 * @example
 * ```ts
 * const index = InvertedIndex.build(store, idf, tfidf, vocabularySize)
 * for (let p = index.termOffsets[t]; p < index.termOffsets[t + 1]; p++) use(index.postingDocs[p], index.postingWeights[p])
 * ```
 */
export class InvertedIndex {
  private constructor(
    readonly store: ProfileStore,
    readonly termOffsets: Uint32Array,
    readonly postingDocs: Uint32Array,
    readonly postingWeights: Float32Array,
    readonly forwardWeights: Float32Array,
  ) {}

  /** Number of documents indexed. */
  get documents(): number {
    return this.store.count
  }

  static build(store: ProfileStore, idf: Float64Array, weighting: Weighting, vocabularySize: number): InvertedIndex {
    const entries = store.entries
    const { offsets, termIds, freqs, lengths } = store
    const averageLength = store.count > 0 ? sumOf(lengths, store.count) / store.count : 0

    const forwardWeights = new Float32Array(entries)
    for (let doc = 0; doc < store.count; doc++) {
      const start = offsets[doc]!
      const end = offsets[doc + 1]!
      let squares = 0
      for (let e = start; e < end; e++) {
        const w = weighting.documentWeight(freqs[e]!, lengths[doc]!, idf[termIds[e]!]!, averageLength)
        forwardWeights[e] = w
        squares += w * w
      }
      if (weighting.normalize && squares > 0) {
        const inverse = 1 / Math.sqrt(squares)
        for (let e = start; e < end; e++) forwardWeights[e]! *= inverse
      }
    }

    // Counting sort by term: postings come out in ascending document order.
    const termOffsets = new Uint32Array(vocabularySize + 1)
    for (let e = 0; e < entries; e++) termOffsets[termIds[e]! + 1]!++
    for (let t = 0; t < vocabularySize; t++) termOffsets[t + 1]! += termOffsets[t]!
    const cursor = termOffsets.slice(0, vocabularySize)
    const postingDocs = new Uint32Array(entries)
    const postingWeights = new Float32Array(entries)
    for (let doc = 0; doc < store.count; doc++) {
      for (let e = offsets[doc]!; e < offsets[doc + 1]!; e++) {
        const slot = cursor[termIds[e]!]!++
        postingDocs[slot] = doc
        postingWeights[slot] = forwardWeights[e]!
      }
    }
    return new InvertedIndex(store, termOffsets, postingDocs, postingWeights, forwardWeights)
  }

  /** Weight of `termId` in document `doc`, or 0 (binary search over the document's sorted term ids). */
  weightOf(doc: number, termId: number): number {
    let lo = this.store.offsets[doc]!
    let hi = this.store.offsets[doc + 1]! - 1
    const ids = this.store.termIds
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const id = ids[mid]!
      if (id === termId) return this.forwardWeights[mid]!
      if (id < termId) lo = mid + 1
      else hi = mid - 1
    }
    return 0
  }
}

function sumOf(values: Float32Array, count: number): number {
  let sum = 0
  for (let i = 0; i < count; i++) sum += values[i]!
  return sum
}
