import type { ScoringModel } from './model.js'
import { Postings } from './postings.js'

/**
 * One profile per group (a university) from its members' weighted profiles: the sum of the members'
 * unit vectors, so each member counts equally whatever its length, with each term scaled by its inverse
 * group frequency ln(1 + groups / groups using the term), then L2-normalised. Scoring a need against it is
 * the cosine with the group's centroid (Balog's "Model 1", next to the per-expert roll-up's "Model 2").
 * The result's values are final weights: score it with `ScoringModel.plain`.
 *
 * @example
 * ```ts
 * const centroids = ScoringModel.plain(centroidPostings(expertModel, expertUniversity, universityCount))
 * ```
 */
export function centroidPostings(members: ScoringModel, groupOf: Uint32Array, groups: number): Postings {
  const { termOffsets, docs } = members.postings
  const vocabularySize = members.postings.vocabularySize
  const sums = new Float64Array(groups)
  const lastTerm = new Int32Array(groups).fill(-1)
  const squares = new Float64Array(groups)
  const offsets = new Uint32Array(vocabularySize + 1)
  const outGroups: number[] = []
  const outWeights: number[] = []
  for (let t = 0; t < vocabularySize; t++) {
    const touched: number[] = []
    for (let p = termOffsets[t]!; p < termOffsets[t + 1]!; p++) {
      const g = groupOf[docs[p]!]!
      if (lastTerm[g] !== t) {
        lastTerm[g] = t
        sums[g] = 0
        touched.push(g)
      }
      sums[g]! += members.weight(t, p)
    }
    // A term many groups share says little about which group fits.
    const inverseGroupFrequency = Math.log(1 + groups / Math.max(1, touched.length))
    touched.sort((a, b) => a - b)
    for (const g of touched) {
      const w = sums[g]! * inverseGroupFrequency
      outGroups.push(g)
      outWeights.push(w)
      squares[g]! += w * w
    }
    offsets[t + 1] = outGroups.length
  }
  const values = Float32Array.from(outWeights, (w, i) => w / Math.sqrt(squares[outGroups[i]!]!))
  return new Postings(groups, offsets, Uint32Array.from(outGroups), values, new Float32Array(groups))
}
