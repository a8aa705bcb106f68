import type { MatchList } from '../defaults.js'
import type { Vocabulary } from '../profile/vocabulary.js'
import type { MatchResult } from '../route/router.js'
import type { NeedKind, NeedObject } from '../schema.js'
import type { BuiltIndex } from '../search/match-index.js'
import { Analyzer } from '../text/analyzer.js'

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
  /**
   * How many profiles of the need's counterpart list match it the way matching does: they hold the word or
   * one of the index terms the need's analysis credits to it (its character bigrams, 基金 of 产业基金). 0:
   * nobody in that list.
   */
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
/**
 * Words a need uses to frame its ask rather than to name a specialty: learning and asking (了解…的途径,
 * 考虑), launching (推出, 进入), and the people a talent need wants and what they will do (博士, 工程师,
 * 负责). The default stop list (src/text/stopwords.ts) has 需要 and 希望 but not these; they are kept here,
 * for the report alone, so that matching is unchanged. A word recruited for is a field, not a verb or a
 * degree.
 */
const FRAMING: ReadonlySet<string> = new Set(
  `了解 咨询 考虑 探索 尝试 获得 获取 请教 指导 建议 途径 渠道 办法 推出 进入 引入 负责 熟悉 从事 参与 经验 最好
人才 人员 技术人员 工程师 毕业生 研究生 博士 硕士 本科 专业`.split(/\s+/),
)

/**
 * The best text score of a result's primary list. An investor meets a need only when its rules fit (its
 * ticket covers the amount, its regions and stages hold the enterprise's), so the best investor score is
 * that of the best fitting one, which matching ranks first; 0 when none fits.
 */
function bestScore(result: MatchResult): number {
  const list = result.lists[0]
  if (list === 'experts') return result.experts[0]?.textScore ?? 0
  if (list === 'universities') return result.universities[0]?.score ?? 0
  if (list === 'programmes') return result.programmes[0]?.score ?? 0
  const first = result.investors[0]
  return first?.fits ? first.score : 0
}

/**
 * The gap report from needs and their match results (in the same order): the needs whose primary list's
 * best text score is below `minScore`, and, grouped across them, their salient words that the catalogue
 * lacks or barely covers, with how many needs ask for each. A word is salient when the analyzer cuts it
 * whole from the need (without bigrams and sub-words, so 石墨 of 石墨烯 is not one), it is not a number, a
 * stop word or a word that frames the ask (了解, 途径, 博士: {@link FRAMING}). A word is covered by the
 * profiles of the need's primary list that match it the way matching does: that hold the word or an index
 * term the need's analysis credits to it (产业基金 is matched through 产业 and 基金). Longer words, then words
 * a need repeats, come first.
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
  const { analyzer } = context
  const plain = new Analyzer({ ...analyzer.settings(), bigrams: false, subwords: false })
  const unmet: UnmetNeed[] = []
  const byTerm = new Map<string, GapTerm>()
  needs.forEach((need, i) => {
    const result = results[i]!
    const best = bestScore(result)
    if (best >= rule.minScore) return
    const list = result.lists[0]!
    const text = need.title === undefined ? need.text : `${need.title}。${need.text}`
    const counts = new Map<string, number>()
    for (const word of plain.analyze(text)) counts.set(word, (counts.get(word) ?? 0) + 1)
    // The index terms that stand for each word when the need is matched: the word, its bigrams, and the
    // bigrams it shares with a neighbour.
    const matchedBy = new Map<string, Set<string>>()
    analyzer.analyze(text, {
      credit(term, word) {
        let terms = matchedBy.get(word)
        if (!terms) matchedBy.set(word, (terms = new Set([word])))
        terms.add(term)
      },
    })
    const covered = memoByWord((word) => coverage(context, matchedBy.get(word) ?? new Set([word]), list))
    const terms = [...counts]
      .filter(
        ([word]) =>
          !NUMBER.test(word) && !FRAMING.has(word) && analyzer.isWord(word) && covered(word) <= rule.maxCoverage,
      )
      .sort(([a, na], [b, nb]) => b.length - a.length || nb - na || (a < b ? -1 : 1))
      .slice(0, rule.termsPerNeed)
      .map(([word]) => word)
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
      const entry = byTerm.get(term) ?? { term, needs: 0, covered: covered(term), examples: [] }
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

/**
 * How many profiles of `list` hold at least one of `terms`: experts and university descriptions for the
 * experts and universities lists, the programmes or the investors otherwise.
 */
function coverage(
  context: { index: BuiltIndex; vocabulary: Vocabulary },
  terms: ReadonlySet<string>,
  list: MatchList,
): number {
  const { index, vocabulary } = context
  const collections =
    list === 'programmes'
      ? [index.programmes.collection]
      : list === 'investors'
        ? [index.investors.collection]
        : [index.experts, index.descriptions]
  let count = 0
  for (const collection of collections) {
    const { postings } = collection.weights
    const holders = new Set<number>()
    for (const term of terms) {
      const id = vocabulary.idOf(term)
      if (id < 0 || id >= postings.vocabularySize) continue
      const docs = new Uint32Array(postings.df(id))
      const df = postings.docsOf(id, docs)
      for (let i = 0; i < df; i++) holders.add(docs[i]!)
    }
    count += holders.size
  }
  return count
}

function memoByWord(fn: (word: string) => number): (word: string) => number {
  const cache = new Map<string, number>()
  return (word) => {
    let value = cache.get(word)
    if (value === undefined) cache.set(word, (value = fn(word)))
    return value
  }
}
