import { DEFAULTS } from '../defaults.js'
import { DuijieError } from '../errors.js'
import { analyzerOptionsSchema, describeValue, validateOne } from '../schema.js'
import { UserDictionary, lengthBit, loadDomainDictionary } from './dictionary.js'
import { normalize } from './normalize.js'
import { RUN_SEPARATOR, batchCutter, defaultSegmenter, type Segmenter } from './segmenter.js'
import { HAN_CHAR, WIDE, WORD_CHAR, chunkEnd, nextChunk, scanRun } from './scan.js'
import { STOP_WORDS } from './stopwords.js'

/** Changes to the default stop list, or a whole list of its own. */
export type StopWordsOption = readonly string[] | { add?: readonly string[]; remove?: readonly string[] }

/** Settings of an {@link Analyzer}. Every one is optional; see {@link DEFAULTS}. */
export interface AnalyzerOptions {
  /** Cuts Han runs into words. Default: {@link defaultSegmenter}. */
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

/**
 * Receives, while a text is analysed, which of its words each term occurrence stands for: a word credits
 * itself; a character bigram credits the word or two words it overlaps (关柜 in 开关柜 → 开关柜; 接机 in
 * 焊接|机器人 → half 焊接, half 机器人). Explanations use it to show words, not fragments.
 *
 * @example
 * ```ts
 * const credits: Array<[string, string, number]> = []
 * new Analyzer().analyze('焊接机器人', { credit: (term, word, share) => credits.push([term, word, share]) })
 * // credits holds ['焊接', '焊接', 1], ['机器人', '机器人', 1], ['接机', '焊接', 0.5], ['接机', '机器人', 0.5], …
 * ```
 */
export interface TermSink {
  /** One occurrence of `term` stands for `share` (0–1] of an occurrence of `word`. */
  credit(term: string, word: string, share: number): void
}

const HAN = /\p{Script=Han}/u
const HAN_PAIR = /^\p{Script=Han}{2}$/u
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
  /** Per first code unit, the lengths (bit 0: one unit, 1: two, 2: more) of the stop words it starts. */
  private readonly stopStarts = new Uint8Array(0x10000)
  private readonly subwordsEnabled: boolean
  private readonly bigramsEnabled: boolean
  private readonly minNumberLength: number
  private readonly subwordCache = new Map<string, string[]>()
  /** The segmenter's many-runs cut, when it has one (the built-in jieba): see {@link Analyzer.analyzeBatched}. */
  private readonly cutRuns: ((runs: readonly string[]) => string[]) | undefined
  private readonly batch: BatchScratch = { items: [], itemEnds: [], bigrams: [], bigramEnds: [], runs: [], tokens: [] }
  /** The script run being read (see `scanRun`). */
  private readonly run = { end: 0, kinds: 0 }

  constructor(options: AnalyzerOptions = {}) {
    options = validateOne(analyzerOptionsSchema, options, 'new Analyzer', 'options') as AnalyzerOptions
    this.segmenter = options.segmenter ?? defaultSegmenter()
    const useDomain = options.domainDictionary ?? DEFAULTS.domainDictionary
    this.dictionary = new UserDictionary(useDomain ? loadDomainDictionary() : [])
    this.dictionary.add(options.userWords ?? [])
    this.stopWords = buildStopWords(options.stopWords)
    for (const word of this.stopWords) this.stopStarts[word.charCodeAt(0)]! |= lengthBit(word.length)
    this.subwordsEnabled = options.subwords ?? DEFAULTS.subwords
    this.bigramsEnabled = options.bigrams ?? DEFAULTS.bigrams
    this.minNumberLength = options.minNumberLength ?? DEFAULTS.minNumberLength
    this.cutRuns = batchCutter(this.segmenter)
  }

  /**
   * Terms of `text`, in order, with repeats (term frequency matters). With a `sink`, also says which of the
   * text's words each term occurrence stands for (see {@link TermSink}).
   */
  analyze(text: string, sink?: TermSink): string[] {
    const normalized = normalize(text, 'analyze')
    if (!sink && this.cutRuns) return this.analyzeBatched(normalized, this.cutRuns)
    const terms: string[] = []
    const chunk: ChunkScratch = { tokens: [], starts: [], bigrams: [], bigramStarts: [] }
    for (let i = nextChunk(normalized, 0); i < normalized.length; ) {
      const end = chunkEnd(normalized, i)
      this.analyzeChunk(normalized, i, end, chunk, terms, sink)
      i = nextChunk(normalized, end)
    }
    return terms
  }

  /**
   * {@link Analyzer.analyze} of normalised text without a sink, with a segmenter that cuts many runs in one
   * call: a first pass splits the chunks into runs and dictionary words as {@link Analyzer.analyzeChunk}
   * does, leaving a gap for each piece the segmenter must cut; one call cuts them all; a second pass fills
   * the gaps and emits each chunk's terms in the same order. The terms are the same (tests compare the two).
   */
  private analyzeBatched(text: string, cutRuns: (runs: readonly string[]) => string[]): string[] {
    const { items, itemEnds, bigrams, bigramEnds, runs, tokens } = this.batch
    items.length = 0
    itemEnds.length = 0
    bigrams.length = 0
    bigramEnds.length = 0
    runs.length = 0
    for (let i = nextChunk(text, 0); i < text.length; ) {
      const end = chunkEnd(text, i)
      for (let at = i; at < end; ) {
        scanRun(text, at, end, this.run)
        const { kinds } = this.run
        const run = text.slice(at, this.run.end)
        at = this.run.end
        if (!(kinds & HAN_CHAR)) {
          if (kinds & WORD_CHAR) items.push(run)
          continue
        }
        if (this.bigramsEnabled) this.pushBigrams(run, 0, (kinds & WIDE) !== 0, bigrams, undefined)
        // The run's user words whole, and a gap for each stretch between them that the segmenter cuts.
        let gapStart = 0
        for (
          let word = this.dictionary.nextForced(run, 0);
          word >= 0;
          word = this.dictionary.nextForced(run, gapStart)
        ) {
          if (gapStart < word) {
            items.push(null)
            runs.push(run.slice(gapStart, word))
          }
          gapStart = word + this.dictionary.forcedLength
          items.push(run.slice(word, gapStart))
        }
        if (gapStart < run.length) {
          items.push(null)
          runs.push(gapStart === 0 ? run : run.slice(gapStart))
        }
      }
      itemEnds.push(items.length)
      bigramEnds.push(bigrams.length)
      i = nextChunk(text, end)
    }
    const words = runs.length > 0 ? cutRuns(runs) : []
    const terms: string[] = []
    let word = 0
    let item = 0
    let bigram = 0
    for (let c = 0; c < itemEnds.length; c++) {
      tokens.length = 0
      for (const itemEnd = itemEnds[c]!; item < itemEnd; item++) {
        const whole = items[item]
        if (whole !== null) {
          tokens.push(whole!)
          continue
        }
        for (; word < words.length && words[word] !== RUN_SEPARATOR; word++)
          if (words[word]!.trim()) tokens.push(words[word]!)
        word++
      }
      for (const token of this.dictionary.merge(tokens)) {
        if (!this.keeps(token)) continue
        terms.push(token)
        if (this.subwordsEnabled && token.length >= 3 && HAN.test(token)) this.pushSubwords(token, terms, undefined)
      }
      for (const bigramEnd = bigramEnds[c]!; bigram < bigramEnd; bigram++) terms.push(bigrams[bigram]!)
    }
    // One separator fewer than runs: anything else means the cut did not keep runs apart.
    if (word !== words.length + (runs.length > 0 ? 1 : 0)) {
      throw new DuijieError('INTERNAL', `duijie: ${this.segmenter.id} did not keep ${runs.length} runs apart`)
    }
    return terms
  }

  /** The terms of one chunk, `text[start..end)`: its Latin and digit runs whole, its Han runs cut. */
  private analyzeChunk(
    text: string,
    start: number,
    end: number,
    scratch: ChunkScratch,
    terms: string[],
    sink: TermSink | undefined,
  ): void {
    const { tokens, starts, bigrams, bigramStarts } = scratch
    tokens.length = 0
    starts.length = 0
    bigrams.length = 0
    bigramStarts.length = 0
    // Whether the segmenter's words spell the text they came from.
    let aligned = true
    for (let at = start; at < end; ) {
      scanRun(text, at, end, this.run)
      const { kinds } = this.run
      const run = text.slice(at, this.run.end)
      const runStart = at - start
      at = this.run.end
      if (!(kinds & HAN_CHAR)) {
        if (kinds & WORD_CHAR) {
          tokens.push(run)
          starts.push(runStart)
        }
        continue
      }
      if (this.bigramsEnabled) this.pushBigrams(run, runStart, (kinds & WIDE) !== 0, bigrams, bigramStarts)
      let offset = runStart
      for (const piece of this.dictionary.split(run)) {
        if (piece.word) {
          tokens.push(piece.text)
          starts.push(offset)
        } else {
          let cutAt = offset
          for (const word of this.cut(piece.text)) {
            if (word.trim()) {
              tokens.push(word)
              starts.push(cutAt)
            }
            // The right length is not enough: a word that is not the text at its place (a segmenter that
            // rewrites or reorders) would be shown for characters the need does not have there.
            if (!piece.text.startsWith(word, cutAt - offset)) aligned = false
            cutAt += word.length
          }
          if (cutAt !== offset + piece.text.length) aligned = false
        }
        offset += piece.text.length
      }
    }
    // The word each code unit of the chunk belongs to, for crediting bigrams; only when asked.
    const owners: Array<string | undefined> | undefined =
      sink && bigrams.length > 0 && aligned ? new Array<string | undefined>(end - start) : undefined
    let consumed = 0
    for (const token of this.dictionary.merge(tokens)) {
      const tokenStart = starts[consumed]!
      for (let length = 0; length < token.length; ) length += tokens[consumed++]!.length
      if (owners) owners.fill(token, tokenStart, tokenStart + token.length)
      if (!this.keeps(token)) continue
      terms.push(token)
      sink?.credit(token, token, 1)
      if (this.subwordsEnabled && token.length >= 3 && HAN.test(token)) this.pushSubwords(token, terms, sink)
    }
    for (let b = 0; b < bigrams.length; b++) {
      terms.push(bigrams[b]!)
      if (sink) creditBigram(sink, bigrams[b]!, bigramStarts[b]!, owners, (word) => this.keeps(word))
    }
  }

  /** A long word's dictionary sub-words that are kept, after it. */
  private pushSubwords(token: string, terms: string[], sink: TermSink | undefined): void {
    for (const sub of this.subwordsOf(token)) {
      if (sub.length < 2 || !this.keeps(sub)) continue
      terms.push(sub)
      sink?.credit(sub, sub, 1)
    }
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
    return this.isStop(term)
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

  /**
   * Options that make an analyzer cutting text exactly like this one, words added since construction
   * included: the domain dictionary comes as user words and the stop words as a full list, so the copy needs
   * no file and has the same {@link Analyzer.fingerprint}. The analysis workers are built from it.
   *
   * @example
   * ```ts
   * const a = new Analyzer({ userWords: ['海雷德蒙'] })
   * new Analyzer(a.settings()).fingerprint() === a.fingerprint() // true
   * ```
   */
  settings(): AnalyzerOptions & { segmenter: Segmenter; userWords: string[]; stopWords: string[] } {
    return {
      segmenter: this.segmenter,
      domainDictionary: false,
      userWords: this.dictionary.list(),
      stopWords: [...this.stopWords],
      subwords: this.subwordsEnabled,
      bigrams: this.bigramsEnabled,
      minNumberLength: this.minNumberLength,
    }
  }

  /** A stop word? Most terms start with a code unit no stop word of their length starts with: no hashing. */
  private isStop(term: string): boolean {
    if (term.length === 0) return this.stopWords.has(term)
    return (this.stopStarts[term.charCodeAt(0)]! & lengthBit(term.length)) !== 0 && this.stopWords.has(term)
  }

  private keeps(token: string): boolean {
    if (this.isStop(token)) return false
    // Only tokens shorter than minNumberLength can be short numbers; the regex runs for those alone.
    if (token.length < this.minNumberLength && DIGITS.test(token)) return false
    return true
  }

  /** Character bigrams back off where words fail: unknown names, and the same compound cut two ways. */
  private pushBigrams(
    run: string,
    runStart: number,
    wide: boolean,
    bigrams: string[],
    starts: number[] | undefined,
  ): void {
    // Pairs of characters, not of UTF-16 code units: Ext-B Han (𬌗) takes two units and must stay whole.
    if (wide) {
      const chars = Array.from(run)
      let at = runStart
      for (let i = 0; i + 1 < chars.length; i++) {
        this.pushBigram(chars[i]! + chars[i + 1]!, at, bigrams, starts)
        at += chars[i]!.length
      }
    } else {
      for (let i = 0; i + 1 < run.length; i++) this.pushBigram(run.slice(i, i + 2), runStart + i, bigrams, starts)
    }
  }

  private pushBigram(bigram: string, start: number, bigrams: string[], starts: number[] | undefined): void {
    if (this.isStop(bigram)) return
    bigrams.push(bigram)
    starts?.push(start)
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

/**
 * Credits a bigram occurrence to the words its two characters belong to, half each, or all of it to one word
 * when both characters are in it. A kept word beats a dropped stop word, and a stop word of two or more
 * characters (试验 under 验与) beats a single character: the reader is shown the most telling word of the
 * need there is. The bigram credits itself only when its characters could not be placed (a custom segmenter
 * whose words do not spell the text).
 */
function creditBigram(
  sink: TermSink,
  bigram: string,
  start: number,
  owners: Array<string | undefined> | undefined,
  kept: (word: string) => boolean,
): void {
  const first = owners?.[start]
  const second = owners?.[start + (bigram.codePointAt(0)! > 0xffff ? 2 : 1)]
  const rank = (word: string | undefined) => (word === undefined ? -1 : kept(word) ? 2 : word.length > 1 ? 1 : 0)
  const best = Math.max(rank(first), rank(second))
  if (best < 0) sink.credit(bigram, bigram, 1)
  else if (rank(first) === rank(second)) {
    sink.credit(bigram, first!, 0.5)
    sink.credit(bigram, second!, 0.5)
  } else sink.credit(bigram, rank(first) === best ? first! : second!, 1)
}

function wordsFrom(segmenter: Segmenter, method: 'cut' | 'subwords', words: unknown): string[] {
  if (Array.isArray(words) && allStrings(words)) return words
  throw new DuijieError(
    'INPUT',
    `duijie: segmenter ${describeValue(segmenter.id)}: ${method}() must return an array of strings, got ${describeValue(words)}`,
  )
}

function allStrings(values: unknown[]): values is string[] {
  for (const value of values) if (typeof value !== 'string') return false
  return true
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

/** The per-chunk lists of {@link Analyzer.analyze}, made once per text and emptied for each chunk. */
interface ChunkScratch {
  tokens: string[]
  starts: number[]
  bigrams: string[]
  bigramStarts: number[]
}

/**
 * The per-text lists of {@link Analyzer.analyzeBatched}, kept between texts: each chunk's items (a whole
 * token, or null where cut words go), where each chunk's items and bigrams end, the runs to cut, and one
 * chunk's tokens.
 */
interface BatchScratch {
  items: Array<string | null>
  itemEnds: number[]
  bigrams: string[]
  bigramEnds: number[]
  runs: string[]
  tokens: string[]
}
