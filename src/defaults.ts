import { availableParallelism } from 'node:os'

/** The lists `match` can rank: see `DEFAULTS.routes`. */
export type MatchList = 'experts' | 'universities' | 'programmes' | 'investors'

/**
 * Every default setting of duijie, in one place and readable at runtime.
 * Options passed to `new Matcher(options)` are merged over these.
 *
 * @example
 * ```ts
 * import { DEFAULTS } from 'duijie'
 * console.log(DEFAULTS.fieldWeights.specialties) // 3
 * ```
 */
export const DEFAULTS = deepFreeze({
  /** Term weighting of profiles: `'tfidf'` (sublinear tf, smoothed idf, cosine) or `'bm25'`. */
  weighting: 'tfidf' as 'tfidf' | 'bm25',
  /**
   * `'pruned'`: MaxScore skips experts that cannot reach the top; `'exhaustive'`: scores every posting.
   * Both return the same experts and scores; exhaustive is kept as the reference for tests.
   */
  scoring: 'pruned' as 'pruned' | 'exhaustive',
  /**
   * How much each expert field counts towards its profile: a term's frequency is the weighted sum of its
   * counts in the fields. Listed specialties say what an expert does; a free description also says much
   * else, so specialties weigh more.
   */
  fieldWeights: { specialties: 3, description: 1, title: 0 },
  /** The same for an investor's profile: its focus industries weigh like an expert's specialties. */
  investorFieldWeights: { focus: 3, description: 1 },
  /** The same for a degree programme: its name says what it trains. */
  programmeFieldWeights: { name: 3, description: 1 },
  /** Weights of the need's fields when its query vector is built. */
  needFieldWeights: { title: 1, text: 1 },
  /** BM25 parameters, used when `weighting` is `'bm25'`. */
  bm25: { k1: 1.2, b: 0.75 },
  /**
   * How a university's score is made, and how it lifts its experts:
   * score = descriptionWeight · cos(need, own description) + centroidWeight · cos(need, centroid of its
   * experts) + expertWeight · Σ_{i < expertsCounted} decay^i · s_i, where s_0 ≥ s_1 ≥ … are the scores of
   * its best-matching experts among the need's `depth` best. The geometric decay means a few strong experts beat many weak ones.
   * An expert who shares a term with the need scores textScore · (1 + expertBoost · s_u / s*) + expertPrior · p_u,
   * where s_u is its university's profile score (description and centroid), s* the best one, and
   * p_u = softmax over the universities with experts of (s_u − s*) / (priorTemperature · s*). The additive
   * prior replaced the multiplicative boost on CSL: title → experts of the field P@10 0.220 → 0.291, better on
   * 5 of 5 folds, institution accuracy 0.390 / 0.501 → 0.392 / 0.504 (README, Relevance).
   */
  university: {
    descriptionWeight: 1,
    centroidWeight: 1,
    expertWeight: 0.1,
    expertsCounted: 5,
    decay: 0.5,
    depth: 10,
    expertBoost: 0,
    expertPrior: 0.1,
    priorTemperature: 0.1,
  },
  /**
   * Which lists `match` ranks for each kind of need, the primary counterpart first: technology needs and
   * key problems go to experts, talent needs to degree programmes, financing needs to investors (and never
   * to experts); a need without a kind goes to experts. A caller can ask for other lists (`lists`).
   */
  routes: {
    technology: ['experts', 'universities'],
    problem: ['experts', 'universities'],
    talent: ['programmes', 'universities', 'experts'],
    financing: ['investors'],
    none: ['experts', 'universities'],
  } as Record<'technology' | 'problem' | 'talent' | 'financing' | 'none', readonly MatchList[]>,
  /**
   * How an expert's documents (`addDocuments`) join its profile. A term's weighted frequency in the expert's
   * profile is its count over the expert's own fields (`fieldWeights`) plus, for each of its documents d,
   * kindWeights[kind(d)] · 0.5^((asOf − year(d)) / halfLife) · (fieldWeights.title · count in the title +
   * fieldWeights.text · count in the text); a document without a year does not age, nor one dated after
   * `asOf`. `asOf` (a year) defaults to the current year when the matcher is made, and is saved with it.
   * `explained`: how many of an expert's documents its match lists (those that best match the need).
   */
  documents: {
    kindWeights: { paper: 1, patent: 1.5, project: 1.5, other: 0.5 },
    fieldWeights: { title: 1, text: 1 },
    halfLife: 8,
    asOf: undefined as number | undefined,
    explained: 3,
  },
  /** How many terms each university's card (`card`, `cards`) shows. */
  cardTerms: 8,
  /**
   * The gap report (`gaps`): a need is unmet when the best text score of its primary list is below
   * `minScore`; a word counts as lacking when at most `maxCoverage` profiles hold it; `termsPerNeed` words
   * at most per need.
   */
  gaps: { minScore: 0.2, maxCoverage: 1, termsPerNeed: 5 },
  /** How many experts and universities `match` returns. */
  topK: 10,
  /** Longest text accepted in one field, in characters. Longer text is an input error, not silently cut. */
  maxTextLength: 100_000,
  /** Load the domain dictionary shipped in `data/dict/domain.txt`. */
  domainDictionary: true,
  /**
   * Also emit the sub-words (two characters or more) that words of three or more characters are made of,
   * as cut by the segmenter's base dictionary: 高压开关柜 → 高压, 开关柜. Off by default: with `bigrams` on
   * it changed nothing on CSL but the known-item title MRR (0.9946 with, 0.9953 without).
   */
  subwords: false,
  /**
   * Also emit the character bigrams of every Han run, alongside its words: 褚伯秀 → 褚伯, 伯秀. They match
   * what segmentation misses (unknown names, a compound cut differently in two texts). Measured on CSL:
   * see the README's relevance section.
   */
  bigrams: true,
  /** Pure-digit tokens shorter than this are dropped (years and counts stay: 304, 2024; 3 or 10 go). */
  minNumberLength: 3,
  /**
   * Threads that analyse (segment) the text of a large batch: one per core, at most 8 (each holds its own
   * jieba dictionary, about 60 MB, and takes about 0.2 s to start). The main thread only counts and
   * interns the terms they return, which is a small part of the work, so on 2 cores 2 workers beat 1
   * (README, "Speed and scale"). The index build's passes over a collection of a million postings or more
   * are split among as many threads: this one and `workers - 1` of them. 0 or 1: everything on the calling
   * thread. Results are the same either way.
   */
  workers: Math.min(8, availableParallelism()),
  /**
   * Batches of fewer records than this are analysed on the calling thread: below it, starting the workers
   * (about 0.2 s, once per process) costs more than they save.
   */
  workerBatch: 2000,
})

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (inner && typeof inner === 'object') deepFreeze(inner)
  return Object.freeze(value)
}
