import { InvertedIndex, normalizeRange } from './inverted-index.js'

/**
 * One profile per group (a university) from its members' weighted profiles: the sum of the members'
 * unit vectors, so each member counts equally whatever its length, with each term scaled by its inverse
 * group frequency ln(1 + groups / groups using the term), then L2-normalised. Scoring a need against it is
 * the cosine with the group's centroid (Balog's "Model 1", next to the per-expert roll-up's "Model 2").
 *
 * @example
 * ```ts
 * const centroids = centroidIndex(expertIndex, expertUniversity, universityCount, vocabularySize)
 * ```
 */
export function centroidIndex(members: InvertedIndex, groupOf: Uint32Array, groups: number, vocabularySize: number): InvertedIndex {
  const { docOffsets, docTermIds, forwardWeights, documents } = members
  // Group the members' entries by group, then by term: a counting sort on (group, term) keys.
  const countPerGroup = new Uint32Array(groups + 1)
  for (let doc = 0; doc < documents; doc++) countPerGroup[groupOf[doc]! + 1]! += docOffsets[doc + 1]! - docOffsets[doc]!
  for (let g = 0; g < groups; g++) countPerGroup[g + 1]! += countPerGroup[g]!
  const cursor = countPerGroup.slice(0, groups)
  const terms = new Uint32Array(countPerGroup[groups]!)
  const weights = new Float64Array(terms.length)
  for (let doc = 0; doc < documents; doc++) {
    const g = groupOf[doc]!
    for (let e = docOffsets[doc]!; e < docOffsets[doc + 1]!; e++) {
      const slot = cursor[g]!++
      terms[slot] = docTermIds[e]!
      weights[slot] = forwardWeights[e]!
    }
  }
  const offsets = new Uint32Array(groups + 1)
  const mergedTerms: number[] = []
  const mergedWeights: number[] = []
  for (let g = 0; g < groups; g++) {
    const start = countPerGroup[g]!
    const end = countPerGroup[g + 1]!
    const order = Array.from({ length: end - start }, (_, i) => start + i).sort((a, b) => terms[a]! - terms[b]!)
    for (const slot of order) {
      const last = mergedTerms.length - 1
      if (last >= offsets[g]! && mergedTerms[last] === terms[slot]) mergedWeights[last]! += weights[slot]!
      else {
        mergedTerms.push(terms[slot]!)
        mergedWeights.push(weights[slot]!)
      }
    }
    offsets[g + 1] = mergedTerms.length
  }
  // Inverse group frequency: a term many groups share says little about which group fits.
  const groupFrequency = new Uint32Array(vocabularySize)
  for (const t of mergedTerms) groupFrequency[t]!++
  mergedTerms.forEach((t, i) => {
    mergedWeights[i]! *= Math.log(1 + groups / groupFrequency[t]!)
  })
  const forward = Float32Array.from(mergedWeights)
  for (let g = 0; g < groups; g++) normalizeRange(forward, offsets[g]!, offsets[g + 1]!)
  return new InvertedIndex(groups, offsets, Uint32Array.from(mergedTerms), forward, vocabularySize)
}
