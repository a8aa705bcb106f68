/**
 * Profiles waiting to be indexed: for each document, its term ids and weighted term frequencies, packed
 * end to end in growable typed arrays (CSR layout), plus its weighted length. Merged into the postings at
 * the next build, then dropped.
 *
 * @example
 * ```ts
 * const s = new ProfileStore()
 * s.add(new Map([[4, 2], [1, 1]]))  // document 0: term 4 twice, term 1 once
 * s.entries                         // 2
 * ```
 */
export class ProfileStore {
  /** Number of documents. */
  count = 0
  /** Document d's entries are `[offsets[d], offsets[d + 1])` of `termIds` and `freqs`. */
  offsets = new Uint32Array(16)
  termIds = new Uint32Array(256)
  freqs = new Float32Array(256)
  /** Weighted length (sum of term frequencies) per document. */
  lengths = new Float32Array(16)

  /** Appends a document from term id → weighted frequency; returns its index. */
  add(termFreqs: ReadonlyMap<number, number>): number {
    const doc = this.count
    const start = this.offsets[doc]!
    const end = start + termFreqs.size
    this.ensure(doc + 2, end)
    let length = 0
    let slot = start
    for (const [id, tf] of termFreqs) {
      this.termIds[slot] = id
      this.freqs[slot++] = tf
      length += tf
    }
    this.offsets[doc + 1] = end
    this.lengths[doc] = length
    this.count++
    return doc
  }

  /** Total number of (document, term) entries. */
  get entries(): number {
    return this.offsets[this.count]!
  }

  private ensure(docSlots: number, entrySlots: number): void {
    if (docSlots > this.offsets.length) {
      this.offsets = grow(this.offsets, docSlots)
      this.lengths = grow(this.lengths, docSlots)
    }
    if (entrySlots > this.termIds.length) {
      this.termIds = grow(this.termIds, entrySlots)
      this.freqs = grow(this.freqs, entrySlots)
    }
  }
}

function grow<T extends Uint32Array | Float32Array>(array: T, needed: number): T {
  let size = array.length
  while (size < needed) size *= 2
  const bigger = new (array.constructor as new (n: number) => T)(size)
  bigger.set(array)
  return bigger
}
