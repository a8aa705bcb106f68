import { z } from 'zod'
import { DEFAULTS, type MatchList } from './defaults.js'
import { type DocumentKind, matcherOptionsSchema, threadOptionsShape, validateOne } from './schema.js'
import type { UniversityRule } from './search/aggregate.js'
import type { AnalyzerOptions, StopWordsOption } from './text/analyzer.js'
import type { Segmenter } from './text/segmenter.js'

/**
 * Settings of a {@link Matcher}. Every field is optional; omitted ones take {@link DEFAULTS}.
 *
 * @example
 * ```ts
 * const options: MatcherOptions = { weighting: 'bm25', fieldWeights: { specialties: 4 }, userWords: ['海雷德蒙'] }
 * new Matcher(options)
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
  /** How documents join their experts' profiles; see `DEFAULTS.documents`. */
  documents?: {
    kindWeights?: Partial<Record<DocumentKind, number>>
    fieldWeights?: { title?: number; text?: number }
    halfLife?: number
    asOf?: number
    explained?: number
  }
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
  /** Another segmenter in place of the default (jieba, as @node-rs/jieba). */
  segmenter?: Segmenter
  /**
   * Worker threads that analyse large batches and share the index build of a large collection; 0 or 1 keeps
   * everything on the calling thread. Results are the same either way, so this is not saved with the matcher. Default: one per core, at most 8 (`DEFAULTS.workers`).
   *
   * @example
   * ```ts
   * new Matcher({ workers: 1 }) // never starts a thread
   * ```
   */
  workers?: number
  /** Batches of fewer records are analysed on the calling thread. Default 2000 (`DEFAULTS.workerBatch`). */
  workerBatch?: number
}

/**
 * Options when loading a saved matcher: what a snapshot cannot carry (a custom segmenter is code) or what
 * may change without touching the index (the scoring mode).
 *
 * @example
 * ```ts
 * const options: LoadOptions = { scoring: 'exhaustive' }
 * Matcher.loadBinary('district.duijie', options)
 * ```
 */
export interface LoadOptions {
  segmenter?: Segmenter
  scoring?: 'pruned' | 'exhaustive'
  /** Worker threads for later large adds, as in {@link MatcherOptions.workers}; never saved. */
  workers?: number
  /** As in {@link MatcherOptions.workerBatch}; never saved. */
  workerBatch?: number
}

/**
 * Options of one {@link Matcher.match} call.
 *
 * @example
 * ```ts
 * const options: MatchOptions = { topK: 3, include: ['x042'] }
 * m.match('船舶焊接', options)
 * ```
 */
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
  /**
   * The lists to rank, instead of the need kind's route (`DEFAULTS.routes`): any of `'experts'`,
   * `'universities'`, `'programmes'`, `'investors'`, the primary one first.
   *
   * @example
   * ```ts
   * m.match({ kind: 'financing', text: '需要资金约3000万元' }, { lists: ['investors', 'experts'] })
   * ```
   */
  lists?: readonly MatchList[]
}

/**
 * Options of {@link Matcher.matchAll}.
 *
 * @example
 * ```ts
 * const options: MatchAllOptions = { topK: 5, onProgress: (done, total) => console.log(`${done}/${total}`) }
 * m.matchAll(['焊接机器人', '局部放电监测'], options)
 * ```
 */
export interface MatchAllOptions extends MatchOptions {
  /** Called after each need with (done, total): drive a progress bar with it. */
  onProgress?: (done: number, total: number) => void
}

/** How documents weigh in their experts' profiles, every default filled in (see `DEFAULTS.documents`). */
export interface DocumentRule {
  kindWeights: Record<DocumentKind, number>
  fieldWeights: { title: number; text: number }
  halfLife: number
  asOf: number
  explained: number
}

/** The settings in force, every default filled in: what `matcher.options` shows. */
export interface ResolvedOptions {
  weighting: 'tfidf' | 'bm25'
  scoring: 'pruned' | 'exhaustive'
  fieldWeights: { specialties: number; description: number; title: number }
  needFieldWeights: { title: number; text: number }
  bm25: { k1: number; b: number }
  university: UniversityRule
  documents: DocumentRule
  topK: number
  maxTextLength: number
  /** Worker threads that analyse large batches (0 or 1: none). */
  workers: number
  /** Batches of fewer records are analysed on the calling thread. */
  workerBatch: number
}

/** Options as given, checked, and with every default filled in. */
export interface Resolution {
  /** The analyzer's settings, as given. */
  analyzer: AnalyzerOptions
  resolved: Readonly<ResolvedOptions>
  /** The options a snapshot carries: all but the segmenter, which is code. */
  saved: Record<string, unknown>
}

const ANALYZER_KEYS = [
  'segmenter',
  'userWords',
  'domainDictionary',
  'stopWords',
  'subwords',
  'minNumberLength',
  'bigrams',
] as const satisfies ReadonlyArray<keyof AnalyzerOptions & keyof MatcherOptions>

/** Checks `options` (unknown keys are errors) and merges them over {@link DEFAULTS}. */
export function resolveOptions(options: MatcherOptions, context = 'new Matcher'): Resolution {
  const given = validateOne(matcherOptionsSchema, options, context, 'options') as MatcherOptions
  const resolved = Object.freeze({
    weighting: given.weighting ?? DEFAULTS.weighting,
    scoring: given.scoring ?? DEFAULTS.scoring,
    fieldWeights: { ...DEFAULTS.fieldWeights, ...given.fieldWeights },
    needFieldWeights: { ...DEFAULTS.needFieldWeights, ...given.needFieldWeights },
    bm25: { ...DEFAULTS.bm25, ...given.bm25 },
    university: { ...DEFAULTS.university, ...given.university },
    documents: {
      kindWeights: { ...DEFAULTS.documents.kindWeights, ...given.documents?.kindWeights },
      fieldWeights: { ...DEFAULTS.documents.fieldWeights, ...given.documents?.fieldWeights },
      halfLife: given.documents?.halfLife ?? DEFAULTS.documents.halfLife,
      asOf: given.documents?.asOf ?? DEFAULTS.documents.asOf ?? new Date().getUTCFullYear(),
      explained: given.documents?.explained ?? DEFAULTS.documents.explained,
    },
    topK: given.topK ?? DEFAULTS.topK,
    maxTextLength: given.maxTextLength ?? DEFAULTS.maxTextLength,
    workers: given.workers ?? DEFAULTS.workers,
    workerBatch: given.workerBatch ?? DEFAULTS.workerBatch,
  })
  // Not saved: the segmenter is code, and the thread settings belong to the machine, not to the results.
  const { segmenter: _code, workers: _threads, workerBatch: _threshold, ...withoutCode } = given
  // The year documents age against is saved as resolved, so a snapshot loaded next year scores the same.
  const saved = { ...withoutCode, documents: { ...given.documents, asOf: resolved.documents.asOf } }
  const analyzer = Object.fromEntries(ANALYZER_KEYS.filter((k) => given[k] !== undefined).map((k) => [k, given[k]]))
  return { analyzer, resolved, saved: structuredClone(saved) }
}

const matchOptionsSchema = z
  .object({
    topK: z.number().int().positive(),
    include: z.array(z.string()),
    lists: z
      .array(
        z.enum(['experts', 'universities', 'programmes', 'investors'], {
          error: 'must be experts, universities, programmes or investors',
        }),
      )
      .min(1, { error: 'must name at least one list' }),
    onProgress: z.custom<NonNullable<MatchAllOptions['onProgress']>>((v) => typeof v === 'function', {
      error: 'must be a function (done, total) => void',
    }),
  })
  .partial()
  .strict()

const loadOptionsSchema = z
  .object({
    segmenter: z.custom<Segmenter>((v) => !!v && typeof (v as { cut?: unknown }).cut === 'function', {
      error: 'must have an id string and a cut(run) function',
    }),
    scoring: z.enum(['pruned', 'exhaustive']),
    ...threadOptionsShape,
  })
  .partial()
  .strict()

/** Checks the options of a load; unknown keys are errors. */
export function checkLoadOptions(options: LoadOptions, context: string): LoadOptions {
  return validateOne(loadOptionsSchema, options, context, 'options')
}

/** Checks the options of one `match`/`matchAll` call (unknown keys are errors); `include` stays ids, unresolved. */
export function checkMatchOptions(options: MatchAllOptions, context: string): MatchAllOptions & { include: string[] } {
  const checked = validateOne(matchOptionsSchema, options, context, 'options')
  return { ...checked, include: checked.include ?? [] }
}
