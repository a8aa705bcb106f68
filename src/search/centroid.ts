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
  const { postings } = members
  const vocabularySize = postings.vocabularySize
  const docs = new Uint32Array(postings.documents)
  // A term has at most min(df, groups) entries: an upper bound for the output buffers.
  let capacity = 0
  for (let t = 0; t < vocabularySize; t++) capacity += Math.min(postings.df(t), groups)
  const outGroups = new Uint32Array(capacity)
  const outWeights = new Float64Array(capacity)
  const offsets = new Uint32Array(vocabularySize + 1)
  const sums = new Float64Array(groups)
  const lastTerm = new Int32Array(groups).fill(-1)
  const touched = new Uint32Array(groups)
  const squares = new Float64Array(groups)
  let size = 0
  for (let t = 0; t < vocabularySize; t++) {
    let count = 0
    const start = postings.start(t)
    const df = postings.docsOf(t, docs)
    for (let i = 0; i < df; i++) {
      const g = groupOf[docs[i]!]!
      if (lastTerm[g] !== t) {
        lastTerm[g] = t
        sums[g] = 0
        touched[count++] = g
      }
      sums[g]! += members.weights[start + i]!
    }
    // A term many groups share says little about which group fits.
    const inverseGroupFrequency = Math.log(1 + groups / Math.max(1, count))
    const list = touched.subarray(0, count).sort()
    for (let i = 0; i < count; i++) {
      const g = list[i]!
      const w = sums[g]! * inverseGroupFrequency
      outGroups[size] = g
      outWeights[size++] = w
      squares[g]! += w * w
    }
    offsets[t + 1] = size
  }
  const values = new Float32Array(size)
  for (let i = 0; i < size; i++) values[i] = outWeights[i]! / Math.sqrt(squares[outGroups[i]!]!)
  return Postings.of(groups, offsets, outGroups.subarray(0, size), values)
}
