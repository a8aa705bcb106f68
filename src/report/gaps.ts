import type { MatchList } from '../defaults.js'
import type { Vocabulary } from '../profile/vocabulary.js'
import type { MatchResult } from '../route/router.js'
import type { NeedKind, NeedObject } from '../schema.js'
import type { BuiltIndex } from '../search/match-index.js'
import type { Analyzer } from '../text/analyzer.js'

/** A need no counterpart meets well. */
export interface UnmetNeed {
  needId?: string
  kind?: NeedKind
  title?: string
  text: string
  /** The list it was routed to first. */
  list: MatchList
  /** The best text score on that list (0 when nothing matched). */
  best: number
  /** Its salient words the catalogue lacks or barely covers, most salient first. */
  terms: string[]
}

/** A word unmet needs ask for: a specialty to recruit (双招双引). */
export interface GapTerm {
  term: string
  /** How many unmet needs ask for it. */
  needs: number
  /** How many profiles of the counterpart hold it (0: nobody in the catalogue). */
  covered: number
  /** Ids (or, without one, titles) of up to three of those needs. */
  examples: string[]
}

/** What {@link gapReport} returns: the unmet needs, and the words they ask for, most asked first. */
export interface GapReport {
  needs: UnmetNeed[]
  terms: GapTerm[]
}

/** How strict the gap report is; defaults in `DEFAULTS.gaps`. */
export interface GapRule {
  /** A need is unmet when the best text score of its primary list is below this. */
  minScore: number
  /** A word counts as lacking when at most this many counterpart profiles hold it. */
  maxCoverage: number
  /** At most this many words per need. */
  termsPerNeed: number
}

const EXAMPLES_SHOWN = 3
/** Amounts, years and model numbers are not specialties. */
const NUMBER = /^[\d.]+$/

/** The best text score of a result's primary list. */
function bestScore(result: MatchResult): number {
  const list = result.lists[0]
  if (list === 'experts') return result.experts[0]?.textScore ?? 0
  if (list === 'universities') return result.universities[0]?.score ?? 0
  if (list === 'programmes') return result.programmes[0]?.score ?? 0
  return result.investors[0]?.score ?? 0
}

/**
 * The gap report from needs and their match results (in the same order): the needs whose primary list's
 * best text score is below `minScore`, and, grouped across them, their salient words that the catalogue
 * lacks or barely covers, with how many needs ask for each. A word is salient when it is a word (not a
 * bigram fragment), not a number and not a stop word; longer words, then words a need repeats, come first.
 *
 * @example
 * ```ts
 * const needs = [{ id: 'n1', text: '需要区块链防伪溯源系统' }]
 * const report = gapReport({ index: built, vocabulary, analyzer: new Analyzer() }, needs, m.matchAll(needs), DEFAULTS.gaps)
 * report.terms[0] // { term: '区块链', needs: 1, covered: 0, examples: ['n1'] }
 * ```
 */
export function gapReport(
  context: { index: BuiltIndex; vocabulary: Vocabulary; analyzer: Analyzer },
  needs: readonly NeedObject[],
  results: readonly MatchResult[],
  rule: GapRule,
): GapReport {
  const { index, vocabulary, analyzer } = context
  const coverage = (term: string, list: MatchList): number => {
    const id = vocabulary.idOf(term)
    if (id < 0) return 0
    if (list === 'programmes') return index.programmes.collection.df(id)
    if (list === 'investors') return index.investors.collection.df(id)
    return index.experts.df(id) + index.descriptions.df(id)
  }
  const unmet: UnmetNeed[] = []
  const byTerm = new Map<string, GapTerm>()
  needs.forEach((need, i) => {
    const result = results[i]!
    const best = bestScore(result)
    if (best >= rule.minScore) return
    const list = result.lists[0]!
    const text = need.title === undefined ? need.text : `${need.title}。${need.text}`
    const counts = new Map<string, number>()
    for (const term of analyzer.analyze(text)) counts.set(term, (counts.get(term) ?? 0) + 1)
    const terms = [...counts]
      .filter(([term]) => !NUMBER.test(term) && analyzer.isWord(term) && coverage(term, list) <= rule.maxCoverage)
      .sort(([a, na], [b, nb]) => b.length - a.length || nb - na || (a < b ? -1 : 1))
      .slice(0, rule.termsPerNeed)
      .map(([term]) => term)
    unmet.push({
      ...(need.id !== undefined && { needId: need.id }),
      ...(need.kind !== undefined && { kind: need.kind }),
      ...(need.title !== undefined && { title: need.title }),
      text: need.text,
      list,
      best,
      terms,
    })
    for (const term of terms) {
      const entry = byTerm.get(term) ?? { term, needs: 0, covered: coverage(term, list), examples: [] }
      entry.needs++
      if (entry.examples.length < EXAMPLES_SHOWN) entry.examples.push(need.id ?? need.title ?? need.text.slice(0, 20))
      byTerm.set(term, entry)
    }
  })
  const terms = [...byTerm.values()].sort(
    (a, b) => b.needs - a.needs || a.covered - b.covered || b.term.length - a.term.length || (a.term < b.term ? -1 : 1),
  )
  return { needs: unmet, terms }
}
