import type { ProfileStore, TermCounts } from '../profile/store.js'

/**
 * Term-major postings in CSR layout: term t's postings are `[termOffsets[t], termOffsets[t + 1])` of
 * `docs` (ascending) and `values` (the weighting's posting value of the term's frequency), plus each
 * document's weighted length. Weights are not stored: they depend on idf, which changes as profiles are
 * added, and are computed from `values` by a {@link ScoringModel}. 8 bytes a posting.
 *
 * @example
 * ```ts
 * let postings = Postings.empty()
 * postings = postings.merge(store, (tf) => 1 + Math.log(tf), vocabulary.size)
 * postings.df(termId) // number of documents holding the term
 * ```
 */
export class Postings {
  constructor(
    readonly documents: number,
    readonly termOffsets: Uint32Array,
    readonly docs: Uint32Array,
    readonly values: Float32Array,
    readonly lengths: Float32Array,
  ) {}

  static empty(): Postings {
    return new Postings(0, new Uint32Array(1), new Uint32Array(0), new Float32Array(0), new Float32Array(0))
  }

  /** Number of terms the offsets cover. */
  get vocabularySize(): number {
    return this.termOffsets.length - 1
  }

  /** Number of postings. */
  get size(): number {
    return this.docs.length
  }

  /** Document frequency of `termId` (0 for ids beyond this index). */
  df(termId: number): number {
    return termId < this.vocabularySize ? this.termOffsets[termId + 1]! - this.termOffsets[termId]! : 0
  }

  /** Slot of (termId, doc) in `docs` / `values`, or -1 (binary search). */
  find(termId: number, doc: number): number {
    if (termId >= this.vocabularySize) return -1
    let lo = this.termOffsets[termId]!
    let hi = this.termOffsets[termId + 1]! - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const d = this.docs[mid]!
      if (d === doc) return mid
      if (d < doc) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  /**
   * A new index holding these postings and the documents of `store`, numbered after the existing ones.
   * O(postings): each term's list is copied, then the new documents' postings appended.
   */
  merge(store: ProfileStore, postingValue: (tf: number) => number, vocabularySize: number): Postings {
    const added = store.entries
    const termOffsets = new Uint32Array(vocabularySize + 1)
    for (let t = 0; t < this.vocabularySize; t++) termOffsets[t + 1] = this.df(t)
    for (let e = 0; e < added; e++) termOffsets[store.termIds[e]! + 1]!++
    for (let t = 0; t < vocabularySize; t++) termOffsets[t + 1]! += termOffsets[t]!
    const docs = new Uint32Array(this.size + added)
    const values = new Float32Array(this.size + added)
    const cursor = termOffsets.slice(0, vocabularySize)
    for (let t = 0; t < this.vocabularySize; t++) {
      const start = this.termOffsets[t]!
      const end = this.termOffsets[t + 1]!
      docs.set(this.docs.subarray(start, end), cursor[t]!)
      values.set(this.values.subarray(start, end), cursor[t]!)
      cursor[t]! += end - start
    }
    for (let doc = 0; doc < store.count; doc++) {
      for (let e = store.offsets[doc]!; e < store.offsets[doc + 1]!; e++) {
        const slot = cursor[store.termIds[e]!]!++
        docs[slot] = this.documents + doc
        values[slot] = postingValue(store.freqs[e]!)
      }
    }
    const lengths = new Float32Array(this.documents + store.count)
    lengths.set(this.lengths)
    lengths.set(store.lengths.subarray(0, store.count), this.documents)
    return new Postings(this.documents + store.count, termOffsets, docs, values, lengths)
  }

  /**
   * A new index in which the documents of `updates` (existing docs, each once) hold new profiles: one pass
   * over the postings, each term's list copied without the replaced documents and merged, in doc order,
   * with their new postings. O(postings + new entries), however few documents change.
   */
  replace(updates: ReadonlyMap<number, TermCounts>, postingValue: (tf: number) => number): Postings {
    const vocabularySize = this.vocabularySize
    const replaced = new Uint8Array(this.documents)
    const fresh = new Uint32Array(vocabularySize + 1)
    for (const [doc, { ids }] of updates) {
      replaced[doc] = 1
      for (const id of ids) fresh[id + 1]!++
    }
    for (let t = 0; t < vocabularySize; t++) fresh[t + 1]! += fresh[t]!
    // The new postings, term-major and ascending by doc within a term.
    const freshDocs = new Uint32Array(fresh[vocabularySize]!)
    const freshValues = new Float32Array(freshDocs.length)
    const fill = fresh.slice(0, vocabularySize)
    const lengths = Float32Array.from(this.lengths)
    for (const doc of [...updates.keys()].sort((a, b) => a - b)) {
      const { ids, tfs } = updates.get(doc)!
      let length = 0
      for (let i = 0; i < ids.length; i++) {
        const slot = fill[ids[i]!]!++
        freshDocs[slot] = doc
        freshValues[slot] = postingValue(tfs[i]!)
        length += tfs[i]!
      }
      lengths[doc] = length
    }
    let kept = 0
    for (let p = 0; p < this.size; p++) if (!replaced[this.docs[p]!]) kept++
    const termOffsets = new Uint32Array(vocabularySize + 1)
    const docs = new Uint32Array(kept + freshDocs.length)
    const values = new Float32Array(docs.length)
    let out = 0
    for (let t = 0; t < vocabularySize; t++) {
      let p = this.termOffsets[t]!
      const end = this.termOffsets[t + 1]!
      let f = fresh[t]!
      const freshEnd = fresh[t + 1]!
      while (p < end || f < freshEnd) {
        while (p < end && replaced[this.docs[p]!]) p++
        const old = p < end ? this.docs[p]! : Number.POSITIVE_INFINITY
        if (f < freshEnd && freshDocs[f]! < old) {
          docs[out] = freshDocs[f]!
          values[out++] = freshValues[f++]!
        } else if (p < end) {
          docs[out] = this.docs[p]!
          values[out++] = this.values[p++]!
        }
      }
      termOffsets[t + 1] = out
    }
    return new Postings(this.documents, termOffsets, docs, values, lengths)
  }

  /**
   * A new index without the documents `remap` drops (-1) and with the others renumbered (`remap[old]`, which
   * must keep their order). One pass over the postings; each term's list stays ascending.
   */
  compact(remap: Int32Array): Postings {
    let documents = 0
    for (const doc of remap) if (doc >= 0) documents++
    const termOffsets = new Uint32Array(this.vocabularySize + 1)
    let kept = 0
    for (let p = 0; p < this.size; p++) if (remap[this.docs[p]!]! >= 0) kept++
    const docs = new Uint32Array(kept)
    const values = new Float32Array(kept)
    let out = 0
    for (let t = 0; t < this.vocabularySize; t++) {
      for (let p = this.termOffsets[t]!; p < this.termOffsets[t + 1]!; p++) {
        const doc = remap[this.docs[p]!]!
        if (doc < 0) continue
        docs[out] = doc
        values[out++] = this.values[p]!
      }
      termOffsets[t + 1] = out
    }
    const lengths = new Float32Array(documents)
    for (let d = 0; d < remap.length; d++) if (remap[d]! >= 0) lengths[remap[d]!] = this.lengths[d]!
    return new Postings(documents, termOffsets, docs, values, lengths)
  }
}
