import { shared } from '../memory.js'

/** One text's weighted term counts: term ids (distinct) and their frequencies, in parallel. */
export interface TermCounts {
  ids: Uint32Array
  tfs: Float32Array
}

/**
 * Profiles waiting to be indexed: for each document, its term ids and weighted term frequencies, packed
 * end to end in growable typed arrays (CSR layout), plus its weighted length. Merged into the postings at
 * the next build, then dropped. The arrays are over shared memory, so that a build's threads can read them.
 *
 * @example
 * ```ts
 * const s = new ProfileStore()
 * s.add({ ids: Uint32Array.of(4, 1), tfs: Float32Array.of(2, 1) })  // document 0: term 4 twice, term 1 once
 * s.entries                         // 2
 * ```
 */
export class ProfileStore {
  /** Number of documents. */
  count = 0
  /** Document d's entries are `[offsets[d], offsets[d + 1])` of `termIds` and `freqs`. */
  offsets = shared(Uint32Array, 16)
  termIds = shared(Uint32Array, 256)
  freqs = shared(Float32Array, 256)
  /** Weighted length (sum of term frequencies) per document. */
  lengths = shared(Float32Array, 16)

  /** Appends a document; returns its index. */
  add({ ids, tfs }: TermCounts): number {
    const doc = this.count
    const start = this.offsets[doc]!
    const end = start + ids.length
    this.ensure(doc + 2, end)
    this.termIds.set(ids, start)
    this.freqs.set(tfs, start)
    let length = 0
    for (let i = 0; i < tfs.length; i++) length += tfs[i]!
    this.offsets[doc + 1] = end
    this.lengths[doc] = length
    this.count++
    return doc
  }

  /** Makes room for `documents` more documents of `entries` entries in all, so that adding them copies nothing more. */
  reserve(documents: number, entries: number): void {
    this.ensure(this.count + documents + 1, this.entries + entries)
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
  const bigger = shared(array.constructor as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, size)
  bigger.set(array)
  return bigger
}
