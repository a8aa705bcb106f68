import type { Catalogue, TableName } from '../catalogue.js'
import type { ProfileBuilder } from '../profile/builder.js'
import type { TermCounts } from '../profile/store.js'
import type { Weighting } from '../profile/weighting.js'
import type { SectionReader, SectionWriter } from '../snapshot/sections.js'
import { shared } from '../memory.js'
import { parallelIn } from '../profile/pool.js'
import { centroidPostings } from './centroid.js'
import { type Parallel, SERIAL } from './kernels.js'
import { Collection, type Scoring } from './collection.js'

/** A collection with the idf its weights were laid out for. */
export interface Weighed {
  collection: Collection
  idf: Float64Array
}

/** What one build of the index holds. */
export interface BuiltIndex {
  /** The idf experts, university descriptions and centroids share. */
  idf: Float64Array
  experts: Collection
  /** University descriptions. */
  descriptions: Collection
  /** Centroids of each university's expert profiles. */
  centroids: Collection
  /** The university doc of each expert doc. */
  expertUniversity: Uint32Array
  /** How many experts each university doc has. */
  expertsPerUniversity: Uint32Array
  /** Degree programmes, weighed by their own idf. */
  programmes: Weighed
  /** The university doc of each programme doc. */
  programmeUniversity: Uint32Array
  /** Investors, weighed by their own idf. */
  investors: Weighed
  /** Documents' own profiles, weighed by the experts' idf: which of an expert's documents match a need. */
  documents: Collection
  /** Each document's weight in its experts' profiles (kind and age). */
  documentWeights: Float64Array
}

/** The collections kept per kind of record. */
type Kind = 'experts' | 'descriptions' | 'programmes' | 'investors' | 'documents'

/**
 * The index stage: the collections of a catalogue and when they are rebuilt. Experts, university
 * descriptions and the universities' expert centroids share one idf, as they always did; programmes and
 * investors each have their own, so adding investors never moves an expert's score. Adds mark the index
 * out of date; the next {@link MatchIndex.build} merges waiting profiles, recomputes idf and weights, and
 * rebuilds the centroids. After words are added, {@link MatchIndex.reanalyze} makes the next build count
 * every record again.
 *
 * @example
 * ```ts
 * const index = new MatchIndex(tfidf, 'pruned')
 * index.add('descriptions', profiles.university(u))
 * index.add('experts', profiles.expert(e))
 * const built = index.build(catalogue, profiles) // idf, experts, descriptions, centroids, …
 * ```
 */
export class MatchIndex {
  private collections: Record<Kind, Collection>
  private built: BuiltIndex | undefined
  private stale = false
  /** The threads of the build under way (see {@link MatchIndex.parallelFor}). */
  private threads: Parallel | undefined

  /**
   * `workers` threads (1: this one only) share a build's passes over the postings of a collection of
   * {@link PARALLEL_ENTRIES} entries or more.
   */
  constructor(
    private readonly weighting: Weighting,
    scoring: Scoring,
    private readonly workers = 1,
  ) {
    this.collections = {
      experts: new Collection(scoring),
      descriptions: new Collection(),
      programmes: new Collection(scoring),
      investors: new Collection(scoring),
      documents: new Collection(),
    }
  }

  /** Queues a record's profile (the next doc of its kind); the next build indexes it. */
  add(kind: Kind, counts: TermCounts): void {
    this.collections[kind].add(counts)
    this.built = undefined
  }

  /** Queues a batch of profiles of one kind, in order: {@link MatchIndex.add} for each, with room made once. */
  addAll(kind: Kind, batch: readonly TermCounts[]): void {
    this.collections[kind].addAll(batch)
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
    this.threads = undefined
    const { experts, descriptions, programmes, investors, documents } = this.collections
    if (catalogue.hasRemovals) this.compact(catalogue, profiles.vocabulary.size)
    if (this.stale) {
      for (const c of Object.values(this.collections)) c.clear()
      const records = catalogue.documents.records
      for (const u of catalogue.universities.records) descriptions.add(profiles.university(u))
      const own = catalogue.experts.records.map(
        (e, doc) => [e, catalogue.documentsOf(doc).map((d) => records[d]!)] as const,
      )
      experts.addAll(profiles.expertsWithDocuments(own))
      documents.addAll(profiles.documents(records))
      for (const p of catalogue.programmes.records) programmes.add(profiles.programme(p))
      for (const i of catalogue.investors.records) investors.add(profiles.investor(i))
      this.stale = false
    }
    const vocabularySize = profiles.vocabulary.size
    for (const c of Object.values(this.collections)) c.flush(this.weighting, vocabularySize, this.parallelFor(c))
    const idf = this.idf(vocabularySize, [experts, descriptions])
    for (const c of [experts, descriptions, documents]) c.weigh(idf, this.weighting, this.parallelFor(c))
    const expertUniversity = catalogue.expertUniversity()
    const centroids = centroidPostings(
      experts.weights,
      expertUniversity,
      catalogue.universities.size,
      this.parallelFor(experts),
    )
    this.built = {
      idf,
      experts,
      descriptions,
      centroids: Collection.ofWeights(centroids),
      expertUniversity,
      expertsPerUniversity: countPerGroup(expertUniversity, catalogue.universities.size),
      programmes: this.weighOwn(programmes, vocabularySize),
      programmeUniversity: catalogue.programmeUniversity(),
      investors: this.weighOwn(investors, vocabularySize),
      documents,
      documentWeights: Float64Array.from(catalogue.documents.records, (d) => profiles.documentWeight(d)),
    }
    return this.built
  }

  /** Records were removed: the next build compacts them away. */
  changed(): void {
    this.built = undefined
  }

  /** Queues a new profile for a record already added; the next build indexes it. */
  replace(kind: Kind, doc: number, counts: TermCounts): void {
    this.collections[kind].replace(doc, counts)
    this.built = undefined
  }

  /** Records were removed: drops their slots from the catalogue and their profiles from every collection. */
  private compact(catalogue: Catalogue, vocabularySize: number): void {
    for (const c of Object.values(this.collections)) c.flush(this.weighting, vocabularySize)
    const remaps = catalogue.compact()
    for (const [table, kind] of TABLE_KINDS) this.collections[kind].compact(remaps[table])
  }

  /** Writes the built index: every collection's postings with their weights, and the centroids. */
  save(out: SectionWriter, catalogue: Catalogue, profiles: ProfileBuilder): void {
    const built = this.build(catalogue, profiles)
    for (const [kind, collection] of Object.entries(this.collections)) collection.save(out, kind, true)
    built.centroids.save(out, 'centroids', false)
  }

  /**
   * An index from saved sections, ready to match: only idf (one pass over the terms) and the lookups derived
   * from the records (document weights, expert and programme → university) are recomputed. Every section is checked against the catalogue and vocabulary it must fit.
   */
  static load(
    reader: SectionReader,
    catalogue: Catalogue,
    profiles: ProfileBuilder,
    weighting: Weighting,
    scoring: Scoring,
    workers = 1,
  ): MatchIndex {
    const vocabularySize = profiles.vocabulary.size
    const index = new MatchIndex(weighting, scoring, workers)
    const load = (kind: string, documents: number, withProfiles: boolean, scored: Scoring = 'exhaustive') =>
      Collection.load(reader, kind, { documents, vocabularySize, scoring: scored, withProfiles })
    const universities = catalogue.universities.size
    const experts = load('experts', catalogue.experts.size, true, scoring)
    const descriptions = load('descriptions', universities, true)
    const programmes = load('programmes', catalogue.programmes.size, true, scoring)
    const investors = load('investors', catalogue.investors.size, true, scoring)
    const documents = load('documents', catalogue.documents.size, true)
    index.collections = { experts, descriptions, programmes, investors, documents }
    index.built = {
      idf: index.idf(vocabularySize, [experts, descriptions]),
      experts,
      descriptions,
      centroids: load('centroids', universities, false),
      expertUniversity: catalogue.expertUniversity(),
      expertsPerUniversity: countPerGroup(catalogue.expertUniversity(), universities),
      programmes: { collection: programmes, idf: index.idf(vocabularySize, [programmes]) },
      programmeUniversity: catalogue.programmeUniversity(),
      investors: { collection: investors, idf: index.idf(vocabularySize, [investors]) },
      documents,
      documentWeights: Float64Array.from(catalogue.documents.records, (d) => profiles.documentWeight(d)),
    }
    return index
  }

  /**
   * The threads for a collection's build: all of them for a large one, this one for the rest. One set of
   * threads serves a whole build, so that a thread lost in one pass is not started again for the next.
   */
  private parallelFor(collection: Collection): Parallel {
    if (this.workers < 2 || collection.entries < PARALLEL_ENTRIES) return SERIAL
    this.threads ??= parallelIn(this.workers)
    return this.threads
  }

  private weighOwn(collection: Collection, vocabularySize: number): Weighed {
    const idf = this.idf(vocabularySize, [collection])
    collection.weigh(idf, this.weighting, this.parallelFor(collection))
    return { collection, idf }
  }

  /** idf over some collections: a term's df and the document count are summed across them. */
  private idf(vocabularySize: number, collections: readonly Collection[]): Float64Array {
    let documents = 0
    for (const c of collections) documents += c.nonEmpty()
    const idf = shared(Float64Array, vocabularySize)
    for (let t = 0; t < vocabularySize; t++) {
      let df = 0
      for (const c of collections) df += c.df(t)
      if (df > 0) idf[t] = this.weighting.idf(df, documents)
    }
    return idf
  }
}

/**
 * Postings from which a collection's build is shared among threads (about 3,000 experts of 3–6 sentences):
 * below it, handing parts to threads costs more than it saves.
 */
const PARALLEL_ENTRIES = 1_000_000

/** The collection that holds each catalogue table's profiles. */
const TABLE_KINDS: ReadonlyArray<[TableName, Kind]> = [
  ['universities', 'descriptions'],
  ['experts', 'experts'],
  ['programmes', 'programmes'],
  ['investors', 'investors'],
  ['documents', 'documents'],
]

/** How many members each of `groups` groups has. */
function countPerGroup(groupOf: Uint32Array, groups: number): Uint32Array {
  const counts = new Uint32Array(groups)
  for (const group of groupOf) counts[group]!++
  return counts
}
