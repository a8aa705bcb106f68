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
   * 1 + expertBoost · (its university's profile score / the best university's profile score).
   */
  expertBoost: number
  /**
   * The additive university prior λ: an expert who shares a term with the need gets λ · p_u on top, where
   * p_u is its university's share of a softmax over the universities' profile scores (see
   * {@link universityPriors}). 0 turns it off.
   */
  expertPrior: number
  /** The softmax temperature τ of the prior, relative to the best score: a rival at 0.9 · s* gets e^(−0.1/τ) of the leader's weight. */
  priorTemperature: number
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
 * Each university's score from its own profiles: Σ weight · score over the profiles (its description,
 * the centroid of its experts).
 *
 * @example
 * ```ts
 * universityProfileScores([{ scored: descriptionScores, weight: 1 }, { scored: centroidScores, weight: 1 }], 9)
 * ```
 */
export function universityProfileScores(profiles: readonly WeightedScores[], universityCount: number): Float64Array {
  const scores = new Float64Array(universityCount)
  for (const { scored, weight } of profiles) {
    for (let i = 0; i < scored.count; i++) {
      const u = scored.docs[i]!
      scores[u]! += weight * scored.scores[u]!
    }
  }
  return scores
}

/**
 * Adds the expert roll-up to the universities' profile scores: expertWeight · Σ decay^i · s_i over each
 * university's `expertsCounted` best experts among `ranked` (the need's best experts, best first, with
 * their text scores). With decay < 1 the expert sum is bounded by s_0 / (1 − decay), so ten weak experts
 * cannot outweigh two strong ones.
 *
 * @example
 * ```ts
 * // experts scoring 0.6 and 0.4, expertWeight 1, decay 0.5, profile score 0 → 0.6 + 0.2 = 0.8
 * ```
 */
export function rollUpExperts(
  ranked: readonly Ranked[],
  expertUniversity: Uint32Array,
  profileScores: Float64Array,
  rule: UniversityRule,
): UniversityScores {
  const scores = Float64Array.from(profileScores)
  const counted: number[][] = Array.from({ length: scores.length }, () => [])
  for (const { doc, score } of ranked) {
    const u = expertUniversity[doc]!
    const held = counted[u]!
    if (held.length >= rule.expertsCounted) continue
    scores[u]! += rule.expertWeight * rule.decay ** held.length * score
    held.push(doc)
  }
  return { scores, experts: counted }
}

/**
 * The additive prior of each university's experts: λ · p_u, with p_u = exp((s_u − s*) / (τ · s*)) normalised
 * over the universities that have experts, s_u their profile scores and s* the best of them. Scale-free: it
 * depends on how close a university comes to the best, not on the size of the scores. All zero when λ is 0
 * or no university scores above 0.
 *
 * @example
 * ```ts
 * universityPriors(Float64Array.of(0.5, 0.45, 0), Uint32Array.of(3, 2, 1), 0.1, 0.1)
 * // ≈ [0.0731, 0.0269, 0.0000]: the rival at 0.9 · s* gets e⁻¹ of the leader's weight
 * ```
 */
export function universityPriors(
  profileScores: Float64Array,
  expertsPerUniversity: Uint32Array,
  weight: number,
  temperature: number,
): Float64Array {
  const priors = new Float64Array(profileScores.length)
  let best = 0
  for (let u = 0; u < profileScores.length; u++) {
    if (expertsPerUniversity[u]! > 0 && profileScores[u]! > best) best = profileScores[u]!
  }
  if (weight === 0 || !(best > 0)) return priors
  let total = 0
  for (let u = 0; u < profileScores.length; u++) {
    if (expertsPerUniversity[u] === 0) continue
    // The ratio first: τ · s* would underflow to 0 for a tiny best score, s_u / s* cannot.
    priors[u] = Math.exp((profileScores[u]! / best - 1) / temperature)
    total += priors[u]!
  }
  for (let u = 0; u < priors.length; u++) priors[u] = (weight * priors[u]!) / total
  return priors
}
