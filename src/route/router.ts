import type { Catalogue } from '../catalogue.js'
import { DEFAULTS, type MatchList } from '../defaults.js'
import { parseAmount, parseStages } from '../need/financing.js'
import type { ProfileBuilder } from '../profile/builder.js'
import type { Weighting } from '../profile/weighting.js'
import type { NeedKind, NeedObject } from '../schema.js'
import type { UniversityRule } from '../search/aggregate.js'
import type { TermContribution } from '../search/explain.js'
import type { BuiltIndex } from '../search/match-index.js'
import { type QueryVector, buildQuery } from '../search/query.js'
import { type ExpertMatch, type UniversityMatch, rank } from '../search/searcher.js'
import { WordCredit } from '../search/words.js'
import { type InvestorMatch, type ProgrammeMatch, rankInvestors, rankProgrammes } from './counterparts.js'

/**
 * Every list `match` can rank.
 *
 * @example
 * ```ts
 * m.match('储能产线扩建需要资金约3000万元', { lists: MATCH_LISTS }) // all four lists, whatever the kind
 * ```
 */
export const MATCH_LISTS = Object.freeze(['experts', 'universities', 'programmes', 'investors'] as const)

/** What {@link Matcher.match} returns for one need. */
export interface MatchResult {
  /** The need's id, when it had one. */
  needId?: string
  kind?: NeedKind
  /** The lists ranked for this need, its primary counterpart first (`DEFAULTS.routes`); the others are empty. */
  lists: MatchList[]
  /** Best experts first; ties broken by id. */
  experts: ExpertMatch[]
  /** Best universities first; ties broken by id. */
  universities: UniversityMatch[]
  /** Best degree programmes first (talent needs); ties broken by id. */
  programmes: ProgrammeMatch[]
  /** Investors whose rules fit first, then by score (financing needs); ties broken by id. */
  investors: InvestorMatch[]
  /** The need's words its primary counterpart knows, with their query weights, largest first. */
  queryTerms: TermContribution[]
  /** The same, as index terms (character bigrams among them). */
  rawQueryTerms: TermContribution[]
  /**
   * Why the primary list is empty, when it is: the catalogue holds none of that counterpart, the need has no
   * terms once stop words are dropped, or none of its terms (named) is in the catalogue. Empty otherwise.
   */
  notes: string[]
}

/** What routing a need reads. */
export interface RouteContext {
  index: BuiltIndex
  catalogue: Catalogue
  profiles: ProfileBuilder
  weighting: Weighting
  rule: UniversityRule
  /** How many of an expert's documents its match lists. */
  documentsExplained: number
}

/**
 * The lists to rank for a need: those asked for, or the route of its kind.
 *
 * @example
 * ```ts
 * listsFor('talent', undefined) // ['programmes', 'universities', 'experts']
 * ```
 */
export function listsFor(kind: NeedKind | undefined, asked: readonly MatchList[] | undefined): MatchList[] {
  const lists = asked ?? DEFAULTS.routes[kind ?? 'none']
  return [...new Set(lists)]
}

/**
 * Ranks the lists a need is routed to. The need is counted once; each counterpart gets its own query
 * vector, since programmes and investors weigh terms by their own idf.
 *
 * @example
 * ```ts
 * const context: RouteContext = { index: built, catalogue, profiles, weighting: tfidf, rule: DEFAULTS.university, documentsExplained: 3 }
 * const result = matchNeed(context, { kind: 'financing', text: '需要资金约3000万元' }, 10, [], ['investors'])
 * result.investors[0] // { id, name, type, score, terms, fits, reasons }
 * ```
 */
export function matchNeed(
  context: RouteContext,
  need: NeedObject,
  topK: number,
  include: readonly number[],
  lists: readonly MatchList[],
): MatchResult {
  const { index, catalogue, profiles, weighting } = context
  const credit = new WordCredit()
  const counts = profiles.need(need, credit)
  const vocabulary = profiles.vocabulary
  const result: MatchResult = {
    ...(need.id !== undefined && { needId: need.id }),
    ...(need.kind !== undefined && { kind: need.kind }),
    lists: [...lists],
    experts: [],
    universities: [],
    programmes: [],
    investors: [],
    queryTerms: [],
    rawQueryTerms: [],
    notes: [],
  }
  const queries: Array<[MatchList, QueryVector]> = []
  if (lists.includes('experts') || lists.includes('universities')) {
    const query = buildQuery(counts, index.idf, weighting)
    const ranking = rank(
      { index, catalogue, vocabulary, rule: context.rule, documentsExplained: context.documentsExplained },
      query,
      topK,
      include,
    )
    if (lists.includes('experts')) result.experts = ranking.experts
    if (lists.includes('universities')) result.universities = ranking.universities
    queries.push(['experts', query], ['universities', query])
  }
  if (lists.includes('programmes')) {
    const query = buildQuery(counts, index.programmes.idf, weighting)
    result.programmes = rankProgrammes(index.programmes, query, catalogue.programmes.records, vocabulary, topK)
    queries.push(['programmes', query])
  }
  if (lists.includes('investors')) {
    const query = buildQuery(counts, index.investors.idf, weighting)
    const text = need.title === undefined ? need.text : `${need.title}。${need.text}`
    const amount = parseAmount(text)
    const ask = { ...(amount && { amount }), stages: parseStages(text), ...(need.region && { region: need.region }) }
    result.investors = rankInvestors(index.investors, query, catalogue.investors.records, vocabulary, topK, ask)
    queries.push(['investors', query])
  }
  const primary = queries.find(([list]) => list === lists[0])?.[1]
  if (primary) {
    result.rawQueryTerms = queryTerms(primary, vocabulary)
    result.queryTerms = credit.fold(result.rawQueryTerms)
  }
  for (const list of [result.experts, result.programmes, result.investors]) {
    for (const match of list) match.terms = credit.fold(match.rawTerms)
  }
  if (result[lists[0]!].length === 0) result.notes = emptyNotes(context, need, lists[0]!)
  return result
}

const NAMED_TERMS = 10
const ONE: Record<MatchList, string> = {
  experts: 'expert',
  universities: 'university',
  programmes: 'programme',
  investors: 'investor',
}

/** Why a need's primary list came back empty, in words the caller can act on. */
function emptyNotes(context: RouteContext, need: NeedObject, list: MatchList): string[] {
  if (context.catalogue[list].size === 0) return [`the catalogue has no ${list} yet`]
  const terms = context.profiles.needTerms(need)
  if (terms.length === 0) return ['the need has no terms once stop words and short numbers are dropped']
  // A term of removed records only stays in the vocabulary: unknown is what no record held now has.
  const unknown = [...new Set(terms)].filter(
    (term) => !heldByAny(context.index, context.profiles.vocabulary.idOf(term)),
  )
  const named = unknown.slice(0, NAMED_TERMS).join(', ') + (unknown.length > NAMED_TERMS ? ', …' : '')
  if (unknown.length === new Set(terms).size) return [`none of the need's terms is in the catalogue: ${named}`]
  return [`no ${ONE[list]} shares a term with the need${unknown.length > 0 ? `; unknown terms: ${named}` : ''}`]
}

/** True when some record of the catalogue, of any kind, holds the term with this id (-1: none). */
function heldByAny(index: BuiltIndex, term: number): boolean {
  if (term < 0) return false
  const { experts, descriptions, programmes, investors } = index
  return [experts, descriptions, programmes.collection, investors.collection].some((c) => c.df(term) > 0)
}

/** A query's terms with their weights, largest first (ties by term). */
function queryTerms(query: QueryVector, vocabulary: ProfileBuilder['vocabulary']): TermContribution[] {
  const terms = Array.from(query.termIds, (id, q) => ({ term: vocabulary.term(id), weight: query.weights[q]! }))
  return terms.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
}
