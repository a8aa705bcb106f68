import Fuse from 'fuse.js'
import { DuijieError, type InputIssue, throwIfIssues } from './errors.js'
import { describeValue, type UniversityInput } from './schema.js'
import { normalize } from './text/normalize.js'

/**
 * One university found by {@link UniversityNames.find}.
 *
 * @example
 * ```ts
 * const best: NameMatch | undefined = new UniversityNames([u]).find('江科大')[0]
 * if (best) console.log(best.id, best.name, best.matched, best.score)
 * ```
 */
export interface NameMatch {
  /** The university's id. */
  id: string
  /** Its name as added. */
  name: string
  /** The name, alias or id (as added) that the query matched best. */
  matched: string
  /** In (0, 1], higher is better; 1 only for an exact name, alias or id after normalisation. */
  score: number
}

/**
 * Scoring thresholds of {@link UniversityNames}, exported so callers can see the bars they are held to.
 *
 * - `fuseThreshold`: fuse.js's own cut-off on wrong characters per query character (0 = perfect, 1 = anything).
 *   0.4 lets one in three or two in five through (常熟理工学园 has one in six) but not one in two or two in four,
 *   which on short CJK strings is already another name.
 * - `minScore`: what {@link UniversityNames.find} returns at all. Unrelated queries (量子引力) stay below it.
 * - `suggestScore`: the higher bar of {@link UniversityNames.suggest}; a two-character abbreviation of a
 *   six-character name (交大) is too ambiguous to propose, a typo or a longer abbreviation (上海交大) is not.
 * - `suggestMargin`: how far the best must lead the runner-up for suggest to pick it (unless it is exact).
 *
 * @example
 * ```ts
 * NAME_THRESHOLDS.minScore < NAME_THRESHOLDS.suggestScore // true
 * ```
 */
export const NAME_THRESHOLDS = Object.freeze({
  fuseThreshold: 0.4,
  minScore: 0.55,
  suggestScore: 0.75,
  suggestMargin: 0.05,
})

// A fuzzy or abbreviation match never reaches 1, which is kept for exact names, aliases and ids.
const BELOW_EXACT = 0.99
// Subsequence (abbreviation) scores: base + span × share of the name's characters the query covers, plus a bonus
// when the query starts where the name does (上海交大, 北大); so shorter names come first.
const SUBSEQUENCE_BASE = 0.5
const SUBSEQUENCE_SPAN = 0.35
const SUBSEQUENCE_FIRST = 0.1

/** One name or alias of one university, normalised for comparison. */
interface Entry {
  /** Position of the university in {@link UniversityNames}' list. */
  doc: number
  /** The name or alias as added. */
  text: string
  /** {@link key} of `text`. */
  key: string
  /** `key` as code points, for the abbreviation rule. */
  chars: string[]
}

/** What both sides are compared as: NFKC, lower case, runs of white space as one space, trimmed. */
function key(text: string, context: string): string {
  return normalize(text, context).replace(/\s+/gu, ' ').trim()
}

/** Whether every character of `query` appears in `text` in order. Both as arrays of code points. */
function isSubsequence(query: readonly string[], text: readonly string[]): boolean {
  let i = 0
  for (const ch of text) if (ch === query[i] && ++i === query.length) return true
  return false
}

function subsequenceScore(query: readonly string[], text: readonly string[]): number {
  if (query.length < 2 || query.length >= text.length || !isSubsequence(query, text)) return 0
  const first = query[0] === text[0] ? SUBSEQUENCE_FIRST : 0
  return SUBSEQUENCE_BASE + SUBSEQUENCE_SPAN * (query.length / text.length) + first
}

/**
 * Looks universities up by the names people write: the exact name, an alias (江科大) or the id; an abbreviation
 * that is not listed (上海交大, 交大 for 上海交通大学); or a slightly wrong name (江苏科技大, 常熟理工学园). Both
 * the query and the names are normalised ({@link normalize}: NFKC and lower case) so full-width letters and Latin
 * case do not matter.
 *
 * Scores, in (0, 1], higher better:
 *
 * - 1 for an exact name, alias or id.
 * - Fuzzy (fuse.js over every name and alias, location ignored): `(1 − fuseScore) × (0.5 + 0.5 × lengthRatio)`.
 *   fuse's score only says how well the query fits somewhere inside a name, so 大学 would fit every name
 *   perfectly; the length ratio (shorter over longer, in characters) makes a near-complete name beat a fragment.
 * - Abbreviation: fuse is weak on short CJK strings (交大 vs 上海交通大学 is four edits apart), so a query of two or
 *   more characters that all appear in order in a name scores `0.5 + 0.35 × query/name length`, plus 0.1 if both
 *   start with the same character. Shorter names come first.
 *
 * A university counts once, with its best-scoring name; below {@link NAME_THRESHOLDS} `minScore` nothing is
 * returned, so an unrelated query gives `[]`. Single-character queries match only exact aliases or ids (one
 * character is in too many names to mean any of them), and a query more than twice as long as the longest name
 * cannot be a way of writing any of them. Ties go to the shorter matched name, then to the university added first.
 *
 * @example
 * ```ts
 * const names = new UniversityNames([
 *   { id: 'sjtu', name: '上海交通大学' },
 *   { id: 'just', name: '江苏科技大学', aliases: ['江科大'] },
 * ])
 * names.find('上海交大')[0]?.id // 'sjtu'
 * names.find('江科大')[0]?.score // 1
 * names.suggest('江苏科技大')?.name // '江苏科技大学'
 * names.add([{ id: 'cslg', name: '常熟理工学院' }])
 * ```
 */
export class UniversityNames {
  private readonly universities: UniversityInput[] = []
  private readonly entries: Entry[] = []
  /** Normalised name, alias or id → the universities (docs) it names exactly, with the text as added. */
  private readonly exact = new Map<string, Array<{ doc: number; text: string }>>()
  private readonly ids = new Set<string>()
  private fuse: Fuse<Entry> = this.buildFuse()
  private longest = 0

  constructor(universities: readonly UniversityInput[] = []) {
    this.add(universities)
  }

  /** How many universities it holds. */
  get size(): number {
    return this.universities.length
  }

  /**
   * Adds universities. The batch is checked first (string id and name, aliases a list of strings, ids not
   * already held nor repeated); nothing is added if any is wrong. The fuzzy index is rebuilt, which for a few
   * thousand names takes milliseconds.
   */
  add(universities: readonly UniversityInput[]): this {
    const context = 'UniversityNames.add'
    this.check(universities, context)
    for (const university of universities) {
      const doc = this.universities.length
      this.universities.push(university)
      this.ids.add(university.id)
      this.index(doc, university.id, context, false)
      for (const text of [university.name, ...(university.aliases ?? [])]) this.index(doc, text, context, true)
    }
    this.fuse = this.buildFuse()
    return this
  }

  /**
   * The universities `query` most likely means, best first, at most `limit`; `[]` when none is close enough.
   * Throws an `INPUT` {@link DuijieError} when `query` is not a string or `limit` not a positive integer.
   */
  find(query: string, limit = 5): NameMatch[] {
    const context = 'findUniversities'
    if (typeof query !== 'string') {
      throw new DuijieError('INPUT', `duijie: ${context}: query must be a string, got ${describeValue(query)}`)
    }
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
      throw new DuijieError(
        'INPUT',
        `duijie: ${context}: limit must be a positive integer, got ${describeValue(limit)}`,
      )
    }
    const q = key(query, context)
    const chars = [...q]
    if (chars.length === 0 || chars.length > 2 * this.longest) return []

    // Best score per university, with the text that earned it and that text's length (for ties).
    const best = new Map<number, { text: string; length: number; score: number }>()
    const offer = (doc: number, text: string, length: number, score: number) => {
      const held = best.get(doc)
      if (held === undefined || score > held.score || (score === held.score && length < held.length)) {
        best.set(doc, { text, length, score })
      }
    }

    for (const { doc, text } of this.exact.get(q) ?? []) offer(doc, text, chars.length, 1)
    if (chars.length >= 2) {
      for (const result of this.fuse.search(q)) {
        const { doc, text, chars: name } = result.item
        const ratio = Math.min(name.length, chars.length) / Math.max(name.length, chars.length)
        const fuzzy = (1 - (result.score ?? 1)) * (0.5 + 0.5 * ratio)
        offer(doc, text, name.length, Math.min(fuzzy, BELOW_EXACT))
      }
      for (const { doc, text, chars: name } of this.entries) {
        const score = subsequenceScore(chars, name)
        if (score > 0) offer(doc, text, name.length, Math.min(score, BELOW_EXACT))
      }
    }

    return [...best]
      .filter(([, m]) => m.score >= NAME_THRESHOLDS.minScore)
      .sort(([docA, a], [docB, b]) => b.score - a.score || a.length - b.length || docA - docB)
      .slice(0, limit)
      .map(([doc, m]) => {
        const university = this.universities[doc]!
        return { id: university.id, name: university.name, matched: m.text, score: m.score }
      })
  }

  /**
   * The one university to propose in a "did you mean" message for `text`, or `undefined`: the best match of
   * {@link UniversityNames.find} when it is exact, or scores at least `suggestScore` and leads the runner-up by
   * `suggestMargin` (see {@link NAME_THRESHOLDS}). Never throws: any non-string gives `undefined`, so it is safe
   * inside error handling.
   */
  suggest(text: string): NameMatch | undefined {
    if (typeof text !== 'string') return undefined
    const [first, second] = this.find(text, 2)
    if (first === undefined) return undefined
    if (first.score === 1) return first
    if (first.score < NAME_THRESHOLDS.suggestScore) return undefined
    if (second !== undefined && first.score - second.score < NAME_THRESHOLDS.suggestMargin) return undefined
    return first
  }

  private check(universities: readonly UniversityInput[], context: string): void {
    if (!Array.isArray(universities)) {
      throw new DuijieError(
        'INPUT',
        `duijie: ${context}: expected an array of universities, got ${describeValue(universities)}`,
      )
    }
    const issues: InputIssue[] = []
    const seen = new Map<string, number>()
    universities.forEach((u: unknown, index) => {
      const record = (typeof u === 'object' && u !== null ? u : {}) as Partial<Record<keyof UniversityInput, unknown>>
      const id = typeof record.id === 'string' ? record.id : undefined
      const at = { index, ...(id === undefined ? {} : { id }) }
      if (id === undefined)
        issues.push({ ...at, field: 'id', message: `must be a string, got ${describeValue(record.id)}` })
      else if (this.ids.has(id)) issues.push({ ...at, field: 'id', message: 'duplicates an id already added' })
      else if (seen.has(id)) {
        issues.push({ ...at, field: 'id', message: `duplicates the record at index ${seen.get(id)} of this batch` })
      } else seen.set(id, index)
      if (typeof record.name !== 'string') {
        issues.push({ ...at, field: 'name', message: `must be a string, got ${describeValue(record.name)}` })
      }
      const aliases = record.aliases
      if (aliases !== undefined && !(Array.isArray(aliases) && aliases.every((a) => typeof a === 'string'))) {
        issues.push({ ...at, field: 'aliases', message: 'must be an array of strings' })
      }
    })
    throwIfIssues(context, 'university', issues)
  }

  /** Files one text of a university for exact look-up and, for names and aliases, for fuzzy search. */
  private index(doc: number, text: string, context: string, fuzzy: boolean): void {
    const k = key(text, context)
    if (k.length === 0) return
    const named = this.exact.get(k) ?? []
    if (!named.some((n) => n.doc === doc)) named.push({ doc, text })
    this.exact.set(k, named)
    if (!fuzzy) return
    const chars = [...k]
    this.entries.push({ doc, text, key: k, chars })
    this.longest = Math.max(this.longest, chars.length)
  }

  private buildFuse(): Fuse<Entry> {
    return new Fuse(this.entries, {
      keys: ['key'],
      includeScore: true,
      // Names are short: where in the name the query fits says nothing, and every name is one field.
      ignoreLocation: true,
      ignoreFieldNorm: true,
      threshold: NAME_THRESHOLDS.fuseThreshold,
      // Already normalised by `key`; fuse's own folding would differ from the rest of duijie.
      isCaseSensitive: true,
    })
  }
}
