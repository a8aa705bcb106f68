import { z } from 'zod'
import { Catalogue, type RecordTable, type TableName } from './catalogue.js'
import { addDocuments, removeRecords, updateRecords } from './changes.js'
import type { NameMatch } from './names.js'
import { DEFAULTS, type MatchList } from './defaults.js'
import { DuijieError, inputError } from './errors.js'
import {
  type LoadOptions,
  type MatchAllOptions,
  type MatchOptions,
  type MatcherOptions,
  type ResolvedOptions,
  checkLoadOptions,
  checkMatchOptions,
  resolveOptions,
} from './options.js'
import { type FieldWeights, ProfileBuilder } from './profile/builder.js'
import { type Weighting, bm25, tfidf } from './profile/weighting.js'
import type { TermCounts } from './profile/store.js'
import { type UniversityCard, universityCards } from './report/card.js'
import { type GapReport, gapReport } from './report/gaps.js'
import { type MatchResult, listsFor, matchNeed } from './route/router.js'
import {
  type DocumentInput,
  type ExpertInput,
  type InvestorInput,
  type NeedInput,
  type NeedObject,
  type ProgrammeInput,
  type UniversityInput,
  recordSchemas,
  validateBatch,
  validateOne,
} from './schema.js'
import { MatchIndex } from './search/match-index.js'
import {
  type MatcherSnapshot,
  fromBinarySnapshot,
  fromJsonSnapshot,
  readBinaryFile,
  toBinarySnapshot,
  toJsonSnapshot,
  writeBinaryFile,
} from './snapshot/frame.js'
import { type SectionReader, type SectionValue, SectionWriter } from './snapshot/sections.js'
import { checkFingerprint, loadSettings, saveSettings } from './snapshot/settings.js'
import { Analyzer } from './text/analyzer.js'

/**
 * Ranks university experts and universities for enterprise needs written in Chinese, and says which terms
 * made each match. Add universities, then experts; match at any time: the index is rebuilt lazily after
 * changes, with no explicit build step. A facade over the stages (README, "Architecture"): the catalogue
 * holds the records, the profile builder counts terms, the index weighs them, the searcher ranks.
 *
 * @example
 * ```ts
 * const m = new Matcher()
 * m.addUniversities([{ id: 'just', name: '江苏科技大学', description: '船舶与海洋工程、焊接' }])
 * m.addExperts([{ id: 'e1', name: '王工', universityId: 'just', specialties: ['船舶焊接', '焊接机器人'] }])
 * const r = m.match({ kind: 'technology', text: '需要提高船体分段焊接的自动化水平' }, { topK: 3 })
 * r.experts[0] // { id: 'e1', universityId: 'just', score: 0.8…, terms: [{ term: '焊接', weight: … }, …] }
 * ```
 */
export class Matcher {
  /** The analyzer both sides go through; `matcher.analyzer.analyze(text)` shows how text is cut. */
  readonly analyzer: Analyzer
  /** The settings in force, defaults filled in. */
  readonly options: Readonly<ResolvedOptions>

  private readonly weighting: Weighting
  private readonly schemas: ReturnType<typeof recordSchemas>
  private readonly fieldWeights: FieldWeights
  /** The options as given (without the segmenter) and the words added since: what a snapshot must carry. */
  private readonly savedOptions: Record<string, unknown>
  private readonly addedWords: string[] = []
  private catalogue: Catalogue
  private profiles: ProfileBuilder
  private index: MatchIndex

  constructor(options: MatcherOptions = {}) {
    const { analyzer, resolved, saved } = resolveOptions(options)
    this.options = resolved
    this.savedOptions = saved
    this.weighting = resolved.weighting === 'bm25' ? bm25(resolved.bm25) : tfidf
    this.schemas = recordSchemas(resolved.maxTextLength)
    this.fieldWeights = {
      expert: resolved.fieldWeights,
      need: resolved.needFieldWeights,
      documents: resolved.documents,
    }
    this.analyzer = new Analyzer(analyzer)
    this.catalogue = new Catalogue(this.schemas)
    this.profiles = new ProfileBuilder(this.analyzer, this.fieldWeights, undefined, resolved)
    this.index = new MatchIndex(this.weighting, resolved.scoring, resolved.workers)
  }

  /** True when a university with this id has been added. */
  hasUniversity(id: string): boolean {
    return this.catalogue.universities.doc(id) !== undefined
  }

  /** True when an expert with this id has been added. */
  hasExpert(id: string): boolean {
    return this.catalogue.experts.doc(id) !== undefined
  }

  /**
   * Universities by name or alias as people write them (江科大, 上海交大, 交大, a typo), best first, with a
   * score in (0, 1] (1: exact name, alias or id).
   *
   * @example
   * ```ts
   * m.findUniversities('上海交大')[0] // { id: 'sjtu', name: '上海交通大学', matched: '上海交通大学', score: 0.83 }
   * ```
   */
  findUniversities(query: string, options: { limit?: number } = {}): NameMatch[] {
    const { limit } = validateOne(findOptionsSchema, options, 'findUniversities', 'options')
    return this.catalogue.names.find(query, limit)
  }

  /** Numbers of records of each kind, and of distinct terms, held. */
  get stats(): {
    universities: number
    experts: number
    programmes: number
    investors: number
    documents: number
    terms: number
  } {
    const { universities, experts, programmes, investors, documents } = this.catalogue
    return {
      universities: universities.count,
      experts: experts.count,
      programmes: programmes.count,
      investors: investors.count,
      documents: documents.count,
      terms: this.profiles.vocabulary.size,
    }
  }

  /**
   * Adds universities. The whole batch is validated first; on any error nothing is added and the error
   * names each bad record and field.
   *
   * @example
   * ```ts
   * m.addUniversities([{ id: 'cslg', name: '常熟理工学院', aliases: ['常理工'], description: '汽车零部件、新能源' }])
   * ```
   */
  addUniversities(records: readonly UniversityInput[]): this {
    return this.add(this.catalogue.universities, records, 'addUniversities', 'descriptions', (r) =>
      this.profiles.universities(r),
    )
  }

  /**
   * Adds experts of universities already added. The whole batch is validated first (fields, duplicate ids,
   * unknown `universityId`); on any error nothing is added.
   *
   * @example
   * ```ts
   * m.addExperts([{ id: 'e7', name: '李工', universityId: 'cslg', specialties: ['模具设计'], description: '…' }])
   * ```
   */
  addExperts(records: readonly ExpertInput[]): this {
    return this.add(this.catalogue.experts, records, 'addExperts', 'experts', (r) => this.profiles.experts(r))
  }

  /**
   * Adds degree programmes of universities already added, the counterparts of talent needs; validated like
   * experts.
   *
   * @example
   * ```ts
   * m.addProgrammes([{ id: 'p1', universityId: 'just', name: '焊接技术与工程', degree: 'bachelor', graduatesPerYear: 120 }])
   * ```
   */
  addProgrammes(records: readonly ProgrammeInput[]): this {
    return this.add(this.catalogue.programmes, records, 'addProgrammes', 'programmes', (r) =>
      this.profiles.programmes(r),
    )
  }

  /**
   * Adds investors, the counterparts of financing needs; validated like experts. `focus` is profiled like
   * an expert's specialties; `ticket` (万元), `regions` and `stages` decide whether an investor fits a need.
   *
   * @example
   * ```ts
   * m.addInvestors([{ id: 'v1', name: '镇江高新创投', type: 'venture-capital', focus: ['储能', '新材料'], ticket: { min: 500, max: 3000 } }])
   * ```
   */
  addInvestors(records: readonly InvestorInput[]): this {
    return this.add(this.catalogue.investors, records, 'addInvestors', 'investors', (r) => this.profiles.investors(r))
  }

  /**
   * Adds papers, patents and projects of experts already added. Each becomes part of its authors' profiles
   * (every expert in `expertIds`), weighted by its kind and age (`DEFAULTS.documents`), and a match lists the
   * documents of each expert that best match the need. Validated like experts (an unknown expert id names the
   * record and `expertIds.<i>`); on any error nothing is added.
   *
   * @example
   * ```ts
   * m.addDocuments([{ id: 'd1', kind: 'patent', title: '一种船体分段焊接机器人', year: 2023, expertIds: ['e1'] }])
   * ```
   */
  addDocuments(records: readonly DocumentInput[]): this {
    addDocuments(this.changeContext(), records)
    return this
  }

  /**
   * Replaces experts in place, by id: each record is checked like an add and must name an expert held;
   * on any error nothing changes. Their new profiles (with their documents) are indexed at the next match.
   * `updateUniversities`, `updateProgrammes`, `updateInvestors` and `updateDocuments` do the same for their
   * records (an updated document re-profiles its old and new authors).
   *
   * @example
   * ```ts
   * m.updateExperts([{ id: 'e1', name: '王工', universityId: 'just', specialties: ['焊接机器人', '激光焊'] }])
   * ```
   */
  updateExperts(records: readonly ExpertInput[]): this {
    return this.update('experts', records, 'updateExperts')
  }

  /** Replaces universities in place; see {@link Matcher.updateExperts}. */
  updateUniversities(records: readonly UniversityInput[]): this {
    return this.update('universities', records, 'updateUniversities')
  }

  /** Replaces degree programmes in place; see {@link Matcher.updateExperts}. */
  updateProgrammes(records: readonly ProgrammeInput[]): this {
    return this.update('programmes', records, 'updateProgrammes')
  }

  /** Replaces investors in place; see {@link Matcher.updateExperts}. */
  updateInvestors(records: readonly InvestorInput[]): this {
    return this.update('investors', records, 'updateInvestors')
  }

  /** Replaces documents in place and re-profiles their old and new authors; see {@link Matcher.updateExperts}. */
  updateDocuments(records: readonly DocumentInput[]): this {
    return this.update('documents', records, 'updateDocuments')
  }

  /**
   * Removes experts by id: each must be held, once; an expert that documents still name as an author is
   * refused with their ids; on any error nothing changes. The next match no longer sees them, and scores as
   * a matcher built without them would. `removeUniversities` (refused while experts or programmes name it),
   * `removeProgrammes`, `removeInvestors` and `removeDocuments` (which re-profiles their authors) do the same.
   *
   * @example
   * ```ts
   * m.removeExperts(['e7'])
   * ```
   */
  removeExperts(ids: readonly string[]): this {
    return this.remove('experts', ids, 'removeExperts')
  }

  /** Removes universities by id; see {@link Matcher.removeExperts}. */
  removeUniversities(ids: readonly string[]): this {
    return this.remove('universities', ids, 'removeUniversities')
  }

  /** Removes degree programmes by id; see {@link Matcher.removeExperts}. */
  removeProgrammes(ids: readonly string[]): this {
    return this.remove('programmes', ids, 'removeProgrammes')
  }

  /** Removes investors by id; see {@link Matcher.removeExperts}. */
  removeInvestors(ids: readonly string[]): this {
    return this.remove('investors', ids, 'removeInvestors')
  }

  /** Removes documents by id and re-profiles their authors; see {@link Matcher.removeExperts}. */
  removeDocuments(ids: readonly string[]): this {
    return this.remove('documents', ids, 'removeDocuments')
  }

  /**
   * Adds words to keep whole when segmenting, at runtime. Profiles already added are re-analysed at the
   * next match, so both sides stay cut the same way. Returns how many words were new.
   *
   * @example
   * ```ts
   * m.addWords(['海雷德蒙', '蓝圈新材'])
   * ```
   */
  addWords(words: readonly string[]): number {
    const list = validateOne(z.array(z.string()), words, 'addWords', 'words')
    const added = this.analyzer.addWords(list)
    for (const word of list) this.addedWords.push(word)
    if (added > 0) this.index.reanalyze()
    return added
  }

  /**
   * Ranks experts and universities for one need.
   *
   * @example
   * ```ts
   * const r = m.match('电力设备局部放电在线监测', { topK: 5 })
   * for (const e of r.experts) console.log(e.id, e.score.toFixed(3), e.terms.map((t) => t.term).join(' '))
   * ```
   */
  match(need: NeedInput, options: MatchOptions = {}): MatchResult {
    const parsed = validateOne(this.schemas.need, need, 'match', 'need')
    const { topK, include, lists } = this.parseMatchOptions(options, 'match')
    return this.rankNeed(parsed, topK, include, lists)
  }

  /**
   * Ranks every need of a batch; one result per need, in the same order. All needs are validated before
   * any is matched.
   *
   * @example
   * ```ts
   * const results = m.matchAll(['焊接机器人', '局部放电'], { topK: 5, onProgress: (done, total) => console.log(done, total) })
   * ```
   */
  matchAll(needs: readonly NeedInput[], options: MatchAllOptions = {}): MatchResult[] {
    const { topK, include, lists, onProgress } = this.parseMatchOptions(options, 'matchAll')
    const parsed = validateBatch(this.schemas.need, needs, 'matchAll', 'need')
    return parsed.map((need, i) => {
      const result = this.rankNeed(need, topK, include, lists)
      onProgress?.(i + 1, parsed.length)
      return result
    })
  }

  /**
   * A university's collective business card (集体名片): its `topK` most distinctive words (default
   * `DEFAULTS.cardTerms`), each with the experts and programmes behind it, best first.
   *
   * @example
   * ```ts
   * for (const t of m.card('just').terms) console.log(t.term, t.experts.join(' '), t.programmes.join(' '))
   * ```
   */
  card(universityId: string, options: { topK?: number } = {}): UniversityCard {
    const id = validateOne(z.string(), universityId, 'card', 'universityId')
    // Built first: a build after removals renumbers the docs.
    const context = this.cardContext()
    const doc = this.catalogue.universities.docOfArgument(id, 'card', 'universityId')
    return universityCards(context, [doc], this.cardTopK(options, 'card'))[0]!
  }

  /** Every university's card, in the order they were added; see {@link Matcher.card}. */
  cards(options: { topK?: number } = {}): UniversityCard[] {
    const context = this.cardContext()
    const docs = this.catalogue.universities.records.map((_, doc) => doc)
    return universityCards(context, docs, this.cardTopK(options, 'cards'))
  }

  /**
   * The gap report (双招双引): the needs whose own counterpart list has no good match (best text score
   * below `minScore`, default `DEFAULTS.gaps.minScore`), and the words they ask for that the catalogue lacks
   * or barely covers, most asked first: the specialties to recruit and the universities to bring in.
   *
   * @example
   * ```ts
   * const report = m.gaps(['需要区块链防伪溯源系统', '船体焊接机器人'], { minScore: 0.2 })
   * report.terms.map((t) => `${t.term} ×${t.needs}`) // ['区块链 ×1', '溯源 ×1', '防伪 ×1']
   * ```
   */
  gaps(needs: readonly NeedInput[], options: { minScore?: number } = {}): GapReport {
    const { minScore = DEFAULTS.gaps.minScore } = validateOne(gapOptionsSchema, options, 'gaps', 'options')
    const parsed = validateBatch(this.schemas.need, needs, 'gaps', 'need')
    const results = this.matchAll(parsed)
    const context = {
      index: this.index.build(this.catalogue, this.profiles),
      vocabulary: this.profiles.vocabulary,
      analyzer: this.analyzer,
    }
    return gapReport(context, parsed, results, { ...DEFAULTS.gaps, minScore })
  }

  /**
   * The matcher as plain JSON data that shares nothing with it: settings, records, vocabulary and index
   * (typed arrays as base64), each section with a CRC-32. `JSON.stringify(m)` uses it. Up to ~100 000
   * experts; for more, use {@link Matcher.saveBinary}.
   *
   * @example
   * ```ts
   * const again = Matcher.fromJSON(JSON.parse(JSON.stringify(m)))
   * ```
   */
  toJSON(): MatcherSnapshot {
    return toJsonSnapshot(this.sections())
  }

  /** The same content as {@link Matcher.toJSON}, as compact bytes (up to 4 GB). */
  toBinary(): Uint8Array {
    return toBinarySnapshot(this.sections())
  }

  /**
   * Saves the matcher to a file, atomically: written beside `path`, flushed, then renamed over it, so a
   * failed save leaves the previous file loadable. No size limit but the disk. Returns the bytes written.
   *
   * @example
   * ```ts
   * m.saveBinary('district.duijie')
   * const again = Matcher.loadBinary('district.duijie')
   * ```
   */
  saveBinary(path: string): number {
    return writeBinaryFile(validateOne(z.string().min(1), path, 'saveBinary', 'path'), this.sections())
  }

  /**
   * Loads a matcher saved with {@link Matcher.toJSON}. Damage is refused (`SNAPSHOT_CORRUPT`, naming the
   * section), and so is a snapshot of another format or version, or cut by another segmenter, dictionary
   * or stop list than this load would use (`SNAPSHOT_INCOMPATIBLE`). A custom segmenter is code, not
   * data: pass it again in `options`.
   *
   * @example
   * ```ts
   * const again = Matcher.fromJSON(m.toJSON(), { scoring: 'exhaustive' })
   * ```
   */
  static fromJSON(snapshot: unknown, options: LoadOptions = {}): Matcher {
    return Matcher.restore(fromJsonSnapshot(snapshot), options)
  }

  /** Loads bytes made by {@link Matcher.toBinary} (a `Uint8Array`, `Buffer` or `ArrayBuffer`); checks as {@link Matcher.fromJSON}. */
  static fromBinary(bytes: Uint8Array | ArrayBuffer, options: LoadOptions = {}): Matcher {
    if (bytes instanceof ArrayBuffer) return Matcher.fromBinary(new Uint8Array(bytes), options)
    if (!(bytes instanceof Uint8Array && ArrayBuffer.isView(bytes))) {
      throw inputError('fromBinary', 'bytes', [
        { field: '(bytes)', message: 'must be a Uint8Array, Buffer or ArrayBuffer' },
      ])
    }
    return Matcher.restore(fromBinarySnapshot(bytes), options)
  }

  /** Loads a file written by {@link Matcher.saveBinary}, section by section; checks as {@link Matcher.fromJSON}. */
  static loadBinary(path: string, options: LoadOptions = {}): Matcher {
    return Matcher.restore(readBinaryFile(validateOne(z.string().min(1), path, 'loadBinary', 'path')), options)
  }

  /** Every stage writes its own sections; the index is built first, since a build may add terms. */
  private sections(): Map<string, SectionValue> {
    this.index.build(this.catalogue, this.profiles)
    const out = new SectionWriter()
    saveSettings(out, {
      fingerprint: this.analyzer.fingerprint(),
      options: this.savedOptions,
      addedWords: this.addedWords,
    })
    this.catalogue.save(out)
    this.profiles.save(out)
    this.index.save(out, this.catalogue, this.profiles)
    return out.sections
  }

  private static restore(reader: SectionReader, options: LoadOptions): Matcher {
    const loadOptions = checkLoadOptions(options, reader.context)
    const settings = loadSettings(reader)
    let m: Matcher
    try {
      m = new Matcher({ ...(settings.options as MatcherOptions), ...loadOptions })
    } catch (error) {
      if (!(error instanceof DuijieError && error.code === 'INPUT')) throw error
      throw reader.corrupt('settings', `its options are not valid: ${error.message}`)
    }
    m.analyzer.addWords(settings.addedWords)
    for (const word of settings.addedWords) m.addedWords.push(word)
    checkFingerprint(reader.context, settings.fingerprint, m.analyzer.fingerprint())
    m.catalogue = Catalogue.load(reader, m.schemas)
    m.profiles = ProfileBuilder.load(reader, m.analyzer, m.fieldWeights, m.options)
    m.index = MatchIndex.load(reader, m.catalogue, m.profiles, m.weighting, m.options.scoring, m.options.workers)
    reader.checkAllRead()
    return m
  }

  /** Checks a batch, counts its profiles (all or nothing), then adds records and profiles together. */
  private add<T extends { id: string }>(
    table: RecordTable<T>,
    records: readonly T[],
    context: string,
    kind: Parameters<MatchIndex['add']>[0],
    profile: (valid: T[]) => TermCounts[],
  ): this {
    const valid = table.check(records, context)
    const counts = profile(valid)
    table.add(valid)
    this.index.addAll(kind, counts)
    return this
  }

  private changeContext() {
    return { catalogue: this.catalogue, profiles: this.profiles, index: this.index }
  }

  private update(name: TableName, records: unknown, caller: string): this {
    updateRecords(this.changeContext(), name, records, caller)
    return this
  }

  private remove(name: TableName, ids: unknown, caller: string): this {
    removeRecords(this.changeContext(), name, ids, caller)
    return this
  }

  private cardContext() {
    const index = this.index.build(this.catalogue, this.profiles)
    return { index, catalogue: this.catalogue, vocabulary: this.profiles.vocabulary, analyzer: this.analyzer }
  }

  private cardTopK(options: { topK?: number }, context: string): number {
    return validateOne(cardOptionsSchema, options, context, 'options').topK ?? DEFAULTS.cardTerms
  }

  /** The top-k, the docs of the experts to include (unknown ids are input errors) and the lists asked for. */
  private parseMatchOptions(options: MatchAllOptions, context: string) {
    const { topK = this.options.topK, include, lists, onProgress } = checkMatchOptions(options, context)
    // Docs are named after the build: a build after removals renumbers them.
    this.index.build(this.catalogue, this.profiles)
    return { topK, include: this.catalogue.experts.docs(include, context, 'include'), lists, onProgress }
  }

  private rankNeed(
    need: NeedObject,
    topK: number,
    include: number[],
    lists: readonly MatchList[] | undefined,
  ): MatchResult {
    const index = this.index.build(this.catalogue, this.profiles)
    const context = {
      index,
      catalogue: this.catalogue,
      profiles: this.profiles,
      weighting: this.weighting,
      rule: this.options.university,
      documentsExplained: this.options.documents.explained,
    }
    return matchNeed(context, need, topK, include, listsFor(need.kind, lists))
  }
}

const cardOptionsSchema = z.object({ topK: z.number().int().positive() }).partial().strict()
const gapOptionsSchema = z.object({ minScore: z.number().finite() }).partial().strict()
const findOptionsSchema = z.object({ limit: z.number().int().positive() }).partial().strict()
