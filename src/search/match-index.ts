import type { Catalogue } from '../catalogue.js'
import type { ProfileBuilder } from '../profile/builder.js'
import type { TermCounts } from '../profile/store.js'
import type { Weighting } from '../profile/weighting.js'
import type { SectionReader, SectionWriter } from '../snapshot/sections.js'
import { centroidPostings } from './centroid.js'
import { Collection, type Scoring } from './collection.js'

/** What one build of the index holds: every collection weighed for the same idf. */
export interface BuiltIndex {
  idf: Float64Array
  experts: Collection
  /** University descriptions. */
  descriptions: Collection
  /** Centroids of each university's expert profiles. */
  centroids: Collection
  /** The university doc of each expert doc. */
  expertUniversity: Uint32Array
}

/**
 * The index stage: the collections of a catalogue (experts, university descriptions, university
 * centroids), the idf they share, and when they are rebuilt. Adds mark it out of date; the next
 * {@link MatchIndex.build} merges waiting profiles, recomputes idf and weights, and rebuilds the centroids.
 * After words are added, {@link MatchIndex.reanalyze} makes the next build count every record again.
 *
 * @example
 * ```ts
 * const index = new MatchIndex(tfidf, 'pruned')
 * index.addUniversity(profiles.university(u))
 * index.addExpert(profiles.expert(e))
 * const built = index.build(catalogue, profiles) // idf, experts, descriptions, centroids
 * ```
 */
export class MatchIndex {
  private experts: Collection
  private descriptions = new Collection()
  private built: BuiltIndex | undefined
  private stale = false

  constructor(
    private readonly weighting: Weighting,
    scoring: Scoring,
  ) {
    this.experts = new Collection(scoring)
  }

  /** Queues an expert's profile (the next doc); the next build indexes it. */
  addExpert(counts: TermCounts): void {
    this.experts.add(counts)
    this.built = undefined
  }

  /** Queues a university's description profile; the next build indexes it. */
  addUniversity(counts: TermCounts): void {
    this.descriptions.add(counts)
    this.built = undefined
  }

  /** The analyzer changed (words were added): every profile is counted again at the next build. */
  reanalyze(): void {
    this.stale = true
    this.built = undefined
  }

  /** Brings the index up to date with the catalogue; returns the same object until the next change. */
  build(catalogue: Catalogue, profiles: ProfileBuilder): BuiltIndex {
    if (this.built) return this.built
    if (this.stale) {
      this.experts.clear()
      this.descriptions.clear()
      for (const u of catalogue.universities) this.descriptions.add(profiles.university(u))
      for (const e of catalogue.experts) this.experts.add(profiles.expert(e))
      this.stale = false
    }
    const vocabularySize = profiles.vocabulary.size
    this.experts.flush(this.weighting, vocabularySize)
    this.descriptions.flush(this.weighting, vocabularySize)
    const idf = this.idf(vocabularySize)
    this.experts.weigh(idf, this.weighting)
    this.descriptions.weigh(idf, this.weighting)
    const expertUniversity = Uint32Array.from(catalogue.expertUniversity)
    const centroids = centroidPostings(this.experts.weights, expertUniversity, catalogue.universities.length)
    this.built = {
      idf,
      experts: this.experts,
      descriptions: this.descriptions,
      centroids: Collection.ofWeights(centroids),
      expertUniversity,
    }
    return this.built
  }

  /** Writes the built index: expert and description postings with their weights, and the centroids. */
  save(out: SectionWriter, catalogue: Catalogue, profiles: ProfileBuilder): void {
    const built = this.build(catalogue, profiles)
    built.experts.save(out, 'experts', true)
    built.descriptions.save(out, 'descriptions', true)
    built.centroids.save(out, 'centroids', false)
  }

  /**
   * An index from saved sections, ready to match: nothing is recomputed but idf (one pass over the terms).
   * Every section is checked against the catalogue and vocabulary it must fit.
   */
  static load(
    reader: SectionReader,
    catalogue: Catalogue,
    profiles: ProfileBuilder,
    weighting: Weighting,
    scoring: Scoring,
  ): MatchIndex {
    const vocabularySize = profiles.vocabulary.size
    const experts = catalogue.experts.length
    const universities = catalogue.universities.length
    const index = new MatchIndex(weighting, scoring)
    index.experts = Collection.load(reader, 'experts', {
      documents: experts,
      vocabularySize,
      scoring,
      withProfiles: true,
    })
    index.descriptions = Collection.load(reader, 'descriptions', {
      documents: universities,
      vocabularySize,
      scoring: 'exhaustive',
      withProfiles: true,
    })
    const centroids = Collection.load(reader, 'centroids', {
      documents: universities,
      vocabularySize,
      scoring: 'exhaustive',
      withProfiles: false,
    })
    index.built = {
      idf: index.idf(vocabularySize),
      experts: index.experts,
      descriptions: index.descriptions,
      centroids,
      expertUniversity: Uint32Array.from(catalogue.expertUniversity),
    }
    return index
  }

  private idf(vocabularySize: number): Float64Array {
    // A term's df and the document count span experts and descriptions alike.
    const documents = this.experts.nonEmpty() + this.descriptions.nonEmpty()
    const idf = new Float64Array(vocabularySize)
    for (let t = 0; t < vocabularySize; t++) {
      const df = this.experts.df(t) + this.descriptions.df(t)
      if (df > 0) idf[t] = this.weighting.idf(df, documents)
    }
    return idf
  }
}
