import { createRequire } from 'node:module'
import { DuijieError } from '../errors.js'
import { describeValue } from '../schema.js'

/**
 * Cuts a run of Chinese characters into words. The analyzer gives a segmenter only runs of Han characters
 * (Latin and digit runs are kept whole before it), so an adapter need not handle mixed scripts.
 * Implement this to plug in another segmenter without touching scoring.
 *
 * @example
 * ```ts
 * const bigrams: Segmenter = {
 *   id: 'bigram@1',
 *   cut: (run) => run.length < 2 ? [run] : Array.from({ length: run.length - 1 }, (_, i) => run.slice(i, i + 2)),
 * }
 * new Matcher({ segmenter: bigrams })
 * ```
 */
export interface Segmenter {
  /** Names the segmenter and its version; saved indexes record it so a mismatch can be refused. */
  readonly id: string
  /** Cuts one run of Han characters into words, in order. */
  cut(run: string): string[]
  /** Optional: the shorter words `word` is made of (高压开关柜 → 高压, 开关柜), for the `subwords` option. */
  subwords?(word: string): string[]
}

// createRequire works in both builds (tsup shims import.meta.url in the CJS one), and keeps the native
// packages out of the bundle and out of start-up until a segmenter is made.
const requireOptional = createRequire(import.meta.url)

/** The part of a jieba binding the segmenters use: `cut(text, hmm)`. */
interface JiebaCut {
  cut(text: string, hmm: boolean): string[]
}

interface RustJiebaModule {
  Jieba: { withDict(dict: Uint8Array): JiebaCut }
}

/**
 * What {@link JiebaSegmenter.cutRuns} puts between runs, and finds again between their words.
 *
 * @example
 * ```ts
 * new JiebaSegmenter().cutRuns(['碳化硅', '焊接机器人']) // ['碳化硅', RUN_SEPARATOR, '焊接', '机器人']
 * ```
 */
export const RUN_SEPARATOR = '\n'

/**
 * Cuts many runs in one call, when the segmenter is exactly the built-in {@link JiebaSegmenter} (no method
 * patched on): its {@link JiebaSegmenter.cutRuns}. Undefined for every other segmenter, which the analyzer
 * calls run by run and checks.
 *
 * @example
 * ```ts
 * const cutRuns = batchCutter(new JiebaSegmenter())
 * cutRuns?.(['碳化硅', '焊接']) // ['碳化硅', '\n', '焊接']
 * ```
 */
export function batchCutter(segmenter: Segmenter): ((runs: readonly string[]) => string[]) | undefined {
  if (Object.getPrototypeOf(segmenter) !== JiebaSegmenter.prototype) return undefined
  if (Object.hasOwn(segmenter, 'cut') || Object.hasOwn(segmenter, 'cutRuns')) return undefined
  const jieba = segmenter as JiebaSegmenter
  return (runs) => jieba.cutRuns(runs)
}

let rustJieba: RustJiebaModule | undefined
let rustJiebaWithDictionary: JiebaCut | undefined

/** Loads the @node-rs/jieba binding (a few ms), or throws what its loader threw. */
function loadRustJieba(): RustJiebaModule {
  rustJieba ??= requireOptional('@node-rs/jieba') as RustJiebaModule
  return rustJieba
}

/**
 * The default segmenter: jieba, as the prebuilt Rust binding `@node-rs/jieba` (no compiler needed; builds
 * for Linux, macOS and Windows on x64 and arm64), with its HMM for unknown words. Its base dictionary is
 * read once per process, at the first text cut (about 0.2 s, 60 MB). duijie applies its own user dictionary
 * around it, per analyzer. Its cuts agree with nodejieba's on 99% of CSL's Han runs; the rest differ where
 * the two HMMs join unknown characters differently.
 *
 * @example
 * ```ts
 * new JiebaSegmenter().cut('碳化硅功率模块') // ['碳化硅', '功率', '模块']
 * ```
 */
export class JiebaSegmenter implements Segmenter {
  readonly id = 'node-rs-jieba@2/hmm'

  constructor() {
    loadRustJieba()
  }

  cut(run: string): string[] {
    return this.jieba().cut(checkRun(run, 'JiebaSegmenter', 'cut'), true)
  }

  /**
   * Cuts several runs in one call into the binding: the runs joined by {@link RUN_SEPARATOR}, which jieba
   * keeps as a word of its own between the runs' words. jieba cuts each stretch of Han text on its own, so
   * every run is cut exactly as `cut(run)` would cut it; one call instead of one per run saves a fifth of
   * the time jieba takes on a catalogue. A run holding the separator is refused (Han runs never do).
   */
  cutRuns(runs: readonly string[]): string[] {
    if (!Array.isArray(runs)) {
      throw new DuijieError(
        'INPUT',
        `duijie: JiebaSegmenter.cutRuns: must be given an array of strings, got ${describeValue(runs)}`,
      )
    }
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i]
      if (typeof run !== 'string' || run.includes(RUN_SEPARATOR)) {
        const what = typeof run === 'string' ? 'holds a line break' : `is ${describeValue(run)}`
        throw new DuijieError(
          'INPUT',
          `duijie: JiebaSegmenter.cutRuns: run ${i} ${what}; runs must be strings without one`,
        )
      }
    }
    return this.jieba().cut(runs.join(RUN_SEPARATOR), true)
  }

  /** The word cut by the base dictionary alone (no HMM), so only real words come out, without overlaps. */
  subwords(word: string): string[] {
    const parts = this.jieba().cut(checkRun(word, 'JiebaSegmenter', 'subwords'), false)
    return parts.length > 1 ? parts : []
  }

  private jieba(): JiebaCut {
    if (!rustJiebaWithDictionary) {
      const { dict } = requireOptional('@node-rs/jieba/dict') as { dict: Uint8Array }
      rustJiebaWithDictionary = loadRustJieba().Jieba.withDict(dict)
    }
    return rustJiebaWithDictionary
  }
}

/**
 * jieba as nodejieba (cppjieba), the segmenter duijie used before 0.2. It is an optional peer dependency,
 * loaded only when this class is used: install it with `npm install nodejieba` (it compiles from source, so
 * it needs a C++ toolchain, Python and `yes=true` in `.npmrc`). Its base dictionary is loaded once per
 * process at the first cut (about a second, 250 MB). Snapshots saved by duijie 0.1 were cut by it: load them
 * with `{ segmenter: new NodejiebaSegmenter() }`.
 *
 * @example
 * ```ts
 * const m = new Matcher({ segmenter: new NodejiebaSegmenter() })
 * ```
 */
export class NodejiebaSegmenter implements Segmenter {
  readonly id = 'nodejieba@3/hmm'
  private readonly jieba: JiebaCut

  constructor() {
    try {
      this.jieba = requireOptional('nodejieba') as JiebaCut
    } catch (cause) {
      throw new DuijieError(
        'MISSING_DEPENDENCY',
        'duijie: NodejiebaSegmenter needs the optional package nodejieba, which is not installed here. ' +
          'Install it with `npm install nodejieba` (it compiles from source: it needs a C++ compiler, make and ' +
          'Python, and `yes=true` in .npmrc), or use the default JiebaSegmenter, which needs none of them.',
        { cause },
      )
    }
  }

  cut(run: string): string[] {
    return this.jieba.cut(checkRun(run, 'NodejiebaSegmenter', 'cut'), true)
  }

  /** The word cut by the base dictionary alone (no HMM), so only real words come out, without overlaps. */
  subwords(word: string): string[] {
    const parts = this.jieba.cut(checkRun(word, 'NodejiebaSegmenter', 'subwords'), false)
    return parts.length > 1 ? parts : []
  }
}

/**
 * The word segmenter built into JavaScript (`Intl.Segmenter` with ICU's Chinese dictionary): nothing to
 * install, and the last resort when no jieba binding loads. It is clearly worse for matching: it cuts
 * many technical words jieba keeps (碳化硅功率模块 → 碳化硅 功率 模 块), and has no sub-words. Its id names
 * the ICU version, whose dictionary decides the cuts.
 *
 * @example
 * ```ts
 * new IntlSegmenter().cut('高压开关柜') // ['高压', '开关', '柜']
 * ```
 */
export class IntlSegmenter implements Segmenter {
  readonly id = `intl-segmenter/icu@${process.versions.icu ?? 'unknown'}`
  private readonly segmenter = new Intl.Segmenter('zh', { granularity: 'word' })

  cut(run: string): string[] {
    const words: string[] = []
    for (const part of this.segmenter.segment(checkRun(run, 'IntlSegmenter', 'cut'))) {
      if (part.isWordLike) words.push(part.segment)
    }
    return words
  }
}

let warnedFallback = false

/**
 * The segmenter a matcher uses when none is given: {@link JiebaSegmenter}, or, when its native binding cannot
 * load on this platform, {@link IntlSegmenter} with a one-time process warning (`DUIJIE_SEGMENTER_FALLBACK`)
 * that says matching quality is lower.
 *
 * @example
 * ```ts
 * defaultSegmenter().id // 'node-rs-jieba@2/hmm'
 * ```
 */
export function defaultSegmenter(): Segmenter {
  try {
    return new JiebaSegmenter()
  } catch (cause) {
    if (!warnedFallback) {
      warnedFallback = true
      process.emitWarning(
        `@node-rs/jieba could not load here (${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}); ` +
          'duijie falls back to Intl.Segmenter, which cuts technical words worse. Install a build of ' +
          '@node-rs/jieba for this platform, or pass `segmenter: new NodejiebaSegmenter()`.',
        { code: 'DUIJIE_SEGMENTER_FALLBACK' },
      )
    }
    return new IntlSegmenter()
  }
}

/** The bindings throw a bare TypeError on anything but a string. */
function checkRun(run: string, segmenter: string, method: string): string {
  if (typeof run === 'string') return run
  throw new DuijieError('INPUT', `duijie: ${segmenter}.${method}: must be given a string, got ${describeValue(run)}`)
}
