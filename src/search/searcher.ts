import type { Catalogue } from '../catalogue.js'
import type { Vocabulary } from '../profile/vocabulary.js'
import { type UniversityRule, rollUpExperts, universityPriors, universityProfileScores } from './aggregate.js'
import type { TermContribution } from './explain.js'
import type { BuiltIndex } from './match-index.js'
import type { QueryVector } from './query.js'
import { TopK } from './topk.js'

/** A ranked expert and the need terms behind its score. */
export interface ExpertMatch {
  id: string
  universityId: string
  /** `textScore · boost + prior`: what experts are ranked by. */
  score: number
  /**
   * The need's words behind the score, largest first; their weights add up to `score − prior`, the text part
   * (`textScore · boost`): the university's prior is not a word of the need.
   */
  terms: TermContribution[]
  /** The same, as the index terms that matched (character bigrams such as 关柜 among them). */
  rawTerms: TermContribution[]
  /** How well the expert's own profile matches the need (cosine under TF-IDF). */
  textScore: number
  /** 1 + expertBoost · (its university's score / the best university's score); see `DEFAULTS.university`. */
  boost: number
  /** The additive prior of its university, λ · p_u (`DEFAULTS.university.expertPrior`); `terms` add up to `score − prior`. */
  prior: number
  /**
   * Its documents that best match the need, best first: `score` is the document's weight in the expert's
   * profile (kind, age) times its own match with the need. Empty for an expert without documents.
   */
  documents: Array<{ id: string; score: number }>
}

/** A ranked university and the experts whose evidence counted. */
export interface UniversityMatch {
  id: string
  score: number
  /** Ids of its counted experts, best first. */
  experts: string[]
}

/** The ranked lists for one query. */
export interface Ranking {
  experts: ExpertMatch[]
  universities: UniversityMatch[]
}

/** What a ranking reads: the built index, the records it names, and the vocabulary its terms come from. */
export interface SearchContext {
  index: BuiltIndex
  catalogue: Catalogue
  vocabulary: Vocabulary
  rule: UniversityRule
  /** How many of an expert's documents its match lists (`DEFAULTS.documents.explained`). */
  documentsExplained: number
}

/**
 * The ranking stage (the collector): turns a query into ranked experts and universities with their
 * explanations. Universities' own profiles are scored first (small collections) and set the boost and the
 * prior of their experts; experts are then ranked by text score × boost + prior in one pruned pass; the best
 * `depth` of them feed the universities' expert roll-up, so university scores do not depend on `topK`. Experts
 * in `include` (docs) that miss the top k are scored one by one and follow it.
 *
 * @example
 * ```ts
 * const ranking = rank({ index: built, catalogue, vocabulary, rule: DEFAULTS.university, documentsExplained: 3 }, query, 10, [])
 * ranking.experts[0] // { id, universityId, score, terms, rawTerms, textScore, boost, prior, documents }
 * ```
 */
export function rank(context: SearchContext, query: QueryVector, topK: number, include: readonly number[]): Ranking {
  const { index, catalogue, vocabulary, rule } = context
  const experts = catalogue.experts.records
  const universityOf = index.expertUniversity
  const expertBefore = (a: number, b: number) => experts[a]!.id < experts[b]!.id

  const profileScores = universityProfileScores(
    [
      { scored: index.descriptions.scoreAll(query), weight: rule.descriptionWeight },
      { scored: index.centroids.scoreAll(query), weight: rule.centroidWeight },
    ],
    catalogue.universities.size,
  )
  const boosts = universityBoosts(profileScores, rule.expertBoost)
  const priors = universityPriors(profileScores, index.expertsPerUniversity, rule.expertPrior, rule.priorTemperature)
  const ranked = index.experts.top(query, Math.max(topK, rule.depth), expertBefore, {
    groupOf: universityOf,
    factors: boosts,
    offsets: priors,
  })
  const textOf = (doc: number, score: number) => (score - priors[universityOf[doc]!]!) / boosts[universityOf[doc]!]!
  const withText = ranked.map(({ doc, score }) => ({ doc, score: textOf(doc, score) }))
  const universityScores = rollUpExperts(withText.slice(0, rule.depth), universityOf, profileScores, rule)

  const top = ranked.slice(0, topK).map(({ doc, score }, i) => ({ doc, score, text: withText[i]!.score }))
  const inTop = new Set(top.map(({ doc }) => doc))
  const extra = include
    .filter((doc) => !inTop.has(doc))
    .map((doc) => {
      const text = index.experts.scoreOf(doc, query)
      const u = universityOf[doc]!
      return { doc, text, score: text > 0 ? text * boosts[u]! + priors[u]! : 0 }
    })
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || (expertBefore(a.doc, b.doc) ? -1 : 1))
  const expertMatches = [...top, ...extra].map(({ doc, score, text }) => {
    const boost = boosts[universityOf[doc]!]!
    const terms = index.experts.explain(doc, query, vocabulary, boost)
    return {
      id: experts[doc]!.id,
      universityId: experts[doc]!.universityId,
      score,
      terms,
      rawTerms: terms,
      textScore: text,
      boost,
      prior: priors[universityOf[doc]!]!,
      documents: bestDocuments(context, doc, query),
    }
  })

  const universities = catalogue.universities.records
  const topUniversities = new TopK(topK, (a, b) => universities[a]!.id < universities[b]!.id)
  universityScores.scores.forEach((score, u) => score > 0 && topUniversities.offer(u, score))
  const universityMatches = topUniversities.sorted().map(({ doc, score }) => ({
    id: universities[doc]!.id,
    score,
    experts: universityScores.experts[doc]!.map((e) => experts[e]!.id),
  }))

  return { experts: expertMatches, universities: universityMatches }
}

/** Per university, the factor its experts' scores are multiplied by: 1 + boost · score / best score. */
function universityBoosts(scores: Float64Array, boost: number): Float64Array {
  let best = 0
  for (const score of scores) if (score > best) best = score
  return scores.map((score) => (best > 0 ? 1 + (boost * score) / best : 1))
}

/** The expert's documents that best match the query, by weight × their own match; ties by id. */
function bestDocuments({ index, catalogue, documentsExplained }: SearchContext, expert: number, query: QueryVector) {
  const records = catalogue.documents.records
  return catalogue
    .documentsOf(expert)
    .map((d) => ({ id: records[d]!.id, score: index.documentWeights[d]! * index.documents.scoreOf(d, query) }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, documentsExplained)
}
