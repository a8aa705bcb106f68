import type { Vocabulary } from '../profile/vocabulary.js'
import type { ScoringModel } from './model.js'
import type { QueryVector } from './query.js'

/** One term's share of a match score. */
export interface TermContribution {
  term: string
  weight: number
}

/**
 * The need's terms that contributed to document `doc`'s score, largest first (ties by term). Each weight is
 * queryWeight · profileWeight · scale, so the weights add up to the document's score times `scale`.
 *
 * @example
 * ```ts
 * explain(model, doc, query, vocabulary) // [{ term: '局部放电', weight: 0.31 }, { term: '开关柜', weight: 0.12 }]
 * ```
 */
export function explain(
  model: ScoringModel,
  doc: number,
  query: QueryVector,
  vocabulary: Vocabulary,
  scale = 1,
): TermContribution[] {
  const terms: TermContribution[] = []
  for (let q = 0; q < query.termIds.length; q++) {
    const termId = query.termIds[q]!
    const weight = query.weights[q]! * model.weightOf(termId, doc) * scale
    if (weight > 0) terms.push({ term: vocabulary.term(termId), weight })
  }
  return terms.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
}
