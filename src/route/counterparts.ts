import type { InvestmentStage, InvestorInput, InvestorType, ProgrammeInput, Degree } from '../schema.js'
import type { Vocabulary } from '../profile/vocabulary.js'
import type { TermContribution } from '../search/explain.js'
import type { Weighed } from '../search/match-index.js'
import type { QueryVector } from '../search/query.js'

/** A ranked degree programme and the need terms behind its score. */
export interface ProgrammeMatch {
  id: string
  universityId: string
  name: string
  degree: Degree
  /** How well the programme's name and description match the need (cosine under TF-IDF). */
  score: number
  /** The need's words behind the score, largest first; their weights add up to `score`. */
  terms: TermContribution[]
  /** The same, as the index terms that matched (character bigrams such as 关柜 among them). */
  rawTerms: TermContribution[]
}

/** A ranked investor, the terms behind its score, and whether its rules fit the need. */
export interface InvestorMatch {
  id: string
  name: string
  type: InvestorType
  /** How well the investor's focus and description match the need (cosine under TF-IDF). */
  score: number
  /** The need's words behind the score, largest first; their weights add up to `score`. */
  terms: TermContribution[]
  /** The same, as the index terms that matched (character bigrams such as 关柜 among them). */
  rawTerms: TermContribution[]
  /** False when its ticket, regions or stages rule it out; such investors follow every one that fits. */
  fits: boolean
  /** Why it does not fit, one line per rule: `ticket 500–2000万元 < 3000万元`. */
  reasons: string[]
}

/** What a financing need asks for, read from its text and fields; absent parts constrain nothing. */
export interface FinancingAsk {
  /** The amount, in 万元. */
  amount?: { min: number; max: number }
  stages: readonly InvestmentStage[]
  region?: string
}

/**
 * The `topK` programmes that best match the query, best first (ties by id).
 *
 * @example
 * ```ts
 * rankProgrammes(built.programmes, query, catalogue.programmes.records, vocabulary, 5) // [{ id, name, degree, score, terms }]
 * ```
 */
export function rankProgrammes(
  programmes: Weighed,
  query: QueryVector,
  records: readonly ProgrammeInput[],
  vocabulary: Vocabulary,
  topK: number,
): ProgrammeMatch[] {
  const before = (a: number, b: number) => records[a]!.id < records[b]!.id
  return programmes.collection.top(query, topK, before).map(({ doc, score }) => {
    const p = records[doc]!
    const terms = programmes.collection.explain(doc, query, vocabulary)
    return { id: p.id, universityId: p.universityId, name: p.name, degree: p.degree, score, terms, rawTerms: terms }
  })
}

/**
 * Investors that match the query, those whose rules fit the ask first, then by score (ties by id); the
 * first `topK`. The pruned scorer finds the best investors by text; when fewer than `topK` of them fit,
 * it looks deeper (4× each time) until enough fit or every investor the query touches is in view, so
 * one that fits is never crowded out by better-matching ones that do not.
 *
 * @example
 * ```ts
 * rankInvestors(built.investors, query, catalogue.investors.records, vocabulary, 5, { amount: { min: 3000, max: 3000 }, stages: [] })
 * ```
 */
export function rankInvestors(
  investors: Weighed,
  query: QueryVector,
  records: readonly InvestorInput[],
  vocabulary: Vocabulary,
  topK: number,
  ask: FinancingAsk,
): InvestorMatch[] {
  const before = (a: number, b: number) => records[a]!.id < records[b]!.id
  let depth = Math.max(2 * topK, topK + 8)
  let ranked: Array<{ doc: number; score: number; reasons: string[] }>
  for (;;) {
    const top = investors.collection.top(query, depth, before)
    ranked = top.map(({ doc, score }) => ({ doc, score, reasons: investorReasons(records[doc]!, ask) }))
    const fitting = ranked.filter((r) => r.reasons.length === 0).length
    if (fitting >= topK || top.length < depth) break
    depth *= 4
  }
  const shown = [...ranked.filter((r) => r.reasons.length === 0), ...ranked.filter((r) => r.reasons.length > 0)]
  return shown.slice(0, topK).map(({ doc, score, reasons }) => {
    const investor = records[doc]!
    const terms = investors.collection.explain(doc, query, vocabulary)
    return {
      id: investor.id,
      name: investor.name,
      type: investor.type,
      score,
      terms,
      rawTerms: terms,
      fits: reasons.length === 0,
      reasons,
    }
  })
}

/**
 * Why an investor cannot meet an ask: its ticket range does not reach the amount, its regions leave out
 * the enterprise's, or its stages leave out the ones asked for. Empty when it fits. Regions match when one
 * names the other (`江苏常熟` and `常熟`); the library knows no map, so `苏州` does not cover `常熟`.
 *
 * @example
 * ```ts
 * investorReasons({ id: 'v1', name: '创投', type: 'venture-capital', focus: ['储能'], ticket: { min: 500, max: 2000 } }, { amount: { min: 3000, max: 3000 }, stages: [] })
 * // ['ticket 500–2000万元 < 3000万元']
 * ```
 */
export function investorReasons(investor: InvestorInput, ask: FinancingAsk): string[] {
  const reasons: string[] = []
  const { ticket, regions, stages } = investor
  if (ticket && ask.amount) {
    const range = `ticket ${formatAmount(ticket.min)}–${formatAmount(ticket.max)}万元`
    const asked =
      ask.amount.min === ask.amount.max
        ? formatAmount(ask.amount.min)
        : `${formatAmount(ask.amount.min)}–${formatAmount(ask.amount.max)}`
    if (ticket.max < ask.amount.min) reasons.push(`${range} < ${asked}万元`)
    else if (ticket.min > ask.amount.max) reasons.push(`${range} > ${asked}万元`)
  }
  if (regions && regions.length > 0 && ask.region) {
    const region = ask.region
    if (!regions.some((r) => r.includes(region) || region.includes(r)))
      reasons.push(`regions ${regions.join('、')} leave out ${region}`)
  }
  if (stages && stages.length > 0 && ask.stages.length > 0 && !ask.stages.some((s) => stages.includes(s))) {
    reasons.push(`stages ${stages.join(', ')} leave out ${ask.stages.join(', ')}`)
  }
  return reasons
}

/** 1500 → '1500', 1.5e4 → '15000'; at most two decimals. */
function formatAmount(amount: number): string {
  return String(Math.round(amount * 100) / 100)
}
