import { DEFAULTS } from '../defaults.js'
import { DuijieError } from '../errors.js'
import { analyzerOptionsSchema, describeValue, validateOne } from '../schema.js'
import { UserDictionary, loadDomainDictionary } from './dictionary.js'
import { normalize } from './normalize.js'
import { JiebaSegmenter, type Segmenter } from './segmenter.js'
import { STOP_WORDS } from './stopwords.js'

/** Changes to the default stop list, or a whole list of its own. */
export type StopWordsOption = readonly string[] | { add?: readonly string[]; remove?: readonly string[] }

/** Settings of an {@link Analyzer}. Every one is optional; see {@link DEFAULTS}. */
export interface AnalyzerOptions {
  /** Cuts Han runs into words. Default: {@link JiebaSegmenter}. */
  segmenter?: Segmenter
  /** Extra words to keep whole, on top of the domain dictionary. */
  userWords?: readonly string[]
  /** Load the shipped domain dictionary (`data/dict/domain.txt`). */
  domainDictionary?: boolean
  /** Stop words: `{ add, remove }` against {@link STOP_WORDS}, or a full replacement list. */
  stopWords?: StopWordsOption
  /** Also emit the dictionary sub-words of long words. */
  subwords?: boolean
  /** Pure-digit tokens shorter than this are dropped. */
  minNumberLength?: number
  /** Also emit the character bigrams of every Han run, alongside its words. */
  bigrams?: boolean
}

// A chunk is text with no separator inside; user words may only merge tokens of one chunk.
const CHUNK = /[\p{L}\p{N}_]+(?:[.+#-][\p{L}\p{N}_]+)*[+#]*/gu
const WORDLIKE = /[\p{L}\p{N}]/u
const SCRIPT_RUN = /\p{Script=Han}+|[^\p{Script=Han}]+/gu
const HAN = /\p{Script=Han}/u
const HAN_PAIR = /^\p{Script=Han}{2}$/u
const SURROGATE = /[\uD800-\uDFFF]/
const DIGITS = /^\d+$/
const SUBWORD_CACHE_LIMIT = 50_000

/**
 * Turns text into index terms, the same way for needs and profiles:
 * normalise (NFKC, half-width, lower-case) → split into chunks at punctuation and spaces → keep Latin and
 * digit runs whole (`PLC`, `5G`, `SiC`, `304`) → cut user-dictionary words out of Han runs and the rest
 * with the segmenter → merge adjacent tokens that spell a user word → drop stop words and short numbers. The output is deterministic for given settings.
 *
 * @example
 * ```ts
 * const a = new Analyzer({ userWords: ['海雷德蒙'] })
 * a.analyze('需要SiC功率模块封装技术') // ['sic', '功率', '模块', '封装']
 * ```
 */
export class Analyzer {
  readonly segmenter: Segmenter
  private readonly dictionary: UserDictionary
  private readonly stopWords: Set<string>
  private readonly subwordsEnabled: boolean
  private readonly bigramsEnabled: boolean
  private readonly minNumberLength: number
  private readonly subwordCache = new Map<string, string[]>()

  constructor(options: AnalyzerOptions = {}) {
    options = validateOne(analyzerOptionsSchema, options, 'new Analyzer', 'options') as AnalyzerOptions
    this.segmenter = options.segmenter ?? new JiebaSegmenter()
    const useDomain = options.domainDictionary ?? DEFAULTS.domainDictionary
    this.dictionary = new UserDictionary(useDomain ? loadDomainDictionary() : [])
    this.dictionary.add(options.userWords ?? [])
    this.stopWords = buildStopWords(options.stopWords)
    this.subwordsEnabled = options.subwords ?? DEFAULTS.subwords
    this.bigramsEnabled = options.bigrams ?? DEFAULTS.bigrams
    this.minNumberLength = options.minNumberLength ?? DEFAULTS.minNumberLength
  }

  /** Terms of `text`, in order, with repeats (term frequency matters). */
  analyze(text: string): string[] {
    const terms: string[] = []
    for (const chunk of normalize(text, 'analyze').matchAll(CHUNK)) {
      const tokens: string[] = []
      const bigrams: string[] = []
      for (const run of chunk[0].matchAll(SCRIPT_RUN)) {
        if (HAN.test(run[0])) {
          if (this.bigramsEnabled) this.pushBigrams(run[0], bigrams)
          for (const piece of this.dictionary.split(run[0])) {
            if (piece.word) tokens.push(piece.text)
            else for (const word of this.cut(piece.text)) if (word.trim()) tokens.push(word)
          }
        } else if (WORDLIKE.test(run[0])) {
          tokens.push(run[0])
        }
      }
      for (const token of this.dictionary.merge(tokens)) {
        if (!this.keeps(token)) continue
        terms.push(token)
        if (this.subwordsEnabled && token.length >= 3 && HAN.test(token)) {
          for (const sub of this.subwordsOf(token)) if (sub.length >= 2 && this.keeps(sub)) terms.push(sub)
        }
      }
      for (const bigram of bigrams) terms.push(bigram)
    }
    return terms
  }

  /** The segmenter's words for a run, checked: a custom segmenter is user code. */
  private cut(run: string): string[] {
    return wordsFrom(this.segmenter, 'cut', this.segmenter.cut(run))
  }

  /** Adds words to this analyzer's user dictionary; returns how many were new. */
  addWords(words: readonly string[]): number {
    return this.dictionary.add(words)
  }

  /** True when `word` is in the user dictionary (after normalisation). */
  hasWord(word: string): boolean {
    return this.dictionary.has(normalize(word))
  }

  /**
   * True when `term` reads as a word, not as a character bigram cut across two words (关柜 from 开关柜): a
   * two-character Han term is a word when the user dictionary holds it or the segmenter's base dictionary
   * keeps it whole (`subwords`, else `cut`); every
   * other term the analyzer emits is a word. For showing terms to people; scoring uses them all.
   *
   * @example
   * ```ts
   * const a = new Analyzer()
   * a.isWord('焊接') // true
   * a.isWord('关柜') // false
   * ```
   */
  isWord(term: string): boolean {
    if (!HAN_PAIR.test(term)) return true
    if (this.dictionary.has(term)) return true
    // The base dictionary alone (no HMM, which joins any unknown pair) says whether the pair is a word.
    if (this.segmenter.subwords) return this.subwordsOf(term).length === 0
    const words = this.cut(term)
    return words.length === 1 && words[0] === term
  }

  /** True when `term` is a stop word. */
  isStopWord(term: string): boolean {
    return this.stopWords.has(term)
  }

  /**
   * Names everything that decides how text is cut: segmenter, user words, stop words and switches.
   * Two analyzers with the same fingerprint produce the same terms.
   */
  fingerprint(): string {
    const parts = [
      this.segmenter.id,
      `subwords=${this.subwordsEnabled}`,
      `bigrams=${this.bigramsEnabled}`,
      `minNumberLength=${this.minNumberLength}`,
      `words=${hash(this.dictionary.list().join('\n'))}`,
      `stop=${hash([...this.stopWords].sort().join('\n'))}`,
    ]
    return parts.join(';')
  }

  private keeps(token: string): boolean {
    if (this.stopWords.has(token)) return false
    if (DIGITS.test(token) && token.length < this.minNumberLength) return false
    return true
  }

  /** Character bigrams back off where words fail: unknown names, and the same compound cut two ways. */
  private pushBigrams(run: string, terms: string[]): void {
    // Pairs of characters, not of UTF-16 code units: Ext-B Han (𬌗) takes two units and must stay whole.
    const chars = SURROGATE.test(run) ? Array.from(run) : run
    for (let i = 0; i + 1 < chars.length; i++) {
      const bigram = chars[i]! + chars[i + 1]!
      if (!this.stopWords.has(bigram)) terms.push(bigram)
    }
  }

  private subwordsOf(word: string): string[] {
    let subs = this.subwordCache.get(word)
    if (!subs) {
      subs = this.segmenter.subwords ? wordsFrom(this.segmenter, 'subwords', this.segmenter.subwords(word)) : []
      if (this.subwordCache.size >= SUBWORD_CACHE_LIMIT) this.subwordCache.clear()
      this.subwordCache.set(word, subs)
    }
    return subs
  }
}

function wordsFrom(segmenter: Segmenter, method: 'cut' | 'subwords', words: unknown): string[] {
  if (Array.isArray(words) && words.every((w) => typeof w === 'string')) return words
  throw new DuijieError(
    'INPUT',
    `duijie: segmenter ${describeValue(segmenter.id)}: ${method}() must return an array of strings, got ${describeValue(words)}`,
  )
}

function buildStopWords(option: StopWordsOption | undefined): Set<string> {
  if (Array.isArray(option)) return new Set(option.map((word) => normalize(word)))
  const { add = [], remove = [] } = (option ?? {}) as { add?: readonly string[]; remove?: readonly string[] }
  const words = new Set(STOP_WORDS)
  for (const w of add) words.add(normalize(w))
  for (const w of remove) words.delete(normalize(w))
  return words
}

/** FNV-1a, 32 bits, as hex: short and stable across runs and platforms. */
function hash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}
