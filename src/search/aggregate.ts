import type { ScoredDocuments } from './scorer.js'
import { TopK } from './topk.js'

/** How expert evidence and a university's own description combine into its score. */
export interface UniversityRule {
  /** Weight of the need's cosine with the university's own description. */
  descriptionWeight: number
  /** How many of its best-matching experts count. */
  expertsCounted: number
  /** The i-th best expert (from 0) counts decay^i times its score. */
  decay: number
}

/** Universities' scores and, for each, its counted experts best first (document indices). */
export interface UniversityScores {
  scores: Float64Array
  experts: number[][]
}

/**
 * Scores universities for one need: `descriptionWeight · description score + Σ decay^i · s_i` over the
 * university's `expertsCounted` best experts. With decay < 1 the sum is bounded by
 * s_0 / (1 − decay), so ten weak experts cannot outweigh two strong ones.
 *
 * @example
 * ```ts
 * // one university, experts scoring 0.6 and 0.4, decay 0.5 → 0.6 + 0.2 = 0.8
 * ```
 */
export function scoreUniversities(
  experts: ScoredDocuments,
  expertUniversity: Uint32Array,
  descriptions: ScoredDocuments | undefined,
  universityCount: number,
  rule: UniversityRule,
  expertBefore: (a: number, b: number) => boolean,
): UniversityScores {
  const heaps: Array<TopK | undefined> = new Array(universityCount)
  for (let i = 0; i < experts.count; i++) {
    const doc = experts.docs[i]!
    const score = experts.scores[doc]!
    if (score <= 0) continue
    const university = expertUniversity[doc]!
    const heap = (heaps[university] ??= new TopK(rule.expertsCounted, expertBefore))
    heap.offer(doc, score)
  }
  const scores = new Float64Array(universityCount)
  const counted: number[][] = Array.from({ length: universityCount }, () => [])
  for (let u = 0; u < universityCount; u++) {
    const heap = heaps[u]
    if (!heap) continue
    let factor = 1
    for (const { item, score } of heap.sorted()) {
      scores[u]! += factor * score
      counted[u]!.push(item)
      factor *= rule.decay
    }
  }
  if (descriptions && rule.descriptionWeight !== 0) {
    for (let i = 0; i < descriptions.count; i++) {
      const u = descriptions.docs[i]!
      scores[u]! += rule.descriptionWeight * descriptions.scores[u]!
    }
  }
  return { scores, experts: counted }
}
