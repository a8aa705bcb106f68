import { z } from 'zod'
import { DEFAULTS } from './defaults.js'
import { DuijieError, inputError, throwIfIssues, type InputIssue } from './errors.js'
import { ProfileStore, type TermCounts } from './profile/store.js'
import { Vocabulary } from './profile/vocabulary.js'
import { bm25, tfidf, type Weighting } from './profile/weighting.js'
import {
  matcherOptionsSchema,
  recordSchemas,
  checkBatch,
  validateOne,
  type ExpertInput,
  type NeedInput,
  type NeedKind,
  type UniversityInput,
} from './schema.js'
import { rollUpExperts, universityProfileScores, type UniversityRule } from './search/aggregate.js'
import { centroidPostings } from './search/centroid.js'
import { explain, type TermContribution } from './search/explain.js'
import { ScoringModel } from './search/model.js'
import { Postings } from './search/postings.js'
import { EMPTY_QUERY, type QueryVector } from './search/query.js'
import { ExhaustiveScorer, PrunedScorer, type TopScorer } from './search/scorer.js'
import { TopK } from './search/topk.js'
import {
  fromBinary,
  fromSnapshot,
  readBinaryFile,
  toBinary,
  toSnapshot,
  writeBinaryFile,
  type MatcherSnapshot,
  type SnapshotParts,
} from './snapshot.js'
import { Analyzer, type StopWordsOption } from './text/analyzer.js'
import type { Segmenter } from './text/segmenter.js'

/**
 * Settings of a {@link Matcher}. Every field is optional; omitted ones take {@link DEFAULTS}.
 *
 * @example
 * ```ts
 * new Matcher({ weighting: 'bm25', fieldWeights: { specialties: 4 }, userWords: ['海雷德蒙'] })
 * ```
 */
export interface MatcherOptions {
  /** `'tfidf'` (default: sublinear tf, smoothed idf, cosine) or `'bm25'`. */
  weighting?: 'tfidf' | 'bm25'
  /** `'pruned'` (default, MaxScore) or `'exhaustive'`; both give the same results. */
  scoring?: 'pruned' | 'exhaustive'
  /** Weight of each expert field in its profile. Default `{ specialties: 3, description: 1, title: 0 }`. */
  fieldWeights?: { specialties?: number; description?: number; title?: number }
  /** Weight of each need field in its query. Default `{ title: 1, text: 1 }`. */
  needFieldWeights?: { title?: number; text?: number }
  /** BM25 parameters. Default `{ k1: 1.2, b: 0.75 }`. */
  bm25?: { k1?: number; b?: number }
  /** How universities are scored; see {@link UniversityRule} and `DEFAULTS.university`. */
  university?: Partial<UniversityRule>
  /** Results per list from `match`. Default 10. */
  topK?: number
  /** Longest accepted text field, in characters. Default 100 000. */
  maxTextLength?: number
  /** Use the shipped domain dictionary. Default true. */
  domainDictionary?: boolean
  /** Also index dictionary sub-words of long words. Default false. */
  subwords?: boolean
  /** Also index the character bigrams of Han text. Default true. */
  bigrams?: boolean
  /** Pure-digit tokens shorter than this are dropped. Default 3. */
  minNumberLength?: number
  /** Extra words to keep whole when segmenting. */
  userWords?: string[]
  /** Stop-word changes `{ add, remove }`, or a replacement list. */
  stopWords?: StopWordsOption
  /** Another segmenter in place of nodejieba. */
  segmenter?: Segmenter
}

/**
 * Options when loading a saved matcher: what a snapshot cannot carry (a custom segmenter is code) or what
 * may change without touching the index (the scoring mode).
 */
export interface LoadOptions {
  segmenter?: Segmenter
  scoring?: 'pruned' | 'exhaustive'
}

/** Options of one {@link Matcher.match} call. */
export interface MatchOptions {
  /** How many experts and universities to return. Default: the matcher's `topK`. */
  topK?: number
  /**
   * Experts (by id) to list even when they fall outside the top k, for example a group's own members;
   * unknown ids throw. They follow the top k, best first, so the first `topK` entries are the same as
   * without them. An expert no need term matches is still left out.
   *
   * @example
   * ```ts
   * const r = m.match('船舶焊接', { topK: 3, include: ['x042'] })
   * r.experts.find((e) => e.id === 'x042')?.textScore ?? 0 // how well x042 fits, wherever it ranks
   * ```
   */
  include?: readonly string[]
}

/** Options of {@link Matcher.matchAll}. */
export interface MatchAllOptions extends MatchOptions {
  /** Called after each need with (done, total): drive a progress bar with it. */
  onProgress?: (done: number, total: number) => void
}

/** A ranked expert and the need terms behind its score. */
export interface ExpertMatch {
  id: string
  universityId: string
  /** `textScore · boost`: what experts are ranked by. */
  score: number
  /** Contributing need terms, largest first; their weights add up to `score`. */
  terms: TermContribution[]
  /** How well the expert's own profile matches the need (cosine under TF-IDF). */
  textScore: number
  /** 1 + expertBoost · (its university's score / the best university's score); see `DEFAULTS.university`. */
  boost: number
}

/** A ranked university and the experts whose evidence counted. */
export interface UniversityMatch {
  id: string
  score: number
  /** Ids of its counted experts, best first. */
  experts: string[]
}

/** What {@link Matcher.match} returns for one need. */
export interface MatchResult {
  /** The need's id, when it had one. */
  needId?: string
  kind?: NeedKind
  /** Best experts first; ties broken by id. */
  experts: ExpertMatch[]
  /** Best universities first; ties broken by id. */
  universities: UniversityMatch[]
  /** The need's terms known to the catalogue, with their query weights, largest first. */
  queryTerms: TermContribution[]
}

type ResolvedOptions = {
  weighting: 'tfidf' | 'bm25'
  scoring: 'pruned' | 'exhaustive'
  fieldWeights: { specialties: number; description: number; title: number }
  needFieldWeights: { title: number; text: number }
  bm25: { k1: number; b: number }
  university: UniversityRule
  topK: number
  maxTextLength: number
}

interface Built {
  idf: Float64Array
  experts: ScoringModel
  /** University descriptions. */
  descriptions: ScoringModel
  /** Centroids of each university's expert profiles. */
  centroids: ScoringModel
  expertUniversity: Uint32Array
}

const matchOptionsSchema = z
  .object({ topK: z.number().int().positive().optional(), include: z.array(z.string()).optional() })
  .passthrough()

/**
 * Ranks university experts and universities for enterprise needs written in Chinese, and says which terms
 * made each match. Add universities, then experts; match at any time: the index is rebuilt lazily after
 * changes, with no explicit build step.
 *
 * @example
 * ```ts
 * import { Matcher } from 'duijie'
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
  private readonly vocabulary = new Vocabulary()
  private readonly universityRecords: UniversityInput[] = []
  private readonly universityIndex = new Map<string, number>()
  private readonly expertRecords: ExpertInput[] = []
  private readonly expertIndex = new Map<string, number>()
  private readonly expertUniversity: number[] = []
  /** Profiles indexed at the last build, and those added since. */
  private expertPostings = Postings.empty()
  private pendingExperts = new ProfileStore()
  private descriptionPostings = Postings.empty()
  private pendingDescriptions = new ProfileStore()
  private readonly scorer: TopScorer
  private readonly descriptionScorer = new ExhaustiveScorer()
  private readonly centroidScorer = new ExhaustiveScorer()
  private built: Built | undefined
  private stale = false
  /** The options as given (without the segmenter) and the words added since: what a snapshot must carry. */
  private readonly savedOptions: Record<string, unknown>
  private readonly addedWords: string[] = []
  /** Per-term counts while one text is analysed; all zero between calls. */
  private scratch = new Float64Array(1024)

  constructor(options: MatcherOptions = {}) {
    const given = validateOne(matcherOptionsSchema, options, 'new Matcher', 'options')
    this.options = Object.freeze({
      weighting: given.weighting ?? DEFAULTS.weighting,
      scoring: given.scoring ?? DEFAULTS.scoring,
      fieldWeights: { ...DEFAULTS.fieldWeights, ...given.fieldWeights },
      needFieldWeights: { ...DEFAULTS.needFieldWeights, ...given.needFieldWeights },
      bm25: { ...DEFAULTS.bm25, ...given.bm25 },
      university: { ...DEFAULTS.university, ...given.university },
      topK: given.topK ?? DEFAULTS.topK,
      maxTextLength: given.maxTextLength ?? DEFAULTS.maxTextLength,
    })
    this.weighting = this.options.weighting === 'bm25' ? bm25(this.options.bm25) : tfidf
    this.scorer = this.options.scoring === 'exhaustive' ? new ExhaustiveScorer() : new PrunedScorer()
    this.schemas = recordSchemas(this.options.maxTextLength)
    this.analyzer = new Analyzer(given)
    const { segmenter: _code, ...saved } = given
    this.savedOptions = saved
  }

  /** True when a university with this id has been added. */
  hasUniversity(id: string): boolean {
    return this.universityIndex.has(id)
  }

  /** True when an expert with this id has been added. */
  hasExpert(id: string): boolean {
    return this.expertIndex.has(id)
  }

  /** Numbers of universities, experts and distinct terms held. */
  get stats(): { universities: number; experts: number; terms: number } {
    return {
      universities: this.universityRecords.length,
      experts: this.expertRecords.length,
      terms: this.vocabulary.size,
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
    const { parsed, issues } = checkBatch(this.schemas.university, records, 'addUniversities', 'university')
    issues.push(...duplicateIssues(parsed, this.universityIndex))
    throwIfIssues('addUniversities', 'university', issues)
    const valid = parsed as UniversityInput[]
    const analyzed = valid.map((u) => this.termFrequencies([[u.description, 1]]))
    valid.forEach((u, i) => {
      this.universityIndex.set(u.id, this.universityRecords.length)
      this.universityRecords.push(u)
      this.pendingDescriptions.add(analyzed[i]!)
    })
    this.built = undefined
    return this
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
    const { parsed, issues } = checkBatch(this.schemas.expert, records, 'addExperts', 'expert')
    issues.push(...duplicateIssues(parsed, this.expertIndex))
    parsed.forEach((e, index) => {
      if (e && !this.universityIndex.has(e.universityId)) {
        issues.push({
          index,
          id: e.id,
          field: 'universityId',
          message: `unknown university ${JSON.stringify(e.universityId)}; add it with addUniversities first`,
        })
      }
    })
    throwIfIssues('addExperts', 'expert', issues)
    const valid = parsed as ExpertInput[]
    const analyzed = valid.map((e) => this.expertFrequencies(e))
    valid.forEach((e, i) => {
      this.expertIndex.set(e.id, this.expertRecords.length)
      this.expertRecords.push(e)
      this.expertUniversity.push(this.universityIndex.get(e.universityId)!)
      this.pendingExperts.add(analyzed[i]!)
    })
    this.built = undefined
    return this
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
    this.addedWords.push(...list)
    if (added > 0) {
      this.stale = true
      this.built = undefined
    }
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
    const parsed = this.parseNeed(need, undefined)
    const { topK, include } = this.parseMatchOptions(options, 'match')
    return this.rank(parsed, topK, include)
  }

  /**
   * Ranks every need of a batch; one result per need, in the same order. All needs are validated before
   * any is matched.
   *
   * @example
   * ```ts
   * const results = m.matchAll(needs, { topK: 5, onProgress: (done, total) => bar.update(done / total) })
   * ```
   */
  matchAll(needs: readonly NeedInput[], options: MatchAllOptions = {}): MatchResult[] {
    if (!Array.isArray(needs)) {
      throw inputError('matchAll', 'need', [{ field: '(batch)', message: 'must be an array of needs' }])
    }
    const { topK, include } = this.parseMatchOptions(options, 'matchAll')
    const issues: InputIssue[] = []
    const parsed = needs.map((need, index) => {
      try {
        return this.parseNeed(need, index)
      } catch (error) {
        if (error instanceof Error && 'issues' in error) issues.push(...(error.issues as InputIssue[]))
        else throw error
        return undefined
      }
    })
    throwIfIssues('matchAll', 'need', issues)
    const results: MatchResult[] = []
    for (const need of parsed) {
      results.push(this.rank(need!, topK, include))
      options.onProgress?.(results.length, parsed.length)
    }
    return results
  }

  /**
   * The matcher as plain JSON data: options, records, vocabulary and postings (base64), with a format
   * version and the analyzer's fingerprint. `JSON.stringify(m)` uses it. Up to ~100 000 experts; for more,
   * use {@link Matcher.toBinary}.
   *
   * @example
   * ```ts
   * writeFileSync('index.json', JSON.stringify(m))
   * const again = Matcher.fromJSON(JSON.parse(readFileSync('index.json', 'utf8')))
   * ```
   */
  toJSON(): MatcherSnapshot {
    return toSnapshot(this.snapshotParts())
  }

  /**
   * The matcher as compact bytes: the same content as {@link Matcher.toJSON}, with raw typed arrays and no
   * string-size limits. Save with `writeFileSync(path, m.toBinary())`.
   */
  toBinary(): Uint8Array {
    return toBinary(this.snapshotParts())
  }

  /**
   * Loads a matcher saved with {@link Matcher.toJSON}. Refuses a snapshot of another format or version, or
   * made with another segmenter, dictionary or stop list than this load would use (it would rank badly).
   * A custom segmenter is code, not data: pass it again in `options`.
   *
   * @example
   * ```ts
   * const m = Matcher.fromJSON(JSON.parse(text), { segmenter: mySegmenter })
   * ```
   */
  static fromJSON(snapshot: unknown, options: LoadOptions = {}): Matcher {
    return Matcher.restore(fromSnapshot(snapshot), options, 'fromJSON')
  }

  /**
   * Saves the matcher to a file in the binary form, section by section, so size is bounded by the disk,
   * not by one array (a million experts make a snapshot of several GB). Returns the bytes written.
   *
   * @example
   * ```ts
   * m.saveBinary('district.duijie')
   * const again = Matcher.loadBinary('district.duijie')
   * ```
   */
  saveBinary(path: string): number {
    return writeBinaryFile(path, this.snapshotParts())
  }

  /** Loads a matcher saved with {@link Matcher.saveBinary}; the same checks as {@link Matcher.fromJSON}. */
  static loadBinary(path: string, options: LoadOptions = {}): Matcher {
    return Matcher.restore(readBinaryFile(path), options, 'loadBinary')
  }

  /** Loads a matcher saved with {@link Matcher.toBinary}; the same checks as {@link Matcher.fromJSON}. */
  static fromBinary(bytes: Uint8Array, options: LoadOptions = {}): Matcher {
    return Matcher.restore(fromBinary(bytes), options, 'fromBinary')
  }

  private snapshotParts(): SnapshotParts {
    const built = this.build()
    const vocabulary = Array.from({ length: this.vocabulary.size }, (_, id) => this.vocabulary.term(id))
    const postingArrays = (prefix: 'experts' | 'descriptions', p: Postings) => ({
      [`${prefix}.termOffsets`]: p.termOffsets,
      [`${prefix}.docs`]: p.docs,
      [`${prefix}.values`]: p.values,
      [`${prefix}.lengths`]: p.lengths,
    })
    return {
      fingerprint: this.analyzer.fingerprint(),
      options: this.savedOptions,
      addedWords: [...this.addedWords],
      universities: this.universityRecords,
      experts: this.expertRecords,
      vocabulary,
      arrays: {
        ...postingArrays('experts', this.expertPostings),
        ...postingArrays('descriptions', this.descriptionPostings),
        'centroids.termOffsets': built.centroids.postings.termOffsets,
        'centroids.docs': built.centroids.postings.docs,
        'centroids.values': built.centroids.postings.values,
        idf: built.idf,
        'experts.weights': built.experts.weights,
        'experts.termMax': built.experts.termMax,
        'descriptions.weights': built.descriptions.weights,
        'descriptions.termMax': built.descriptions.termMax,
      } as SnapshotParts['arrays'],
    }
  }

  private static restore(parts: SnapshotParts, options: LoadOptions, context: string): Matcher {
    const m = new Matcher({ ...(parts.options as MatcherOptions), ...options })
    m.analyzer.addWords(parts.addedWords)
    m.addedWords.push(...parts.addedWords)
    const mine = m.analyzer.fingerprint()
    if (mine !== parts.fingerprint) {
      const theirs = parts.fingerprint.split(';')
      const differ = mine.split(';').filter((part, i) => part !== theirs[i])
      throw new DuijieError(
        `duijie: ${context}: the snapshot's text was cut differently (${parts.fingerprint}) than this matcher would cut it ` +
          `(differs in: ${differ.join(', ')}); matching would rank badly. Load with the same segmenter, dictionary and stop words, or rebuild from the records.`,
      )
    }
    const corrupt = (what: string) => new DuijieError(`duijie: ${context}: the snapshot is damaged: ${what}`)
    parts.universities.forEach((u, index) => {
      if (typeof u?.id !== 'string' || m.universityIndex.has(u.id))
        throw corrupt(`university at index ${index} has a missing or repeated id`)
      m.universityIndex.set(u.id, index)
      m.universityRecords.push(u)
    })
    parts.experts.forEach((e, index) => {
      const university = m.universityIndex.get(e?.universityId)
      if (typeof e?.id !== 'string' || m.expertIndex.has(e.id) || university === undefined) {
        throw corrupt(`expert at index ${index} has a missing or repeated id, or an unknown universityId`)
      }
      m.expertIndex.set(e.id, index)
      m.expertRecords.push(e)
      m.expertUniversity.push(university)
    })
    for (const term of parts.vocabulary) m.vocabulary.intern(term)
    const postings = (prefix: 'experts' | 'descriptions', documents: number) => {
      const a = parts.arrays
      const restored = new Postings(
        documents,
        a[`${prefix}.termOffsets`] as Uint32Array,
        a[`${prefix}.docs`] as Uint32Array,
        a[`${prefix}.values`] as Float32Array,
        a[`${prefix}.lengths`] as Float32Array,
      )
      const { termOffsets, docs, values, lengths } = restored
      if (
        termOffsets.length !== parts.vocabulary.length + 1 ||
        termOffsets[termOffsets.length - 1] !== docs.length ||
        values.length !== docs.length ||
        lengths.length !== documents
      ) {
        throw corrupt(`the ${prefix} postings do not fit the vocabulary and records`)
      }
      for (let i = 0; i < docs.length; i++)
        if (docs[i]! >= documents) throw corrupt(`a ${prefix} posting names a document that does not exist`)
      return restored
    }
    m.expertPostings = postings('experts', m.expertRecords.length)
    m.descriptionPostings = postings('descriptions', m.universityRecords.length)
    const a = parts.arrays
    const sized = (array: { length: number }, length: number, what: string) => {
      if (array.length !== length) throw corrupt(`${what} has ${array.length} entries, not ${length}`)
    }
    sized(a.idf, parts.vocabulary.length, 'idf')
    sized(a['experts.weights'], m.expertPostings.size, 'the expert weights')
    sized(a['descriptions.weights'], m.descriptionPostings.size, 'the description weights')
    sized(a['experts.termMax'], parts.vocabulary.length, 'the expert term bounds')
    sized(a['descriptions.termMax'], parts.vocabulary.length, 'the description term bounds')
    const centroids = new Postings(
      m.universityRecords.length,
      a['centroids.termOffsets'] as Uint32Array,
      a['centroids.docs'] as Uint32Array,
      a['centroids.values'] as Float32Array,
      new Float32Array(m.universityRecords.length),
    )
    sized(centroids.termOffsets, parts.vocabulary.length + 1, 'the centroid offsets')
    const idf = a.idf as Float64Array
    m.built = {
      idf,
      experts: ScoringModel.restore(
        m.expertPostings,
        idf,
        a['experts.weights'] as Float32Array,
        a['experts.termMax'] as Float32Array,
      ),
      descriptions: ScoringModel.restore(
        m.descriptionPostings,
        idf,
        a['descriptions.weights'] as Float32Array,
        a['descriptions.termMax'] as Float32Array,
      ),
      centroids: ScoringModel.plain(centroids),
      expertUniversity: Uint32Array.from(m.expertUniversity),
    }
    return m
  }

  private parseNeed(need: NeedInput, index: number | undefined) {
    const value = typeof need === 'string' ? { text: need } : need
    return validateOne(this.schemas.need, value, index === undefined ? 'match' : 'matchAll', 'need', index)
  }

  /** The top-k and the document numbers of the experts to include; unknown ids are input errors. */
  private parseMatchOptions(options: MatchOptions, context: string): { topK: number; include: number[] } {
    const { topK = this.options.topK, include = [] } = validateOne(matchOptionsSchema, options, context, 'options')
    const issues: InputIssue[] = []
    const docs = include.map((id, i) => {
      const doc = this.expertIndex.get(id)
      if (doc === undefined) issues.push({ field: `include.${i}`, message: `unknown expert "${id}"` })
      return doc ?? -1
    })
    throwIfIssues(context, 'options', issues)
    return { topK, include: [...new Set(docs)] }
  }

  private rank(
    need: z.infer<ReturnType<typeof recordSchemas>['need']>,
    topK: number,
    include: number[] = [],
  ): MatchResult {
    const built = this.build()
    const { title, text } = this.options.needFieldWeights
    const query = this.queryVector(
      this.termFrequencies(
        [
          [need.title, title],
          [need.text, text],
        ],
        false,
      ),
      built.idf,
    )
    const expertIds = (doc: number) => this.expertRecords[doc]!.id
    const expertBefore = (a: number, b: number) => expertIds(a) < expertIds(b)
    const rule = this.options.university

    // Universities' own profiles first (small indexes); they set the boost of their experts.
    const profileScores = universityProfileScores(
      [
        { scored: this.descriptionScorer.score(built.descriptions, query), weight: rule.descriptionWeight },
        { scored: this.centroidScorer.score(built.centroids, query), weight: rule.centroidWeight },
      ],
      this.universityRecords.length,
    )
    const boosts = universityBoosts(profileScores, rule.expertBoost)
    // Experts by text score × their university's boost, in one pruned pass; the best `depth` of them feed
    // the universities' expert roll-up, so university scores do not depend on topK.
    const ranked = this.scorer.top(built.experts, query, Math.max(topK, rule.depth), expertBefore, {
      groupOf: built.expertUniversity,
      factors: boosts,
    })
    const withText = ranked.map(({ item, score }) => ({ item, score: score / boosts[built.expertUniversity[item]!]! }))
    const universityScores = rollUpExperts(withText.slice(0, rule.depth), built.expertUniversity, profileScores, rule)
    const top = ranked.slice(0, topK).map(({ item, score }, rank) => ({ item, score, text: withText[rank]!.score }))
    // Included experts outside the top k are scored one by one and follow it.
    const inTop = new Set(top.map(({ item }) => item))
    const extra = include
      .filter((item) => !inTop.has(item))
      .map((item) => ({ item, text: built.experts.scoreOf(item, query) }))
      .map(({ item, text }) => ({ item, text, score: text * boosts[built.expertUniversity[item]!]! }))
      .filter(({ score }) => score > 0)
      .sort((a, b) => b.score - a.score || (expertBefore(a.item, b.item) ? -1 : 1))
    const shortlist = [...top, ...extra]
    const experts = shortlist.map(({ item, score, text }) => {
      const boost = boosts[built.expertUniversity[item]!]!
      return {
        id: expertIds(item),
        universityId: this.expertRecords[item]!.universityId,
        score,
        terms: explain(built.experts, item, query, this.vocabulary, boost),
        textScore: text,
        boost,
      }
    })

    const universityIds = (u: number) => this.universityRecords[u]!.id
    const topUniversities = new TopK(topK, (a, b) => universityIds(a) < universityIds(b))
    universityScores.scores.forEach((score, u) => score > 0 && topUniversities.offer(u, score))
    const universities = topUniversities.sorted().map(({ item, score }) => ({
      id: universityIds(item),
      score,
      experts: universityScores.experts[item]!.map(expertIds),
    }))

    const queryTerms = Array.from(query.termIds, (id, q) => ({
      term: this.vocabulary.term(id),
      weight: query.weights[q]!,
    }))
    queryTerms.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
    return {
      ...(need.id !== undefined && { needId: need.id }),
      ...(need.kind !== undefined && { kind: need.kind }),
      experts,
      universities,
      queryTerms,
    }
  }

  /**
   * Weighted term frequencies over fields; `intern` false looks terms up without adding them. Counts go
   * through a dense scratch array indexed by term id, not a map per text.
   */
  private termFrequencies(fields: Array<[string | undefined, number]>, intern = true): TermCounts {
    const seen: number[] = []
    let scratch = this.scratch
    for (const [text, weight] of fields) {
      if (text === undefined || weight === 0) continue
      for (const term of this.analyzer.analyze(text)) {
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
      const id = seen[i]!
      ids[i] = id
      tfs[i] = scratch[id]!
      scratch[id] = 0
    }
    return { ids, tfs }
  }

  private expertFrequencies(e: ExpertInput): TermCounts {
    const w = this.options.fieldWeights
    const fields: Array<[string | undefined, number]> = (e.specialties ?? []).map((s) => [s, w.specialties])
    fields.push([e.description, w.description], [e.title, w.title])
    return this.termFrequencies(fields)
  }

  private queryVector({ ids, tfs }: TermCounts, idf: Float64Array): QueryVector {
    const order = Array.from(ids.keys()).filter((q) => ids[q]! < idf.length && idf[ids[q]!]! > 0)
    if (order.length === 0) return EMPTY_QUERY
    order.sort((a, b) => ids[a]! - ids[b]!)
    const weights = new Float64Array(order.length)
    let squares = 0
    order.forEach((q, i) => {
      weights[i] = this.weighting.queryWeight(tfs[q]!, idf[ids[q]!]!)
      squares += weights[i]! * weights[i]!
    })
    if (this.weighting.normalize && squares > 0) {
      const inverse = 1 / Math.sqrt(squares)
      for (let i = 0; i < weights.length; i++) weights[i]! *= inverse
    }
    return { termIds: Uint32Array.from(order, (q) => ids[q]!), weights }
  }

  /** Brings the index up to date with the records: re-analysis if words changed, then idf and weights. */
  private build(): Built {
    if (this.built) return this.built
    if (this.stale) {
      this.expertPostings = Postings.empty()
      this.descriptionPostings = Postings.empty()
      this.pendingExperts = new ProfileStore()
      this.pendingDescriptions = new ProfileStore()
      for (const u of this.universityRecords) this.pendingDescriptions.add(this.termFrequencies([[u.description, 1]]))
      for (const e of this.expertRecords) this.pendingExperts.add(this.expertFrequencies(e))
      this.stale = false
    }
    const vocabularySize = this.vocabulary.size
    const postingValue = (tf: number) => this.weighting.postingValue(tf)
    if (this.pendingExperts.count > 0 || this.expertPostings.vocabularySize < vocabularySize) {
      this.expertPostings = this.expertPostings.merge(this.pendingExperts, postingValue, vocabularySize)
      this.pendingExperts = new ProfileStore()
    }
    if (this.pendingDescriptions.count > 0 || this.descriptionPostings.vocabularySize < vocabularySize) {
      this.descriptionPostings = this.descriptionPostings.merge(this.pendingDescriptions, postingValue, vocabularySize)
      this.pendingDescriptions = new ProfileStore()
    }
    const experts = this.expertPostings
    const descriptions = this.descriptionPostings
    const documents = nonEmpty(experts) + nonEmpty(descriptions)
    const idf = new Float64Array(vocabularySize)
    for (let t = 0; t < vocabularySize; t++) {
      const df = experts.df(t) + descriptions.df(t)
      if (df > 0) idf[t] = this.weighting.idf(df, documents)
    }
    const expertModel = ScoringModel.build(experts, idf, this.weighting)
    const expertUniversity = Uint32Array.from(this.expertUniversity)
    this.built = {
      idf,
      experts: expertModel,
      descriptions: ScoringModel.build(descriptions, idf, this.weighting),
      centroids: ScoringModel.plain(centroidPostings(expertModel, expertUniversity, this.universityRecords.length)),
      expertUniversity,
    }
    return this.built
  }
}

/** Number of documents with at least one term. */
function nonEmpty(postings: Postings): number {
  let count = 0
  for (let d = 0; d < postings.documents; d++) if (postings.lengths[d]! > 0) count++
  return count
}

/** Per university, the factor its experts' scores are multiplied by: 1 + boost · score / best score. */
function universityBoosts(scores: Float64Array, boost: number): Float64Array {
  let best = 0
  for (const score of scores) if (score > best) best = score
  return scores.map((score) => (best > 0 ? 1 + (boost * score) / best : 1))
}

function duplicateIssues(
  records: ReadonlyArray<{ id: string } | undefined>,
  existing: ReadonlyMap<string, number>,
): InputIssue[] {
  const issues: InputIssue[] = []
  const firstSeen = new Map<string, number>()
  records.forEach((record, index) => {
    if (!record) return
    const { id } = record
    if (existing.has(id)) issues.push({ index, id, field: 'id', message: 'duplicates an id already added' })
    else if (firstSeen.has(id))
      issues.push({
        index,
        id,
        field: 'id',
        message: `duplicates the record at index ${firstSeen.get(id)} of this batch`,
      })
    else firstSeen.set(id, index)
  })
  return issues
}
