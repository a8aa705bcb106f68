import type { ProfileStore, TermCounts } from '../profile/store.js'
import type { SectionReader, SectionWriter } from '../snapshot/sections.js'
import { shared } from '../memory.js'
import { type Parallel, SEGMENT_BITS, SERIAL, splitRange } from './kernels.js'
import { PostingValues, ValueCoder, type ValueWriter } from './values.js'

const LOW_BITS = (1 << SEGMENT_BITS) - 1

/** Number of doc-id segments an index of `documents` documents needs (at least one). */
export function segmentsFor(documents: number): number {
  return Math.max(1, Math.ceil(documents / (1 << SEGMENT_BITS)))
}

/**
 * Term-major postings. Each term's postings are split by segment (doc ids 0–65,535, 65,536–131,071, …) into
 * cells: term t's postings in segment s are `[spans[t·S + s], spans[t·S + s + 1])` (S = `segments`), and
 * posting p names doc `s · 65,536 + docs[p]`, ascending within a term. `values` holds the weighting's
 * posting value of each term frequency, and `lengths` each document's weighted length. Weights are not
 * stored here: they depend on idf, which changes as profiles are added, and are computed from `values`
 * by a {@link ScoringModel}. About 3 bytes a posting (2 for the doc, 1 for a coded value).
 *
 * @example
 * ```ts
 * let postings = Postings.empty()
 * postings = postings.merge(store, (tf) => 1 + Math.log(tf), vocabulary.size)
 * postings.df(termId) // number of documents holding the term
 * ```
 */
export class Postings {
  /** Doc-id segments per term. */
  readonly segments: number
  /** Number of terms the spans cover. */
  readonly vocabularySize: number
  private scratchDocs = new Uint32Array(0)

  constructor(
    readonly documents: number,
    readonly spans: Uint32Array,
    readonly docs: Uint16Array,
    readonly values: PostingValues,
    readonly lengths: Float32Array,
  ) {
    this.segments = segmentsFor(documents)
    this.vocabularySize = (spans.length - 1) / this.segments
  }

  static empty(): Postings {
    return new Postings(0, new Uint32Array(1), new Uint16Array(0), PostingValues.empty(), new Float32Array(0))
  }

  /** Postings whose values are final weights (centroids), from docs ascending within each term. */
  static of(documents: number, termOffsets: Uint32Array, docs: Uint32Array, values: Float32Array): Postings {
    const vocabularySize = termOffsets.length - 1
    const writer = new PostingsWriter(documents, vocabularySize, docs.length, new ValueCoder(PostingValues.raw(values)))
    for (let t = 0; t < vocabularySize; t++) {
      for (let p = termOffsets[t]!; p < termOffsets[t + 1]!; p++) writer.keep(t, docs[p]!, p)
    }
    return writer.finish(new Float32Array(documents))
  }

  /** Number of postings. */
  get size(): number {
    return this.docs.length
  }

  /** First posting of `termId`. */
  start(termId: number): number {
    return this.spans[termId * this.segments]!
  }

  /** Document frequency of `termId` (0 for ids beyond this index). */
  df(termId: number): number {
    if (termId >= this.vocabularySize) return 0
    return this.spans[(termId + 1) * this.segments]! - this.spans[termId * this.segments]!
  }

  /** Writes `termId`'s docs, ascending, to `out` from index 0 (posting `start(termId) + i` names `out[i]`); returns their number. */
  docsOf(termId: number, out: Uint32Array): number {
    const { spans, docs, segments } = this
    let n = 0
    for (let s = 0, cell = termId * segments; s < segments; s++, cell++) {
      const base = s << SEGMENT_BITS
      for (let p = spans[cell]!; p < spans[cell + 1]!; p++) out[n++] = base + docs[p]!
    }
    return n
  }

  /** Slot of (termId, doc) in `docs` / `values`, or -1 (binary search within the doc's segment). */
  find(termId: number, doc: number): number {
    if (termId >= this.vocabularySize) return -1
    const cell = termId * this.segments + (doc >>> SEGMENT_BITS)
    const low = doc & LOW_BITS
    let lo = this.spans[cell]!
    let hi = this.spans[cell + 1]! - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const d = this.docs[mid]!
      if (d === low) return mid
      if (d < low) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  /**
   * A new index holding these postings and the documents of `store`, numbered after the existing ones.
   * O(postings): each term's postings are copied, then the new documents' postings appended.
   */
  merge(
    store: ProfileStore,
    postingValue: (tf: number) => number,
    vocabularySize: number,
    parallel: Parallel = SERIAL,
  ): Postings {
    const first = this.documents
    const documents = first + store.count
    const segments = segmentsFor(documents)
    const cells = vocabularySize * segments
    const { offsets, termIds, freqs } = store
    // The new documents in parts of about equal entries, each counted and placed by its own thread.
    const ranges = splitRange(store.count, parallel.parts, (doc) => offsets[doc]!)
    const parts = ranges.slice(1).map((docTo, k) => ({ docFrom: ranges[k]!, docTo, first, segments, termIds, offsets }))
    const counts = parts.map(() => shared(Uint32Array, cells))
    parallel.run(
      'countCells',
      parts.map((part, k) => ({ ...part, counts: counts[k]! })),
    )
    // Each cell's size: its old postings, then those of the new docs (all after the old ones).
    const spans = shared(Uint32Array, cells + 1)
    for (let t = 0; t < this.vocabularySize; t++) {
      for (let s = 0, cell = t * this.segments; s < this.segments; s++, cell++) {
        spans[t * segments + s + 1] = this.spans[cell + 1]! - this.spans[cell]!
      }
    }
    for (const partCounts of counts) for (let cell = 0; cell < cells; cell++) spans[cell + 1]! += partCounts[cell]!
    const coder = new ValueCoder(this.values)
    const entryCodes = coder.codesOf(freqs, store.entries, postingValue)
    for (let cell = 0; cell < cells; cell++) spans[cell + 1]! += spans[cell]!
    const size = spans[cells]!
    const docs = shared(Uint16Array, size)
    const values = coder.allocate(size)
    // Each part's first slot per cell: after the cell's old postings and the earlier parts' new ones.
    const cursor = spans.slice(0, cells)
    for (let t = 0; t < this.vocabularySize; t++) {
      for (let s = 0, cell = t * this.segments; s < this.segments; s++, cell++) {
        const to = cursor[t * segments + s]!
        docs.set(this.docs.subarray(this.spans[cell]!, this.spans[cell + 1]!), to)
        values.copyRange(to, this.spans[cell]!, this.spans[cell + 1]!)
        cursor[t * segments + s]! += this.spans[cell + 1]! - this.spans[cell]!
      }
    }
    const codes = values.codes
    if (entryCodes && codes) {
      // The count arrays become each part's cursors.
      for (let cell = 0; cell < cells; cell++) {
        let at = cursor[cell]!
        for (const partCounts of counts) {
          const n = partCounts[cell]!
          partCounts[cell] = at
          at += n
        }
      }
      parallel.run(
        'scatter',
        parts.map((part, k) => ({ ...part, entryCodes, cursor: counts[k]!, docs, codes })),
      )
    } else {
      // Values stored raw (they no longer fit a palette): one thread, each value computed as it is placed.
      for (let doc = 0; doc < store.count; doc++) {
        const segment = (first + doc) >>> SEGMENT_BITS
        const low = (first + doc) & LOW_BITS
        for (let e = offsets[doc]!; e < offsets[doc + 1]!; e++) {
          const slot = cursor[termIds[e]! * segments + segment]!++
          docs[slot] = low
          values.set(slot, postingValue(freqs[e]!))
        }
      }
    }
    const lengths = new Float32Array(documents)
    lengths.set(this.lengths)
    lengths.set(store.lengths.subarray(0, store.count), first)
    return new Postings(documents, spans, docs, values.finish(), lengths)
  }

  /**
   * A new index in which the documents of `updates` (existing docs, each once) hold new profiles: one pass
   * over the postings, each term's list copied without the replaced documents and merged, in doc order,
   * with their new postings. O(postings + new entries), however few documents change.
   */
  replace(updates: ReadonlyMap<number, TermCounts>, postingValue: (tf: number) => number): Postings {
    const vocabularySize = this.vocabularySize
    const replaced = new Uint8Array(this.documents)
    const changed = [...updates.keys()].sort((a, b) => a - b)
    for (const doc of changed) replaced[doc] = 1
    const fresh = FreshPostings.of(vocabularySize, postingValue, function* () {
      for (const doc of changed) yield { doc, ...updates.get(doc)! }
    })
    const lengths = Float32Array.from(this.lengths)
    for (const doc of changed) lengths[doc] = updates.get(doc)!.tfs.reduce((sum, tf) => sum + tf, 0)
    const { spans, docs, segments } = this
    const kept = this.size - this.postingsOf(replaced)
    const writer = new PostingsWriter(this.documents, vocabularySize, kept + fresh.size, fresh.coder(this.values))
    for (let t = 0; t < vocabularySize; t++) {
      let f = fresh.offsets[t]!
      const freshEnd = fresh.offsets[t + 1]!
      for (let s = 0, cell = t * segments; s < segments; s++, cell++) {
        const base = s << SEGMENT_BITS
        const end = spans[cell + 1]!
        // Runs of kept postings are copied whole; new postings go in before the first old doc above them.
        let run = spans[cell]!
        for (let p = run; p < end; ) {
          const doc = base + docs[p]!
          const freshFirst = f < freshEnd && fresh.docs[f]! < doc
          if (!freshFirst && !replaced[doc]) {
            p++
            continue
          }
          writer.copy(this, t, s, run, p)
          if (freshFirst) {
            writer.add(t, fresh.docs[f]!, fresh.values[f]!)
            f++
          } else p++
          run = p
        }
        writer.copy(this, t, s, run, end)
        const segmentEnd = base + (1 << SEGMENT_BITS)
        for (; f < freshEnd && fresh.docs[f]! < segmentEnd; f++) writer.add(t, fresh.docs[f]!, fresh.values[f]!)
      }
    }
    return writer.finish(lengths)
  }

  /**
   * A new index without the documents `remap` drops (-1) and with the others renumbered (`remap[old]`, which
   * must keep their order). One pass over the postings; each term's list stays ascending.
   */
  compact(remap: Int32Array): Postings {
    let documents = 0
    for (const doc of remap) if (doc >= 0) documents++
    const old = this.scratch()
    const dropped = Uint8Array.from(remap, (doc) => (doc < 0 ? 1 : 0))
    const kept = this.size - this.postingsOf(dropped)
    const writer = new PostingsWriter(documents, this.vocabularySize, kept, new ValueCoder(this.values))
    for (let t = 0; t < this.vocabularySize; t++) {
      const n = this.docsOf(t, old)
      const start = this.start(t)
      for (let i = 0; i < n; i++) {
        const doc = remap[old[i]!]!
        if (doc >= 0) writer.keep(t, doc, start + i)
      }
    }
    const lengths = new Float32Array(documents)
    for (let d = 0; d < remap.length; d++) if (remap[d]! >= 0) lengths[remap[d]!] = this.lengths[d]!
    return writer.finish(lengths)
  }

  /** Number of postings of the docs `marked` marks with 1. */
  private postingsOf(marked: Uint8Array): number {
    const { spans, docs, segments } = this
    let count = 0
    for (let cell = 0; cell + 1 < spans.length; cell++) {
      const base = (cell % segments) << SEGMENT_BITS
      for (let p = spans[cell]!; p < spans[cell + 1]!; p++) count += marked[base + docs[p]!]!
    }
    return count
  }

  /** Writes `${name}.spans`, `${name}.docs` and the values' sections; the lengths are the caller's. */
  save(out: SectionWriter, name: string): void {
    out.u32(`${name}.spans`, this.spans)
    out.u16(`${name}.docs`, this.docs)
    this.values.save(out, name)
  }

  /**
   * Postings saved by {@link Postings.save}, every invariant checked so that a damaged index can neither
   * hang a scorer nor read out of range: spans monotone and in range, docs ascending within each term and
   * below `documents`, values finite.
   */
  static load(
    reader: SectionReader,
    name: string,
    { documents, vocabularySize, lengths }: { documents: number; vocabularySize: number; lengths: Float32Array },
  ): Postings {
    const spans = reader.u32(`${name}.spans`)
    const docs = reader.u16(`${name}.docs`)
    const segments = segmentsFor(documents)
    const section = `${name}.spans`
    const cells = vocabularySize * segments
    if (spans.length !== cells + 1) {
      throw reader.corrupt(
        section,
        `has ${spans.length} entries for ${vocabularySize} terms in ${segments} segments (needs ${cells + 1})`,
      )
    }
    if (spans[0] !== 0) throw reader.corrupt(section, `starts at ${spans[0]}, not 0`)
    if (spans[cells] !== docs.length) {
      throw reader.corrupt(section, `ends at ${spans[cells]}, but there are ${docs.length} postings`)
    }
    for (let cell = 0; cell < cells; cell++) {
      const start = spans[cell]!
      const end = spans[cell + 1]!
      if (end < start || end > docs.length) {
        throw reader.corrupt(section, `cell ${cell} spans postings [${start}, ${end}) of ${docs.length}`)
      }
      const base = (cell % segments) << SEGMENT_BITS
      let previous = -1
      for (let p = start; p < end; p++) {
        const doc = base + docs[p]!
        if (doc <= previous || doc >= documents) {
          // Either array can be the damaged one: a shifted cell boundary looks like docs out of order.
          const what =
            doc >= documents ? `names doc ${doc} of ${documents}` : `is not above the one before (${previous})`
          const term = Math.floor(cell / segments)
          throw reader.corrupt(`${name}.docs`, `posting ${p} (term ${term}, by ${section}) ${what}`)
        }
        previous = doc
      }
    }
    const values = PostingValues.load(reader, name, docs.length)
    return new Postings(documents, spans, docs, values, lengths)
  }

  /** A buffer for one term's docs. */
  private scratch(): Uint32Array {
    if (this.scratchDocs.length < this.documents) this.scratchDocs = new Uint32Array(this.documents)
    return this.scratchDocs
  }
}

/** New postings in term-major order (docs ascending within a term), with their posting values. */
class FreshPostings {
  private constructor(
    readonly offsets: Uint32Array,
    readonly docs: Uint32Array,
    readonly values: Float32Array,
  ) {}

  /** From profiles given in ascending doc order; `profiles` is called twice (counting, then filling). */
  static of(
    vocabularySize: number,
    postingValue: (tf: number) => number,
    profiles: () => Iterable<{ doc: number; ids: Uint32Array; tfs: Float32Array }>,
  ): FreshPostings {
    const offsets = new Uint32Array(vocabularySize + 1)
    for (const { ids } of profiles()) for (const id of ids) offsets[id + 1]!++
    for (let t = 0; t < vocabularySize; t++) offsets[t + 1]! += offsets[t]!
    const docs = new Uint32Array(offsets[vocabularySize]!)
    const values = new Float32Array(docs.length)
    const fill = offsets.slice(0, vocabularySize)
    for (const { doc, ids, tfs } of profiles()) {
      for (let i = 0; i < ids.length; i++) {
        const slot = fill[ids[i]!]!++
        docs[slot] = doc
        values[slot] = postingValue(tfs[i]!)
      }
    }
    return new FreshPostings(offsets, docs, values)
  }

  get size(): number {
    return this.docs.length
  }

  /** A coder for an index made of `old`'s values and these. */
  coder(old: PostingValues): ValueCoder {
    const coder = new ValueCoder(old)
    for (const value of this.values) coder.register(value)
    return coder
  }
}

/**
 * Writes postings in ascending (term, doc) order and closes the cells (term, segment) as it goes, so the
 * spans of empty cells come out right.
 */
class PostingsWriter {
  private readonly spans: Uint32Array
  private readonly docs: Uint16Array
  private readonly values: ValueWriter
  private readonly segments: number
  private out = 0
  private cell = 0

  constructor(
    private readonly documents: number,
    private readonly vocabularySize: number,
    size: number,
    values: ValueCoder,
  ) {
    this.segments = segmentsFor(documents)
    this.spans = new Uint32Array(vocabularySize * this.segments + 1)
    this.docs = new Uint16Array(size)
    this.values = values.allocate(size)
  }

  /** The next posting names (term, doc) and holds `value`. */
  add(term: number, doc: number, value: number): void {
    this.values.set(this.open(term, doc), value)
  }

  /** The next posting names (term, doc) and holds the value of posting `fromP` of the index coded from. */
  keep(term: number, doc: number, fromP: number): void {
    this.values.copy(this.open(term, doc), fromP)
  }

  /**
   * The next postings are postings [from, to) of `source`'s cell (term, segment), in the same segment: the
   * index the values were coded from. One copy of each array.
   */
  copy(source: Postings, term: number, segment: number, from: number, to: number): void {
    if (to <= from) return
    const target = term * this.segments + segment
    while (this.cell < target) this.spans[++this.cell] = this.out
    this.docs.set(source.docs.subarray(from, to), this.out)
    this.values.copyRange(this.out, from, to)
    this.out += to - from
  }

  finish(lengths: Float32Array): Postings {
    const cells = this.vocabularySize * this.segments
    while (this.cell < cells) this.spans[++this.cell] = this.out
    return new Postings(this.documents, this.spans, this.docs, this.values.finish(), lengths)
  }

  private open(term: number, doc: number): number {
    const target = term * this.segments + (doc >>> SEGMENT_BITS)
    while (this.cell < target) this.spans[++this.cell] = this.out
    this.docs[this.out] = doc & LOW_BITS
    return this.out++
  }
}
