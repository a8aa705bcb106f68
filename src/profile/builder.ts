import { DEFAULTS } from '../defaults.js'
import type { DocumentRule } from '../options.js'
import type { DocumentInput, ExpertInput, InvestorInput, ProgrammeInput, UniversityInput } from '../schema.js'
import type { SectionReader, SectionWriter } from '../snapshot/sections.js'
import type { Analyzer, TermSink } from '../text/analyzer.js'
import { countInPool } from './pool.js'
import type { TermCounts } from './store.js'
import { Vocabulary } from './vocabulary.js'

/** A text and how much each of its terms counts. */
type WeightedField = readonly [text: string | undefined, weight: number]

/**
 * When a batch's analysis goes to worker threads: `workers` threads (0 or 1: none) for batches of
 * `workerBatch` records or more. Results are the same either way.
 *
 * @example
 * ```ts
 * const threads: ThreadSettings = { workers: 2, workerBatch: 2000 } // new ProfileBuilder(analyzer, weights, undefined, threads)
 * ```
 */
export interface ThreadSettings {
  workers: number
  workerBatch: number
}

/** How much each field counts towards a profile (experts) or a query (needs). */
export interface FieldWeights {
  expert: { specialties: number; description: number; title: number }
  need: { title: number; text: number }
  /** How an expert's documents count towards its profile. */
  documents: DocumentRule
}

/**
 * Turns records and needs into weighted term counts over one vocabulary: the profile-building stage.
 * It owns the vocabulary (term ↔ id) and the field weights, and counts through a dense scratch array
 * indexed by term id rather than a map per text. Catalogue records intern new terms; needs only look
 * terms up, so a need never grows the vocabulary.
 *
 * @example
 * ```ts
 * const profiles = new ProfileBuilder(new Analyzer(), {
 *   expert: { specialties: 3, description: 1, title: 0 },
 *   need: { title: 1, text: 1 },
 *   documents: { kindWeights: { paper: 1, patent: 1.5, project: 1.5, other: 0.5 }, fieldWeights: { title: 1, text: 1 }, halfLife: 8, asOf: 2026, explained: 3 },
 * })
 * const counts = profiles.expert({ id: 'e1', name: '王工', universityId: 'u', specialties: ['船舶焊接'] })
 * profiles.vocabulary.term(counts.ids[0]!) // '船舶'
 * ```
 */
export class ProfileBuilder {
  readonly vocabulary: Vocabulary
  /** Per-term counts while one text is counted; all zero between calls. */
  private scratch = new Float64Array(1024)

  constructor(
    private readonly analyzer: Analyzer,
    private readonly weights: FieldWeights,
    vocabulary = new Vocabulary(),
    private readonly threads: ThreadSettings = { workers: DEFAULTS.workers, workerBatch: DEFAULTS.workerBatch },
  ) {
    this.vocabulary = vocabulary
  }

  /**
   * The profiles of a batch of experts; when one fails, the vocabulary is left as it was before the batch.
   * A batch of `workerBatch` records or more is analysed by worker threads; the terms, ids and counts are
   * the same as on one thread. So are all the batch methods below.
   */
  experts(batch: readonly ExpertInput[]): TermCounts[] {
    return this.all(batch, (e) => this.expertFields(e, []))
  }

  /** The profiles of a batch of universities, all or nothing like {@link ProfileBuilder.experts}. */
  universities(batch: readonly UniversityInput[]): TermCounts[] {
    return this.all(batch, (u) => [[u.description, 1]])
  }

  /**
   * An expert's profile: specialties, description and title, each with its field weight, and the title and
   * text of each of its documents, with the document's weight ({@link ProfileBuilder.documentWeight}) times
   * the document field weights.
   */
  expert(e: ExpertInput, documents: readonly DocumentInput[] = []): TermCounts {
    return this.count(this.expertFields(e, documents), true)
  }

  /** An expert's fields with their weights, in the order they are counted. */
  private expertFields(e: ExpertInput, documents: readonly DocumentInput[]): WeightedField[] {
    const w = this.weights.expert
    const fields: WeightedField[] = (e.specialties ?? []).map((s) => [s, w.specialties])
    fields.push([e.description, w.description], [e.title, w.title])
    const f = this.weights.documents.fieldWeights
    for (const d of documents) {
      const weight = this.documentWeight(d)
      fields.push([d.title, weight * f.title], [d.text, weight * f.text])
    }
    return fields
  }

  /** Experts' profiles with their documents, all or nothing like {@link ProfileBuilder.experts}. */
  expertsWithDocuments(batch: ReadonlyArray<readonly [ExpertInput, readonly DocumentInput[]]>): TermCounts[] {
    return this.all(batch, ([e, documents]) => this.expertFields(e, documents))
  }

  /** A document's own profile (title and text with the document field weights), to say how well it matches a need. */
  document(d: DocumentInput): TermCounts {
    return this.count(this.documentFields(d), true)
  }

  private documentFields(d: DocumentInput): WeightedField[] {
    const f = this.weights.documents.fieldWeights
    return [
      [d.title, f.title],
      [d.text, f.text],
    ]
  }

  /** Documents' own profiles, all or nothing like {@link ProfileBuilder.experts}. */
  documents(batch: readonly DocumentInput[]): TermCounts[] {
    return this.all(batch, (d) => this.documentFields(d))
  }

  /** How much a document counts in its experts' profiles: its kind's weight, halved every `halfLife` years of age. */
  documentWeight(d: DocumentInput): number {
    const { kindWeights, halfLife, asOf } = this.weights.documents
    const age = d.year === undefined ? 0 : Math.max(0, asOf - d.year)
    return kindWeights[d.kind] * 0.5 ** (age / halfLife)
  }

  /** The profiles of a batch of investors, all or nothing like {@link ProfileBuilder.experts}. */
  investors(batch: readonly InvestorInput[]): TermCounts[] {
    return this.all(batch, (i) => this.investorFields(i))
  }

  /** The profiles of a batch of programmes, all or nothing like {@link ProfileBuilder.experts}. */
  programmes(batch: readonly ProgrammeInput[]): TermCounts[] {
    return this.all(batch, (p) => this.programmeFields(p))
  }

  /** An investor's profile: its focus industries and description. */
  investor(i: InvestorInput): TermCounts {
    return this.count(this.investorFields(i), true)
  }

  private investorFields(i: InvestorInput): WeightedField[] {
    const w = DEFAULTS.investorFieldWeights
    const fields: WeightedField[] = i.focus.map((f) => [f, w.focus])
    fields.push([i.description, w.description])
    return fields
  }

  /** A programme's profile: its name and description. */
  programme(p: ProgrammeInput): TermCounts {
    return this.count(this.programmeFields(p), true)
  }

  private programmeFields(p: ProgrammeInput): WeightedField[] {
    const w = DEFAULTS.programmeFieldWeights
    return [
      [p.name, w.name],
      [p.description, w.description],
    ]
  }

  /** A university's own profile: its description. */
  university(u: UniversityInput): TermCounts {
    return this.count([[u.description, 1]], true)
  }

  /**
   * A need's term counts over the terms the catalogue knows. With a `sink`, also which words each term
   * occurrence stands for, weighted like the counts (a title occurrence by the title's weight).
   */
  need(need: { title?: string; text: string }, sink?: TermSink): TermCounts {
    const w = this.weights.need
    return this.count(
      [
        [need.title, w.title],
        [need.text, w.text],
      ],
      false,
      sink,
    )
  }

  /** A need's terms as the analyzer cuts them (title and text), before any is looked up. */
  needTerms(need: { title?: string; text: string }): string[] {
    const terms = need.title === undefined ? [] : this.analyzer.analyze(need.title)
    for (const term of this.analyzer.analyze(need.text)) terms.push(term)
    return terms
  }

  /** Writes the vocabulary. */
  save(out: SectionWriter): void {
    out.strings('vocabulary', this.vocabulary.list())
  }

  /** A builder over a saved vocabulary; refuses duplicate or empty terms. */
  static load(
    reader: SectionReader,
    analyzer: Analyzer,
    weights: FieldWeights,
    threads?: ThreadSettings,
  ): ProfileBuilder {
    const terms = reader.strings('vocabulary')
    const vocabulary = new Vocabulary()
    terms.forEach((term, id) => {
      if (term.length === 0) throw reader.corrupt('vocabulary', `term ${id} is empty`)
      if (vocabulary.intern(term) !== id) {
        throw reader.corrupt('vocabulary', `term ${id} ${JSON.stringify(term)} repeats term ${vocabulary.idOf(term)}`)
      }
    })
    return new ProfileBuilder(analyzer, weights, vocabulary, threads)
  }

  /** Runs `work`, which counts profiles; when it fails, the vocabulary is left as it was before. */
  atomically<T>(work: () => T): T {
    const size = this.vocabulary.size
    try {
      return work()
    } catch (error) {
      this.vocabulary.truncate(size)
      throw error
    }
  }

  /** Counts each record's fields, all or nothing; a large batch is analysed by the worker threads. */
  private all<T>(batch: readonly T[], fieldsOf: (record: T) => readonly WeightedField[]): TermCounts[] {
    return this.atomically(() => {
      const fields = batch.map(fieldsOf)
      const { workers, workerBatch } = this.threads
      const pooled = workers > 1 && batch.length >= workerBatch ? this.countPooled(fields, workers) : undefined
      return pooled ?? fields.map((f) => this.count(f, true))
    })
  }

  /**
   * What {@link ProfileBuilder.count} gives for each record, counted by `workers` threads, or undefined (the
   * vocabulary as it was) when the pool could not do it. The workers add up each record's terms as `count`
   * does (in the same record, field and term order, with the same arithmetic), and this thread interns the
   * terms in that order, so term ids, counts and every score are the same as on one thread.
   */
  private countPooled(fields: ReadonlyArray<readonly WeightedField[]>, workers: number): TermCounts[] | undefined {
    const texts: string[] = []
    const weights: number[] = []
    // Where each record's texts end; a record may have none (every field empty or weighted 0).
    const recordEnds = new Uint32Array(fields.length)
    fields.forEach((record, r) => {
      for (const [text, weight] of record) {
        if (text === undefined || weight === 0) continue
        texts.push(text)
        weights.push(weight)
      }
      recordEnds[r] = texts.length
    })
    const size = this.vocabulary.size
    const counts: TermCounts[] = []
    const done = countInPool(
      this.analyzer,
      { texts, weights: Float64Array.from(weights), recordEnds },
      workers,
      (term) => this.vocabulary.intern(term),
      (ids, tfs, from, to) => counts.push({ ids: ids.subarray(from, to), tfs: tfs.subarray(from, to) }),
    )
    if (done) return counts
    this.vocabulary.truncate(size)
    return undefined
  }

  /** Adds `weight` to term `id` in the scratch array (grown as needed), noting the id in `seen` at its first count. */
  private addCount(id: number, weight: number, seen: number[]): void {
    if (id >= this.scratch.length) {
      const bigger = new Float64Array(Math.max(2 * this.scratch.length, id + 1))
      bigger.set(this.scratch)
      this.scratch = bigger
    }
    if (this.scratch[id] === 0) seen.push(id)
    this.scratch[id]! += weight
  }

  /** Weighted term frequencies over fields; `intern` false looks terms up without adding them. */
  private count(fields: readonly WeightedField[], intern: boolean, sink?: TermSink): TermCounts {
    const seen: number[] = []
    try {
      for (const [text, weight] of fields) {
        if (text === undefined || weight === 0) continue
        const weighted = sink && {
          credit: (term: string, word: string, share: number) => sink.credit(term, word, share * weight),
        }
        for (const term of this.analyzer.analyze(text, weighted)) {
          const id = intern ? this.vocabulary.intern(term) : this.vocabulary.idOf(term)
          if (id >= 0) this.addCount(id, weight, seen)
        }
      }
      const ids = new Uint32Array(seen.length)
      const tfs = new Float32Array(seen.length)
      for (let i = 0; i < seen.length; i++) {
        ids[i] = seen[i]!
        tfs[i] = this.scratch[seen[i]!]!
      }
      return { ids, tfs }
    } finally {
      // Also when the analyzer throws half way: counts left behind would corrupt every later text.
      for (const id of seen) this.scratch[id] = 0
    }
  }
}
