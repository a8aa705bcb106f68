import { DuijieError } from '../errors.js'
import { ProfileStore, type TermCounts } from '../profile/store.js'
import type { Vocabulary } from '../profile/vocabulary.js'
import type { Weighting } from '../profile/weighting.js'
import type { SectionReader, SectionWriter } from '../snapshot/sections.js'
import { type TermContribution, explain } from './explain.js'
import { type Parallel, SERIAL } from './kernels.js'
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

  /** Adds profiles in order (the next docs), making room for all of them first. */
  addAll(batch: readonly TermCounts[]): void {
    let entries = 0
    for (const counts of batch) entries += counts.ids.length
    this.pending.reserve(batch.length, entries)
    for (const counts of batch) this.add(counts)
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
  flush(weighting: Weighting, vocabularySize: number, parallel: Parallel = SERIAL): void {
    const postingValue = (tf: number) => weighting.postingValue(tf)
    if (this.pending.count > 0 || this.postings.vocabularySize < vocabularySize) {
      this.postings = this.postings.merge(this.pending, postingValue, vocabularySize, parallel)
      this.pending = new ProfileStore()
      this.model = undefined
    }
    if (this.replacements.size > 0) {
      this.postings = this.postings.replace(this.replacements, postingValue)
      this.replacements = new Map()
      this.model = undefined
    }
  }

  /** Postings indexed and waiting: how much a build of this collection has to go through. */
  get entries(): number {
    return this.postings.size + this.pending.entries
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
  weigh(idf: Float64Array, weighting: Weighting, parallel: Parallel = SERIAL): void {
    this.model = ScoringModel.build(this.postings, idf, weighting, parallel)
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
    this.postings.save(out, name)
    if (!withProfiles) return
    out.f32(`${name}.lengths`, this.postings.lengths)
    out.f32(`${name}.weights`, this.weights.weights)
    out.f32(`${name}.termMax`, this.weights.termMax)
  }

  /**
   * A collection from sections written by {@link Collection.save}, every invariant checked: the postings'
   * (see {@link Postings.load}), and lengths and weights finite, weights within their term bounds.
   * `withProfiles` as it was saved.
   */
  static load(
    reader: SectionReader,
    name: string,
    shape: { documents: number; vocabularySize: number; scoring: Scoring; withProfiles: boolean },
  ): Collection {
    const { documents, vocabularySize } = shape
    if (!shape.withProfiles) {
      const lengths = new Float32Array(documents)
      return Collection.ofWeights(Postings.load(reader, name, { documents, vocabularySize, lengths }), shape.scoring)
    }
    const lengths = reader.f32(`${name}.lengths`)
    if (lengths.length !== documents) {
      throw reader.corrupt(`${name}.lengths`, `has ${lengths.length} entries for ${documents} documents`)
    }
    for (let d = 0; d < lengths.length; d++) {
      if (!(lengths[d]! >= 0 && lengths[d]! < Infinity))
        throw reader.corrupt(`${name}.lengths`, `entry ${d} is ${lengths[d]}`)
    }
    const postings = Postings.load(reader, name, { documents, vocabularySize, lengths })
    const weights = reader.f32(`${name}.weights`)
    const termMax = reader.f32(`${name}.termMax`)
    if (weights.length !== postings.size) {
      throw reader.corrupt(`${name}.weights`, `has ${weights.length} entries for ${postings.size} postings`)
    }
    if (termMax.length !== vocabularySize) {
      throw reader.corrupt(`${name}.termMax`, `has ${termMax.length} entries for ${vocabularySize} terms`)
    }
    for (let t = 0; t < vocabularySize; t++) {
      let max = 0
      const start = postings.start(t)
      for (let p = start; p < start + postings.df(t); p++) {
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
    collection.postings = postings
    collection.model = ScoringModel.restore(postings, weights, termMax)
    return collection
  }
}
