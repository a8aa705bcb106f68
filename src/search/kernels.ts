/**
 * The index build's passes over every posting, written as kernels over a range (of documents or of terms)
 * so that a large build can run them on several threads, each on its own range of shared arrays. A kernel
 * reads only its arguments and writes only its range's part of the outputs, in the same order and with the
 * same arithmetic as one pass over the whole: a build split into parts gives the same bytes as one part.
 */
import type { Numbers } from '../memory.js'

/** Doc ids are stored as their low 16 bits, in segments of 65,536 documents each. */
export const SEGMENT_BITS = 16
const LOW_BITS = (1 << SEGMENT_BITS) - 1

/**
 * A kernel's arguments: typed arrays (shared between threads when split) and numbers. A worker thread adds
 * `progress` (its shared signal) and `progressIndex`, where the kernel counts its progress.
 */
export type KernelArgs = Record<string, Numbers | number>

/** Counts progress every 4,096 steps in the signal a thread was given, so a long part is not taken for a stalled one. */
function ticker(a: KernelArgs): () => void {
  const progress = a.progress as Int32Array | undefined
  if (!progress) return () => {}
  const index = a.progressIndex as number
  let steps = 0
  return () => {
    if ((++steps & 4095) === 0) Atomics.add(progress, index, 1)
  }
}

/**
 * Counts the new documents' entries per cell (term, segment): `counts[term · segments + segment]` gains one
 * for each entry of documents [docFrom, docTo) of a profile store, whose document `doc` is index doc
 * `first + doc`.
 */
function countCells(a: KernelArgs): void {
  const { termIds, offsets, counts } = a as { termIds: Uint32Array; offsets: Uint32Array; counts: Uint32Array }
  const { docFrom, docTo, first, segments } = a as { docFrom: number; docTo: number; first: number; segments: number }
  // From zero, so that a part a failed thread began can be run again.
  counts.fill(0)
  const tick = ticker(a)
  for (let doc = docFrom; doc < docTo; doc++) {
    tick()
    const segment = (first + doc) >>> SEGMENT_BITS
    const end = offsets[doc + 1]!
    for (let e = offsets[doc]!; e < end; e++) counts[termIds[e]! * segments + segment]!++
  }
}

/**
 * Writes the postings of documents [docFrom, docTo) of a profile store: each entry goes to the next slot of
 * its cell, from `cursor` (this range's first slot per cell, not changed), with its doc's low bits and its
 * value code.
 */
function scatter(a: KernelArgs): void {
  const { termIds, offsets, entryCodes, cursor, docs, codes } = a as {
    termIds: Uint32Array
    offsets: Uint32Array
    entryCodes: Uint16Array
    cursor: Uint32Array
    docs: Uint16Array
    codes: Uint8Array | Uint16Array
  }
  const { docFrom, docTo, first, segments } = a as { docFrom: number; docTo: number; first: number; segments: number }
  const at = cursor.slice()
  const tick = ticker(a)
  for (let doc = docFrom; doc < docTo; doc++) {
    tick()
    const segment = (first + doc) >>> SEGMENT_BITS
    const low = (first + doc) & LOW_BITS
    const end = offsets[doc + 1]!
    for (let e = offsets[doc]!; e < end; e++) {
      const slot = at[termIds[e]! * segments + segment]!++
      docs[slot] = low
      codes[slot] = entryCodes[e]!
    }
  }
}

/** First posting of `cell` naming a doc at or above `doc` (docs ascend within a cell). */
function lowerBound(spans: Uint32Array, docs: Uint16Array, cell: number, low: number): number {
  let lo = spans[cell]!
  let hi = spans[cell + 1]!
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (docs[mid]! < low) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * TF-IDF's document factors for documents [docFrom, docTo): `out[d]` = 1 / ‖d's profile‖, the squares
 * added term by term in term order (as one pass over all documents adds them), 0 for an empty profile.
 * `coded` 1: a posting's value is `palette[codes[p]]`; 0: `palette[p]`.
 */
function docFactors(a: KernelArgs): void {
  const { spans, docs, codes, palette, idf, out } = a as {
    spans: Uint32Array
    docs: Uint16Array
    codes: Uint8Array | Uint16Array
    palette: Float32Array
    idf: Float64Array
    out: Float64Array
  }
  const { docFrom, docTo, segments, vocabularySize, coded } = a as {
    docFrom: number
    docTo: number
    segments: number
    vocabularySize: number
    coded: number
  }
  if (docTo <= docFrom) return
  out.fill(0, docFrom, docTo)
  const firstSegment = docFrom >>> SEGMENT_BITS
  const lastSegment = (docTo - 1) >>> SEGMENT_BITS
  const tick = ticker(a)
  for (let t = 0; t < vocabularySize; t++) {
    tick()
    const termIdf = idf[t]!
    for (let s = firstSegment; s <= lastSegment; s++) {
      const cell = t * segments + s
      const base = s << SEGMENT_BITS
      const from = docFrom > base ? lowerBound(spans, docs, cell, docFrom - base) : spans[cell]!
      const to = docTo < base + (1 << SEGMENT_BITS) ? lowerBound(spans, docs, cell, docTo - base) : spans[cell + 1]!
      for (let p = from; p < to; p++)
        out[base + docs[p]!]! += ((coded ? palette[codes[p]!]! : palette[p]!) * termIdf) ** 2
    }
  }
  for (let d = docFrom; d < docTo; d++) out[d] = out[d]! > 0 ? 1 / Math.sqrt(out[d]!) : 0
}

/**
 * The weights of terms [termFrom, termTo)'s postings and each such term's largest weight: `idf · value ·
 * factor` when `normalize` is 1 (TF-IDF), else BM25's `idf · value · saturation / (value + factor)`.
 */
function weigh(a: KernelArgs): void {
  const { spans, docs, codes, palette, idf, docFactor, weights, termMax } = a as {
    spans: Uint32Array
    docs: Uint16Array
    codes: Uint8Array | Uint16Array
    palette: Float32Array
    idf: Float64Array
    docFactor: Float64Array
    weights: Float32Array
    termMax: Float32Array
  }
  const { termFrom, termTo, segments, normalize, saturation, coded } = a as {
    termFrom: number
    termTo: number
    segments: number
    normalize: number
    saturation: number
    coded: number
  }
  const tick = ticker(a)
  for (let t = termFrom, cell = termFrom * segments; t < termTo; t++) {
    tick()
    const termIdf = idf[t]!
    let max = 0
    for (let base = 0; base < segments << SEGMENT_BITS; base += 1 << SEGMENT_BITS, cell++) {
      for (let p = spans[cell]!; p < spans[cell + 1]!; p++) {
        const value = coded ? palette[codes[p]!]! : palette[p]!
        const factor = docFactor[base + docs[p]!]!
        const w = (weights[p] = normalize
          ? termIdf * value * factor
          : (termIdf * value * saturation) / (value + factor))
        if (w > max) max = w
      }
    }
    termMax[t] = max
  }
}

/**
 * For each term in [termFrom, termTo): the sum of its members' weights per group (in doc order), times the
 * term's inverse group frequency ln(1 + groups / groups using it), groups ascending. Term t's entries go to
 * `outGroups`/`outWeights` from `outBase` on, after the range's earlier terms; `termSizes[t]` is their number.
 */
function centroidSums(a: KernelArgs): void {
  const { spans, docs, weights, groupOf, outGroups, outWeights, termSizes } = a as {
    spans: Uint32Array
    docs: Uint16Array
    weights: Float32Array
    groupOf: Uint32Array
    outGroups: Uint32Array
    outWeights: Float64Array
    termSizes: Uint32Array
  }
  const { termFrom, termTo, segments, groups, outBase } = a as {
    termFrom: number
    termTo: number
    segments: number
    groups: number
    outBase: number
  }
  const sums = new Float64Array(groups)
  const lastTerm = new Int32Array(groups).fill(-1)
  const touched = new Uint32Array(groups)
  let size = outBase
  const tick = ticker(a)
  for (let t = termFrom; t < termTo; t++) {
    tick()
    let count = 0
    for (let s = 0, cell = t * segments; s < segments; s++, cell++) {
      const base = s << SEGMENT_BITS
      for (let p = spans[cell]!; p < spans[cell + 1]!; p++) {
        const g = groupOf[base + docs[p]!]!
        if (lastTerm[g] !== t) {
          lastTerm[g] = t
          sums[g] = 0
          touched[count++] = g
        }
        sums[g]! += weights[p]!
      }
    }
    // A term many groups share says little about which group fits.
    const inverseGroupFrequency = Math.log(1 + groups / Math.max(1, count))
    const list = touched.subarray(0, count).sort()
    for (let i = 0; i < count; i++) {
      const g = list[i]!
      outGroups[size] = g
      outWeights[size++] = sums[g]! * inverseGroupFrequency
    }
    termSizes[t] = count
  }
}

/** The kernels by name: what a worker thread is asked to run. */
export const KERNELS = { countCells, scatter, docFactors, weigh, centroidSums } as const

/** A kernel's name. */
export type KernelName = keyof typeof KERNELS

/**
 * Runs a kernel's parts: all on this thread, or spread over worker threads. `parts` says how many parts
 * are worth making (1: do not split).
 *
 * @example
 * ```ts
 * const store = new ProfileStore()
 * store.add({ ids: Uint32Array.of(0, 2), tfs: Float32Array.of(1, 1) })
 * const counts = new Uint32Array(3)
 * const serial: Parallel = SERIAL
 * serial.run('countCells', [{ termIds: store.termIds, offsets: store.offsets, counts, docFrom: 0, docTo: 1, first: 0, segments: 1 }])
 * counts // [1, 0, 1]
 * ```
 */
export interface Parallel {
  readonly parts: number
  run(kernel: KernelName, parts: readonly KernelArgs[]): void
}

/**
 * Every part on this thread, one after the other.
 *
 * @example
 * ```ts
 * SERIAL.parts // 1
 * ```
 */
export const SERIAL: Parallel = Object.freeze({
  parts: 1,
  run(kernel: KernelName, parts: readonly KernelArgs[]): void {
    for (const part of parts) KERNELS[kernel](part)
  },
})

/** True when every typed array among the arguments is over shared memory: the parts can go to threads. */
export function allShared(parts: readonly KernelArgs[]): boolean {
  for (const part of parts) {
    for (const value of Object.values(part)) {
      if (typeof value !== 'number' && !(value.buffer instanceof SharedArrayBuffer)) return false
    }
  }
  return true
}

/**
 * `count` items split into `parts` ranges [bounds[k], bounds[k + 1]) of about equal weight, where
 * `cumulative(i)` is the weight of items before i (non-decreasing, `cumulative(0)` = 0).
 *
 * @example
 * ```ts
 * splitRange(10, 2, (i) => i) // [0, 5, 10]
 * ```
 */
export function splitRange(count: number, parts: number, cumulative: (i: number) => number): number[] {
  const total = cumulative(count)
  const bounds = [0]
  for (let k = 1; k < parts; k++) {
    const target = (total * k) / parts
    let lo = bounds[k - 1]!
    let hi = count
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cumulative(mid) < target) lo = mid + 1
      else hi = mid
    }
    bounds.push(lo)
  }
  bounds.push(count)
  return bounds
}
