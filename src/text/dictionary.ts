import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { DuijieError } from '../errors.js'
import { fileURLToPath } from 'node:url'
import { normalize } from './normalize.js'

const DOMAIN_DICTIONARY = join('data', 'dict', 'domain.txt')

/**
 * Finds a file shipped with the package by walking up from this module: the same code runs from `src/`
 * (tests, examples) and from `dist/` (the published build).
 */
function findShippedFile(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let depth = 0; depth < 5; depth++) {
    const candidate = join(dir, relative)
    if (existsSync(candidate)) return candidate
    dir = dirname(dir)
  }
  throw new DuijieError('IO', `duijie: cannot find the shipped file ${relative} near ${fileURLToPath(import.meta.url)}`)
}

/** Parses a word list: one word per line, `#` starts a comment, blank lines ignored. */
export function parseWordList(text: string): string[] {
  const words: string[] = []
  for (const line of text.split(/\r?\n/)) {
    const word = line.replace(/#.*/, '').trim()
    if (word) words.push(word)
  }
  return words
}

let domainWords: readonly string[] | undefined

/**
 * The domain dictionary shipped in `data/dict/domain.txt`: words of the industries and research fields the
 * sample district covers (碳化硅, 高压开关柜, 局部放电 …) that jieba's base dictionary cuts apart.
 *
 * @example
 * ```ts
 * loadDomainDictionary().includes('碳化硅') // true
 * ```
 */
export function loadDomainDictionary(): readonly string[] {
  domainWords ??= Object.freeze(parseWordList(readFileSync(findShippedFile(DOMAIN_DICTIONARY), 'utf8')))
  return domainWords
}

/** User words this long or longer are cut out of a run before the segmenter sees it. */
const FORCED_LENGTH = 3

/**
 * A user dictionary applied around the segmenter, per analyzer (nodejieba's own is process-global):
 * before segmentation, words of three or more characters are cut out of a Han run, longest first
 * ({@link UserDictionary.split}); after it, adjacent tokens that spell a user word are merged
 * ({@link UserDictionary.merge}), which also catches two-character words.
 *
 * @example
 * ```ts
 * const d = new UserDictionary(['海雷德蒙'])
 * d.split('为海雷德蒙提供')             // [{ text: '为', word: false }, { text: '海雷德蒙', word: true }, { text: '提供', word: false }]
 * d.merge(['海', '雷德', '蒙', '新能源']) // ['海雷德蒙', '新能源']
 * ```
 */
export class UserDictionary {
  private readonly words = new Set<string>()
  /** Every proper prefix of a word (海, 海雷, 海雷德 of 海雷德蒙): merging stops as soon as the joined tokens are none. */
  private readonly prefixes = new Set<string>()
  private longest = 0
  /** Longest forced word starting with each code unit (0: none, and most start none, so are skipped). */
  private readonly longestFrom = new Uint32Array(0x10000)
  /** Per first code unit, the lengths (bit 0: one unit, 1: two, 2: more) of the prefixes it starts. */
  private readonly prefixStarts = new Uint8Array(0x10000)
  /**
   * A bit per hashed pair of first code units of forced words: where the pair's bit is clear, no forced word
   * starts, so most places of a run are passed over without slicing and hashing.
   */
  private readonly forcedPairs = new Uint8Array(PAIR_FILTER_BITS / 8)
  /** The length of the word {@link UserDictionary.nextForced} last found. */
  private foundLength = 0

  constructor(words: Iterable<string> = []) {
    this.add(words)
  }

  /** Adds words (normalised like text); returns how many were new. */
  add(words: Iterable<string>): number {
    let added = 0
    for (const raw of words) {
      const word = normalize(raw).replace(/\s+/g, '')
      if (!word || this.words.has(word)) continue
      this.words.add(word)
      const first = word.charCodeAt(0)
      for (let end = 1; end < word.length; end++) {
        this.prefixes.add(word.slice(0, end))
        this.prefixStarts[first]! |= lengthBit(end)
      }
      this.longest = Math.max(this.longest, word.length)
      if (word.length >= FORCED_LENGTH) {
        this.longestFrom[first] = Math.max(this.longestFrom[first]!, word.length)
        const pair = pairBit(first, word.charCodeAt(1))
        this.forcedPairs[pair >>> 3]! |= 1 << (pair & 7)
      }
      added++
    }
    return added
  }

  has(word: string): boolean {
    return this.words.has(word)
  }

  get size(): number {
    return this.words.size
  }

  /** Sorted words, for fingerprints and saving. */
  list(): string[] {
    return [...this.words].sort()
  }

  /** Cuts user words of three or more characters out of `run`, leftmost and longest first. */
  split(run: string): Array<{ text: string; word: boolean }> {
    const pieces: Array<{ text: string; word: boolean }> = []
    let gapStart = 0
    for (let at = this.nextForced(run, 0); at >= 0; at = this.nextForced(run, gapStart)) {
      if (gapStart < at) pieces.push({ text: run.slice(gapStart, at), word: false })
      gapStart = at + this.forcedLength
      pieces.push({ text: run.slice(at, gapStart), word: true })
    }
    if (gapStart < run.length) pieces.push({ text: run.slice(gapStart), word: false })
    return pieces
  }

  /**
   * Where the next user word of three or more characters starts in `run` at or after `from` (the longest one
   * starting there: its length is then {@link UserDictionary.forcedLength}), or -1. {@link UserDictionary.split}
   * without the pieces, for callers that place them themselves.
   */
  nextForced(run: string, from: number): number {
    const last = run.length - FORCED_LENGTH
    for (let i = from; i <= last; i++) {
      const first = run.charCodeAt(i)
      const longest = this.longestFrom[first]!
      if (longest === 0) continue
      const pair = pairBit(first, run.charCodeAt(i + 1))
      if ((this.forcedPairs[pair >>> 3]! & (1 << (pair & 7))) === 0) continue
      for (let length = Math.min(longest, run.length - i); length >= FORCED_LENGTH; length--) {
        if (this.words.has(run.slice(i, i + length))) {
          this.foundLength = length
          return i
        }
      }
    }
    return -1
  }

  /** The length of the word the last {@link UserDictionary.nextForced} found. */
  get forcedLength(): number {
    return this.foundLength
  }

  /** A proper prefix of a word? Most tokens start with a code unit no prefix of their length starts with. */
  private isPrefix(text: string): boolean {
    return (this.prefixStarts[text.charCodeAt(0)]! & lengthBit(text.length)) !== 0 && this.prefixes.has(text)
  }

  /** Merges runs of adjacent tokens that spell a user word; tokens must come from one unbroken chunk. */
  merge(tokens: string[]): string[] {
    if (this.words.size === 0 || tokens.length < 2) return tokens
    const out: string[] = []
    for (let i = 0; i < tokens.length; ) {
      let joined = tokens[i]!
      let end = i
      for (let j = i + 1; j < tokens.length && this.isPrefix(joined); j++) {
        joined += tokens[j]!
        if (joined.length > this.longest) break
        if (this.words.has(joined)) end = j
      }
      out.push(end === i ? tokens[i]! : tokens.slice(i, end + 1).join(''))
      i = end + 1
    }
    return out
  }
}

/** Bits in {@link UserDictionary}'s filter of forced words' first pairs (128 KB). */
const PAIR_FILTER_BITS = 1 << 20

/** The filter bit of a pair of code units. */
function pairBit(first: number, second: number): number {
  return Math.imul(Math.imul(first, 0x9e3779b1) ^ second, 0x85ebca6b) >>> 12
}

/** Bit 0 for one code unit, 1 for two, 2 for more: a length class to filter set lookups by. */
export function lengthBit(length: number): number {
  return length <= 1 ? 1 : length === 2 ? 2 : 4
}
