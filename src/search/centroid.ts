import type { ScoringModel } from './model.js'
import { shared } from '../memory.js'
import { type Parallel, SERIAL, splitRange } from './kernels.js'
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
export function centroidPostings(
  members: ScoringModel,
  groupOf: Uint32Array,
  groups: number,
  parallel: Parallel = SERIAL,
): Postings {
  const { postings, weights } = members
  const { vocabularySize, spans, docs, segments } = postings
  // A term has at most min(df, groups) entries: each term's room in the output buffers.
  const room = new Float64Array(vocabularySize + 1)
  for (let t = 0; t < vocabularySize; t++) room[t + 1] = room[t]! + Math.min(postings.df(t), groups)
  const outGroups = shared(Uint32Array, room[vocabularySize]!)
  const outWeights = shared(Float64Array, room[vocabularySize]!)
  const termSizes = shared(Uint32Array, vocabularySize)
  const terms = splitRange(vocabularySize, parallel.parts, (t) => spans[t * segments]!)
  const sharedGroupOf = groupOf.buffer instanceof SharedArrayBuffer ? groupOf : copyShared(groupOf)
  parallel.run(
    'centroidSums',
    terms.slice(1).map((termTo, k) => ({
      spans,
      docs,
      weights,
      groupOf: sharedGroupOf,
      outGroups,
      outWeights,
      termSizes,
      termFrom: terms[k]!,
      termTo,
      segments,
      groups,
      outBase: room[terms[k]!]!,
    })),
  )
  // The parts' entries end to end in term order, then each group's length over all terms, in that order.
  const offsets = new Uint32Array(vocabularySize + 1)
  const squares = new Float64Array(groups)
  let size = 0
  for (let k = 0; k + 1 < terms.length; k++) {
    let from = room[terms[k]!]!
    for (let t = terms[k]!; t < terms[k + 1]!; t++) {
      for (let i = 0; i < termSizes[t]!; i++, from++) {
        const w = outWeights[from]!
        outGroups[size] = outGroups[from]!
        outWeights[size++] = w
        squares[outGroups[from]!]! += w * w
      }
      offsets[t + 1] = size
    }
  }
  const values = new Float32Array(size)
  for (let i = 0; i < size; i++) values[i] = outWeights[i]! / Math.sqrt(squares[outGroups[i]!]!)
  return Postings.of(groups, offsets, outGroups.subarray(0, size), values)
}

function copyShared(array: Uint32Array): Uint32Array {
  const copy = shared(Uint32Array, array.length)
  copy.set(array)
  return copy
}
