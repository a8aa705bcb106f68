import type { ProfileStore } from '../profile/store.js'
import type { Weighting } from '../profile/weighting.js'

/**
 * Weighted profiles in two layouts over typed arrays: document-major (`docOffsets`, `docTermIds`,
 * `forwardWeights`; a document's term ids ascending) for explanations, and term-major postings
 * (`termOffsets`, `postingDocs`, `postingWeights`; documents ascending) for scoring.
 *
 * @example
 * ```ts
 * const index = InvertedIndex.build(store, idf, tfidf, vocabularySize)
 * for (let p = index.termOffsets[t]; p < index.termOffsets[t + 1]; p++) use(index.postingDocs[p], index.postingWeights[p])
 * ```
 */
export class InvertedIndex {
  readonly termOffsets: Uint32Array
  readonly postingDocs: Uint32Array
  readonly postingWeights: Float32Array

  /** Lays out postings from document-major weights (term ids ascending within each document). */
  constructor(
    readonly documents: number,
    readonly docOffsets: Uint32Array,
    readonly docTermIds: Uint32Array,
    readonly forwardWeights: Float32Array,
    vocabularySize: number,
  ) {
    const entries = docOffsets[documents]!
    // Counting sort by term: postings come out in ascending document order.
    const termOffsets = new Uint32Array(vocabularySize + 1)
    for (let e = 0; e < entries; e++) termOffsets[docTermIds[e]! + 1]!++
    for (let t = 0; t < vocabularySize; t++) termOffsets[t + 1]! += termOffsets[t]!
    const cursor = termOffsets.slice(0, vocabularySize)
    const postingDocs = new Uint32Array(entries)
    const postingWeights = new Float32Array(entries)
    for (let doc = 0; doc < documents; doc++) {
      for (let e = docOffsets[doc]!; e < docOffsets[doc + 1]!; e++) {
        const slot = cursor[docTermIds[e]!]!++
        postingDocs[slot] = doc
        postingWeights[slot] = forwardWeights[e]!
      }
    }
    this.termOffsets = termOffsets
    this.postingDocs = postingDocs
    this.postingWeights = postingWeights
  }

  /** Weights the profiles of `store` (idf per term id) and indexes them. */
  static build(store: ProfileStore, idf: Float64Array, weighting: Weighting, vocabularySize: number): InvertedIndex {
    const { offsets, termIds, freqs, lengths, count } = store
    const averageLength = count > 0 ? sumOf(lengths, count) / count : 0
    const forwardWeights = new Float32Array(store.entries)
    for (let doc = 0; doc < count; doc++) {
      const start = offsets[doc]!
      const end = offsets[doc + 1]!
      for (let e = start; e < end; e++) {
        forwardWeights[e] = weighting.documentWeight(freqs[e]!, lengths[doc]!, idf[termIds[e]!]!, averageLength)
      }
      if (weighting.normalize) normalizeRange(forwardWeights, start, end)
    }
    return new InvertedIndex(count, offsets, termIds, forwardWeights, vocabularySize)
  }

  /** Weight of `termId` in document `doc`, or 0 (binary search over the document's sorted term ids). */
  weightOf(doc: number, termId: number): number {
    let lo = this.docOffsets[doc]!
    let hi = this.docOffsets[doc + 1]! - 1
    const ids = this.docTermIds
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

/** Scales `weights[start, end)` to unit L2 norm (left as is when all zero). */
export function normalizeRange(weights: Float32Array | Float64Array, start: number, end: number): void {
  let squares = 0
  for (let e = start; e < end; e++) squares += weights[e]! * weights[e]!
  if (squares === 0) return
  const inverse = 1 / Math.sqrt(squares)
  for (let e = start; e < end; e++) weights[e]! *= inverse
}

function sumOf(values: Float32Array, count: number): number {
  let sum = 0
  for (let i = 0; i < count; i++) sum += values[i]!
  return sum
}
