import { DEFAULTS } from '../defaults.js'
import type { DocumentRule } from '../options.js'
import type { DocumentInput, ExpertInput, InvestorInput, ProgrammeInput, UniversityInput } from '../schema.js'
import type { SectionReader, SectionWriter } from '../snapshot/sections.js'
import type { Analyzer, TermSink } from '../text/analyzer.js'
import type { TermCounts } from './store.js'
import { Vocabulary } from './vocabulary.js'

/** A text and how much each of its terms counts. */
type WeightedField = readonly [text: string | undefined, weight: number]

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
  ) {
    this.vocabulary = vocabulary
  }

  /** The profiles of a batch of experts; when one fails, the vocabulary is left as it was before the batch. */
  experts(batch: readonly ExpertInput[]): TermCounts[] {
    return this.all(batch, (e) => this.expert(e))
  }

  /** The profiles of a batch of universities, all or nothing like {@link ProfileBuilder.experts}. */
  universities(batch: readonly UniversityInput[]): TermCounts[] {
    return this.all(batch, (u) => this.university(u))
  }

  /**
   * An expert's profile: specialties, description and title, each with its field weight, and the title and
   * text of each of its documents, with the document's weight ({@link ProfileBuilder.documentWeight}) times
   * the document field weights.
   */
  expert(e: ExpertInput, documents: readonly DocumentInput[] = []): TermCounts {
    const w = this.weights.expert
    const fields: WeightedField[] = (e.specialties ?? []).map((s) => [s, w.specialties])
    fields.push([e.description, w.description], [e.title, w.title])
    const f = this.weights.documents.fieldWeights
    for (const d of documents) {
      const weight = this.documentWeight(d)
      fields.push([d.title, weight * f.title], [d.text, weight * f.text])
    }
    return this.count(fields, true)
  }

  /** Experts' profiles with their documents, all or nothing like {@link ProfileBuilder.experts}. */
  expertsWithDocuments(batch: ReadonlyArray<readonly [ExpertInput, readonly DocumentInput[]]>): TermCounts[] {
    return this.all(batch, ([e, documents]) => this.expert(e, documents))
  }

  /** A document's own profile (title and text with the document field weights), to say how well it matches a need. */
  document(d: DocumentInput): TermCounts {
    const f = this.weights.documents.fieldWeights
    return this.count(
      [
        [d.title, f.title],
        [d.text, f.text],
      ],
      true,
    )
  }

  /** Documents' own profiles, all or nothing like {@link ProfileBuilder.experts}. */
  documents(batch: readonly DocumentInput[]): TermCounts[] {
    return this.all(batch, (d) => this.document(d))
  }

  /** How much a document counts in its experts' profiles: its kind's weight, halved every `halfLife` years of age. */
  documentWeight(d: DocumentInput): number {
    const { kindWeights, halfLife, asOf } = this.weights.documents
    const age = d.year === undefined ? 0 : Math.max(0, asOf - d.year)
    return kindWeights[d.kind] * 0.5 ** (age / halfLife)
  }

  /** The profiles of a batch of investors, all or nothing like {@link ProfileBuilder.experts}. */
  investors(batch: readonly InvestorInput[]): TermCounts[] {
    return this.all(batch, (i) => this.investor(i))
  }

  /** The profiles of a batch of programmes, all or nothing like {@link ProfileBuilder.experts}. */
  programmes(batch: readonly ProgrammeInput[]): TermCounts[] {
    return this.all(batch, (p) => this.programme(p))
  }

  /** An investor's profile: its focus industries and description. */
  investor(i: InvestorInput): TermCounts {
    const w = DEFAULTS.investorFieldWeights
    const fields: WeightedField[] = i.focus.map((f) => [f, w.focus])
    fields.push([i.description, w.description])
    return this.count(fields, true)
  }

  /** A programme's profile: its name and description. */
  programme(p: ProgrammeInput): TermCounts {
    const w = DEFAULTS.programmeFieldWeights
    return this.count(
      [
        [p.name, w.name],
        [p.description, w.description],
      ],
      true,
    )
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
  static load(reader: SectionReader, analyzer: Analyzer, weights: FieldWeights): ProfileBuilder {
    const terms = reader.strings('vocabulary')
    const vocabulary = new Vocabulary()
    terms.forEach((term, id) => {
      if (term.length === 0) throw reader.corrupt('vocabulary', `term ${id} is empty`)
      if (vocabulary.intern(term) !== id) {
        throw reader.corrupt('vocabulary', `term ${id} ${JSON.stringify(term)} repeats term ${vocabulary.idOf(term)}`)
      }
    })
    return new ProfileBuilder(analyzer, weights, vocabulary)
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

  private all<T>(batch: readonly T[], profile: (record: T) => TermCounts): TermCounts[] {
    return this.atomically(() => batch.map(profile))
  }

  /** Weighted term frequencies over fields; `intern` false looks terms up without adding them. */
  private count(fields: readonly WeightedField[], intern: boolean, sink?: TermSink): TermCounts {
    const seen: number[] = []
    let scratch = this.scratch
    try {
      for (const [text, weight] of fields) {
        if (text === undefined || weight === 0) continue
        const weighted = sink && {
          credit: (term: string, word: string, share: number) => sink.credit(term, word, share * weight),
        }
        for (const term of this.analyzer.analyze(text, weighted)) {
          const id = intern ? this.vocabulary.intern(term) : this.vocabulary.idOf(term)
          if (id < 0) continue
          if (id >= scratch.length) {
            const bigger = new Float64Array(Math.max(2 * scratch.length, id + 1))
            bigger.set(scratch)
            scratch = this.scratch = bigger
          }
          if (scratch[id] === 0) seen.push(id)
          scratch[id]! += weight
        }
      }
      const ids = new Uint32Array(seen.length)
      const tfs = new Float32Array(seen.length)
      for (let i = 0; i < seen.length; i++) {
        ids[i] = seen[i]!
        tfs[i] = scratch[seen[i]!]!
      }
      return { ids, tfs }
    } finally {
      // Also when the analyzer throws half way: counts left behind would corrupt every later text.
      for (const id of seen) scratch[id] = 0
    }
  }
}
