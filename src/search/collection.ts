import { DuijieError } from '../errors.js'
import { ProfileStore, type TermCounts } from '../profile/store.js'
import type { Vocabulary } from '../profile/vocabulary.js'
import type { Weighting } from '../profile/weighting.js'
import type { SectionReader, SectionWriter } from '../snapshot/sections.js'
import { type TermContribution, explain } from './explain.js'
import { ScoringModel } from './model.js'
import { Postings } from './postings.js'
import type { QueryVector } from './query.js'
import {
  ExhaustiveScorer,
  type GroupFactors,
  PrunedScorer,
  type Ranked,
  type ScoredDocuments,
  type TopScorer,
} from './scorer.js'

/** How a collection finds its top documents: MaxScore pruning or scoring every posting (the same results). */
export type Scoring = 'pruned' | 'exhaustive'

/**
 * One indexed collection: profiles (weighted term counts) → postings → weights → scorer. Experts,
 * university descriptions and university centroids are three instances. Profiles wait in a store until
 * {@link Collection.flush} merges them into the postings; {@link Collection.weigh} then lays out the
 * weights for an idf that spans every collection. A collection built {@link Collection.ofWeights} holds
 * final weights (the centroids) and needs neither.
 *
 * @example
 * ```ts
 * const experts = new Collection('pruned')
 * experts.add({ ids: Uint32Array.of(0, 1), tfs: Float32Array.of(3, 1) })
 * experts.flush(tfidf, 2)
 * experts.weigh(Float64Array.of(1.2, 1.5), tfidf)
 * experts.top({ termIds: Uint32Array.of(0), weights: Float64Array.of(1) }, 10, (a, b) => a < b) // [{ doc: 0, score: … }]
 * ```
 */
export class Collection {
  private postings = Postings.empty()
  private pending = new ProfileStore()
  /** New profiles of documents already added, applied at the next flush. */
  private replacements = new Map<number, TermCounts>()
  private model: ScoringModel | undefined
  private readonly scorer: TopScorer
  private readonly allScorer = new ExhaustiveScorer()

  constructor(scoring: Scoring = 'exhaustive') {
    this.scorer = scoring === 'pruned' ? new PrunedScorer() : this.allScorer
  }

  /** A collection whose postings' values already are the final weights. */
  static ofWeights(postings: Postings, scoring: Scoring = 'exhaustive'): Collection {
    const collection = new Collection(scoring)
    collection.postings = postings
    collection.model = ScoringModel.plain(postings)
    return collection
  }

  /** Adds a profile; returns its doc. */
  add(counts: TermCounts): number {
    this.model = undefined
    return this.postings.documents + this.pending.add(counts)
  }

  /** Gives document `doc` (added before, waiting or indexed) a new profile at the next flush. */
  replace(doc: number, counts: TermCounts): void {
    this.replacements.set(doc, counts)
    this.model = undefined
  }

  /**
   * Drops the documents `remap` marks -1 and renumbers the others (see {@link Postings.compact}). Waiting
   * profiles and replacements must have been flushed first.
   */
  compact(remap: Int32Array): void {
    if (this.pending.count > 0 || this.replacements.size > 0) {
      throw new DuijieError('INTERNAL', 'duijie: a collection was compacted with profiles waiting')
    }
    this.postings = this.postings.compact(remap)
    this.model = undefined
  }

  /** Drops every profile (before re-analysis). */
  clear(): void {
    this.postings = Postings.empty()
    this.pending = new ProfileStore()
    this.replacements = new Map()
    this.model = undefined
  }

  /** Merges waiting profiles and replacements into the postings, which then cover `vocabularySize` terms. */
  flush(weighting: Weighting, vocabularySize: number): void {
    const postingValue = (tf: number) => weighting.postingValue(tf)
    if (this.pending.count > 0 || this.postings.vocabularySize < vocabularySize) {
      this.postings = this.postings.merge(this.pending, postingValue, vocabularySize)
      this.pending = new ProfileStore()
      this.model = undefined
    }
    if (this.replacements.size > 0) {
      this.postings = this.postings.replace(this.replacements, postingValue)
      this.replacements = new Map()
      this.model = undefined
    }
  }

  /** Document frequency of a term among the indexed profiles. */
  df(term: number): number {
    return this.postings.df(term)
  }

  /** Number of indexed profiles with at least one term: the documents idf counts. */
  nonEmpty(): number {
    let count = 0
    for (let d = 0; d < this.postings.documents; d++) if (this.postings.lengths[d]! > 0) count++
    return count
  }

  /** Lays out the weights for `idf` (indexed by term id). */
  weigh(idf: Float64Array, weighting: Weighting): void {
    this.model = ScoringModel.build(this.postings, idf, weighting)
  }

  /** The weights scoring reads; only after {@link Collection.weigh}. */
  get weights(): ScoringModel {
    if (!this.model) throw new DuijieError('INTERNAL', 'duijie: a collection was scored before it was weighed')
    return this.model
  }

  /** The `depth` best documents, best first, ties broken by `before`, scores times their group's factor. */
  top(query: QueryVector, depth: number, before: (a: number, b: number) => boolean, factors?: GroupFactors): Ranked[] {
    return this.scorer.top(this.weights, query, depth, before, factors)
  }

  /** Every document the query touches, with its score; valid until the next call. */
  scoreAll(query: QueryVector): ScoredDocuments {
    return this.allScorer.score(this.weights, query)
  }

  /** One document's score, read off its postings: for scoring a few named documents. */
  scoreOf(doc: number, query: QueryVector): number {
    return this.weights.scoreOf(doc, query)
  }

  /** The query terms behind one document's score, times `scale`. */
  explain(doc: number, query: QueryVector, vocabulary: Vocabulary, scale = 1): TermContribution[] {
    return explain(this.weights, doc, query, vocabulary, scale)
  }

  /**
   * Writes the postings and weights as sections named `${name}.…`. Call after weighing: waiting profiles
   * are not saved.
   */
  save(out: SectionWriter, name: string, withProfiles: boolean): void {
    const { termOffsets, docs, values, lengths } = this.postings
    out.u32(`${name}.termOffsets`, termOffsets)
    out.u32(`${name}.docs`, docs)
    out.f32(`${name}.values`, values)
    if (!withProfiles) return
    out.f32(`${name}.lengths`, lengths)
    out.f32(`${name}.weights`, this.weights.weights)
    out.f32(`${name}.termMax`, this.weights.termMax)
  }

  /**
   * A collection from sections written by {@link Collection.save}, every invariant checked: offsets
   * monotone and in range, docs ascending within each term and below `documents`, values and weights
   * finite and within their term bounds. `withProfiles` as it was saved.
   */
  static load(
    reader: SectionReader,
    name: string,
    shape: { documents: number; vocabularySize: number; scoring: Scoring; withProfiles: boolean },
  ): Collection {
    const termOffsets = reader.u32(`${name}.termOffsets`)
    const docs = reader.u32(`${name}.docs`)
    const values = reader.f32(`${name}.values`)
    checkPostings(reader, name, termOffsets, docs, values, shape)
    if (!shape.withProfiles) {
      const postings = new Postings(shape.documents, termOffsets, docs, values, new Float32Array(shape.documents))
      return Collection.ofWeights(postings, shape.scoring)
    }
    const lengths = reader.f32(`${name}.lengths`)
    const weights = reader.f32(`${name}.weights`)
    const termMax = reader.f32(`${name}.termMax`)
    if (lengths.length !== shape.documents) {
      throw reader.corrupt(`${name}.lengths`, `has ${lengths.length} entries for ${shape.documents} documents`)
    }
    for (let d = 0; d < lengths.length; d++) {
      if (!(lengths[d]! >= 0 && lengths[d]! < Infinity))
        throw reader.corrupt(`${name}.lengths`, `entry ${d} is ${lengths[d]}`)
    }
    if (weights.length !== docs.length) {
      throw reader.corrupt(`${name}.weights`, `has ${weights.length} entries for ${docs.length} postings`)
    }
    if (termMax.length !== shape.vocabularySize) {
      throw reader.corrupt(`${name}.termMax`, `has ${termMax.length} entries for ${shape.vocabularySize} terms`)
    }
    for (let t = 0; t < shape.vocabularySize; t++) {
      let max = 0
      for (let p = termOffsets[t]!; p < termOffsets[t + 1]!; p++) {
        const w = weights[p]!
        if (!(w >= 0 && w <= termMax[t]!)) {
          throw reader.corrupt(`${name}.weights`, `posting ${p} weighs ${w}, outside [0, its term bound ${termMax[t]}]`)
        }
        if (w > max) max = w
      }
      if (termMax[t] !== max)
        throw reader.corrupt(`${name}.termMax`, `term ${t} is bounded by ${termMax[t]}; its largest weight is ${max}`)
    }
    const collection = new Collection(shape.scoring)
    collection.postings = new Postings(shape.documents, termOffsets, docs, values, lengths)
    collection.model = ScoringModel.restore(collection.postings, weights, termMax)
    return collection
  }
}

/** Structural checks of CSR postings, so that a damaged index can neither hang a scorer nor read out of range. */
function checkPostings(
  reader: SectionReader,
  name: string,
  termOffsets: Uint32Array,
  docs: Uint32Array,
  values: Float32Array,
  { documents, vocabularySize }: { documents: number; vocabularySize: number },
): void {
  const offsets = `${name}.termOffsets`
  if (termOffsets.length !== vocabularySize + 1) {
    throw reader.corrupt(offsets, `has ${termOffsets.length} entries for ${vocabularySize} terms (needs one more)`)
  }
  if (termOffsets[0] !== 0) throw reader.corrupt(offsets, `starts at ${termOffsets[0]}, not 0`)
  if (termOffsets[vocabularySize] !== docs.length) {
    throw reader.corrupt(offsets, `ends at ${termOffsets[vocabularySize]}, but there are ${docs.length} postings`)
  }
  if (values.length !== docs.length)
    throw reader.corrupt(`${name}.values`, `has ${values.length} entries for ${docs.length} postings`)
  for (let t = 0; t < vocabularySize; t++) {
    const start = termOffsets[t]!
    const end = termOffsets[t + 1]!
    if (end < start || end > docs.length) {
      throw reader.corrupt(offsets, `term ${t} spans postings [${start}, ${end}) of ${docs.length}`)
    }
    let previous = -1
    for (let p = start; p < end; p++) {
      const doc = docs[p]!
      if (doc <= previous || doc >= documents) {
        // Either array can be the damaged one: a shifted term boundary looks like docs out of order.
        const what = doc >= documents ? `names doc ${doc} of ${documents}` : `is not above the one before (${previous})`
        throw reader.corrupt(`${name}.docs`, `posting ${p} (term ${t}, by ${offsets}) ${what}`)
      }
      previous = doc
      if (!(values[p]! >= 0 && values[p]! < Infinity))
        throw reader.corrupt(`${name}.values`, `posting ${p} is ${values[p]}`)
    }
  }
}
