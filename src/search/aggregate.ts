import type { Ranked, ScoredDocuments } from './scorer.js'

/** How expert evidence and a university's own profiles combine into its score. */
export interface UniversityRule {
  /** Weight of the need's cosine with the university's own description. */
  descriptionWeight: number
  /** Weight of the need's cosine with the centroid of the university's expert profiles. */
  centroidWeight: number
  /** Weight of the decayed sum over the university's best-matching experts. */
  expertWeight: number
  /** How many of its best-matching experts count. */
  expertsCounted: number
  /** The i-th best expert (from 0) counts decay^i times its score. */
  decay: number
  /** The roll-up looks at the need's `depth` best experts. */
  depth: number
  /**
   * How much a well-matching university lifts its experts: an expert's score is multiplied by
   * 1 + expertBoost · (its university's score / the best university's score).
   */
  expertBoost: number
}

/** Scores of a university-level profile (description, expert centroid) and the weight they count with. */
export interface WeightedScores {
  scored: ScoredDocuments
  weight: number
}

/** Universities' scores and, for each, its counted experts best first (document indices). */
export interface UniversityScores {
  scores: Float64Array
  experts: number[][]
}

/**
 * Scores universities for one need: Σ weight · profile score over the university-level profiles, plus
 * expertWeight · Σ decay^i · s_i over each university's `expertsCounted` best experts among `ranked`
 * (the need's best experts, best first). With decay < 1 the expert sum is bounded by s_0 / (1 − decay),
 * so ten weak experts cannot outweigh two strong ones.
 *
 * @example
 * ```ts
 * // experts scoring 0.6 and 0.4, expertWeight 1, decay 0.5, no profiles → 0.6 + 0.2 = 0.8
 * ```
 */
export function scoreUniversities(
  ranked: readonly Ranked[],
  expertUniversity: Uint32Array,
  profiles: readonly WeightedScores[],
  universityCount: number,
  rule: UniversityRule,
): UniversityScores {
  const scores = new Float64Array(universityCount)
  const counted: number[][] = Array.from({ length: universityCount }, () => [])
  for (const { item, score } of ranked) {
    const u = expertUniversity[item]!
    const held = counted[u]!
    if (held.length >= rule.expertsCounted) continue
    scores[u]! += rule.expertWeight * rule.decay ** held.length * score
    held.push(item)
  }
  for (const { scored, weight } of profiles) {
    for (let i = 0; i < scored.count; i++) {
      const u = scored.docs[i]!
      scores[u]! += weight * scored.scores[u]!
    }
  }
  return { scores, experts: counted }
}
