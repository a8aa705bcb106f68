import type { ScoringModel } from './model.js'
import { SEGMENT_BITS } from './kernels.js'
import type { QueryVector } from './query.js'
import { TopK } from './topk.js'

/** The documents a query touched, with their scores; valid until the next call on the same scorer. */
export interface ScoredDocuments {
  /** Touched documents, in the order first reached. */
  docs: Uint32Array
  /** Number of valid entries in `docs`. */
  count: number
  /** Score per document index (read only for touched documents). */
  scores: Float64Array
}

/** A document and its score. */
export interface Ranked {
  doc: number
  score: number
}

/**
 * An affine change of score per document, by group: a matching document d (score s > 0) ranks by
 * s · factors[groupOf[d]] + offsets[groupOf[d]]. Lets the scorers rank by the final expert score directly:
 * an expert's text match times its university's boost, plus its university's prior. Factors must be at
 * least 1 and offsets non-negative, so the pruning bounds stay bounds.
 */
export interface GroupFactors {
  groupOf: Uint32Array
  factors: Float64Array
  /** Added after the factor; none means 0 for every group. */
  offsets?: Float64Array
}

const NO_FACTORS: GroupFactors = { groupOf: new Uint32Array(0), factors: new Float64Array(0) }
/** A matching document's ranking score. */
const transform = (f: GroupFactors, doc: number, score: number) => {
  if (f.factors.length === 0) return score
  const group = f.groupOf[doc]!
  return score * f.factors[group]! + (f.offsets ? f.offsets[group]! : 0)
}
const largestFactor = (f: GroupFactors) => f.factors.reduce((max, x) => Math.max(max, x), 1)
const largestOffset = (f: GroupFactors) => (f.offsets ?? new Float64Array(0)).reduce((max, x) => Math.max(max, x), 0)

/**
 * Finds the `depth` best documents for a query, exactly: best first, ties broken by `before`. Both
 * scorers visit the query's terms in the same order, so they add up the same numbers in the same order
 * and return identical scores.
 */
export interface TopScorer {
  top(
    model: ScoringModel,
    query: QueryVector,
    depth: number,
    before: (a: number, b: number) => boolean,
    factors?: GroupFactors,
  ): Ranked[]
}

/** Slightly loosened bounds: float rounding must never make a bound smaller than a real contribution. */
const BOUND_SLACK = 1 + 1e-6

/** Query terms in scoring order: largest possible contribution first, then term id. */
interface OrderedQuery {
  terms: Uint32Array
  /** Query weight per ordered term. */
  coefficients: Float64Array
  /** The largest contribution each ordered term can make to one document. */
  bounds: Float64Array
}

function orderTerms(model: ScoringModel, query: QueryVector): OrderedQuery {
  const entries: Array<{ term: number; coefficient: number; bound: number }> = []
  for (let q = 0; q < query.termIds.length; q++) {
    const term = query.termIds[q]!
    if (term >= model.postings.vocabularySize || model.postings.df(term) === 0) continue
    const coefficient = query.weights[q]!
    const bound = query.weights[q]! * model.termMax[term]! * BOUND_SLACK
    entries.push({ term, coefficient, bound })
  }
  entries.sort((a, b) => b.bound - a.bound || a.term - b.term)
  return {
    terms: Uint32Array.from(entries, (e) => e.term),
    coefficients: Float64Array.from(entries, (e) => e.coefficient),
    bounds: Float64Array.from(entries, (e) => e.bound),
  }
}

/** Reusable per-document buffers, sized to the largest index seen. */
class Buffers {
  /** Largest score so far in the current query: θ can be no larger, so it is not computed before R < max. */
  max = 0
  scores = new Float64Array(0)
  touched = new Uint32Array(0)
  seen = new Uint8Array(0)

  ensure(documents: number): void {
    if (this.scores.length >= documents) return
    this.scores = new Float64Array(documents)
    this.touched = new Uint32Array(documents)
    this.seen = new Uint8Array(documents)
  }
}

/**
 * Adds one term's contributions to the documents on its posting list: all of them when `admit`, else only
 * those already held. Returns the new touched count.
 */
function accumulate(
  model: ScoringModel,
  term: number,
  coefficient: number,
  buffers: Buffers,
  count: number,
  admit: boolean,
): number {
  const { spans, docs, segments } = model.postings
  const { weights } = model
  const { scores, touched, seen } = buffers
  let max = buffers.max
  for (let s = 0, cell = term * segments; s < segments; s++, cell++) {
    const base = s << SEGMENT_BITS
    const end = spans[cell + 1]!
    for (let p = spans[cell]!; p < end; p++) {
      const doc = base + docs[p]!
      if (seen[doc] === 0) {
        if (!admit) continue
        seen[doc] = 1
        scores[doc] = 0
        touched[count++] = doc
      }
      const score = (scores[doc]! += coefficient * weights[p]!)
      if (score > max) max = score
    }
  }
  buffers.max = max
  return count
}

/**
 * Exhaustive term-at-a-time scoring: every posting of every query term is added into an accumulator.
 * Exact; the reference the pruned scorer is tested against, and the way small indexes (universities) are
 * scored.
 *
 * @example
 * ```ts
 * const scorer = new ExhaustiveScorer()
 * scorer.top(model, query, 10, (a, b) => ids[a]! < ids[b]!) // [{ doc, score }, …]
 * ```
 */
export class ExhaustiveScorer implements TopScorer {
  private readonly buffers = new Buffers()

  /** Scores every document the query touches. */
  score(model: ScoringModel, query: QueryVector): ScoredDocuments {
    this.buffers.ensure(model.postings.documents)
    const ordered = orderTerms(model, query)
    let count = 0
    for (let i = 0; i < ordered.terms.length; i++) {
      count = accumulate(model, ordered.terms[i]!, ordered.coefficients[i]!, this.buffers, count, true)
    }
    const { scores, touched, seen } = this.buffers
    for (let i = 0; i < count; i++) seen[touched[i]!] = 0
    return { docs: touched, count, scores }
  }

  top(
    model: ScoringModel,
    query: QueryVector,
    depth: number,
    before: (a: number, b: number) => boolean,
    factors = NO_FACTORS,
  ): Ranked[] {
    const { docs, count, scores } = this.score(model, query)
    const heap = new TopK(depth, before)
    for (let i = 0; i < count; i++) {
      const doc = docs[i]!
      if (scores[doc]! > 0) heap.offer(doc, transform(factors, doc, scores[doc]!))
    }
    return heap.sorted()
  }
}

/**
 * MaxScore pruning, term at a time. Terms are taken largest bound first, each added to an accumulator.
 * Once `depth` documents are held and the bounds of the terms left add up to less than the depth-th best
 * score so far (θ), no document not yet seen can enter the top `depth`: the remaining terms only update
 * the documents held (looked up by binary search when that is cheaper than a scan), and held documents
 * that cannot reach θ even with every remaining term are dropped. Exact: it adds the same numbers in the
 * same order as {@link ExhaustiveScorer}, so it returns the same documents with the same scores.
 *
 * @example
 * ```ts
 * new PrunedScorer().top(model, query, 10, (a, b) => ids[a]! < ids[b]!)
 * ```
 */
export class PrunedScorer implements TopScorer {
  private readonly buffers = new Buffers()
  private selection = new Float64Array(0)
  private candidates = new Uint32Array(0)
  private readonly histogram = new Uint32Array(HISTOGRAM_BUCKETS)
  /** Work done by the last `top` call: postings walked, and postings looked up by binary search. */
  readonly work = { scanned: 0, lookedUp: 0 }

  top(
    model: ScoringModel,
    query: QueryVector,
    depth: number,
    before: (a: number, b: number) => boolean,
    factors = NO_FACTORS,
  ): Ranked[] {
    this.buffers.ensure(model.postings.documents)
    const maxFactor = largestFactor(factors)
    const maxOffset = largestOffset(factors)
    const { scores, touched, seen } = this.buffers
    const ordered = orderTerms(model, query)
    const termCount = ordered.terms.length
    const remaining = new Float64Array(termCount + 1)
    for (let i = termCount - 1; i >= 0; i--) remaining[i] = remaining[i + 1]! + ordered.bounds[i]!
    this.work.scanned = 0
    this.work.lookedUp = 0
    this.buffers.max = 0

    let count = 0
    let next = 0
    let threshold = -Infinity
    // The documents that set θ: their current scores stay a lower bound of θ as scores grow, and cost
    // O(depth) to re-read, where a fresh selection costs O(held documents); so select afresh only when
    // the held documents have doubled since.
    let pivots: Uint32Array | undefined
    let selectedAt = 0
    while (next < termCount) {
      // An unseen document scores at most the remaining bounds times the largest factor, plus the largest offset.
      const unseenBound = remaining[next]! * maxFactor + maxOffset
      if (count >= depth && unseenBound < this.buffers.max * maxFactor + maxOffset) {
        // The old pivots' θ first: when it already stops the scan, no fresh selection is needed.
        if (pivots) threshold = minScore(scores, pivots, factors)
        if (pivots && unseenBound < threshold) break
        if (!pivots || count >= 2 * selectedAt) {
          pivots = this.topDocuments(count, depth, factors, threshold)
          selectedAt = count
          threshold = minScore(scores, pivots, factors)
          if (unseenBound < threshold) break
        }
      }
      count = accumulate(model, ordered.terms[next]!, ordered.coefficients[next]!, this.buffers, count, true)
      this.work.scanned += model.postings.df(ordered.terms[next]!)
      next++
    }
    const { weights } = model
    for (; next < termCount; next++) {
      // The pivots' scores grew with the terms since: θ can only rise, and drop more. (Only a break, which
      // set the pivots, leads here.)
      threshold = Math.max(threshold, minScore(scores, pivots!, factors))
      count = this.dropHopeless(count, threshold, remaining[next]!, factors)
      const term = ordered.terms[next]!
      const df = model.postings.df(term)
      if (count * Math.log2(df + 1) < df) {
        this.work.lookedUp += count
        for (let i = 0; i < count; i++) {
          const doc = touched[i]!
          const slot = model.postings.find(term, doc)
          if (slot >= 0) scores[doc]! += ordered.coefficients[next]! * weights[slot]!
        }
      } else {
        count = accumulate(model, term, ordered.coefficients[next]!, this.buffers, count, false)
        this.work.scanned += df
      }
    }
    const heap = new TopK(depth, before)
    for (let i = 0; i < count; i++) {
      const doc = touched[i]!
      seen[doc] = 0
      if (scores[doc]! > 0) heap.offer(doc, transform(factors, doc, scores[doc]!))
    }
    return heap.sorted()
  }

  /** Keeps the held documents that can still reach `threshold` with `rest` more; returns the new count. */
  private dropHopeless(count: number, threshold: number, rest: number, factors: GroupFactors): number {
    const { scores, touched, seen } = this.buffers
    let kept = 0
    for (let i = 0; i < count; i++) {
      const doc = touched[i]!
      if (transform(factors, doc, scores[doc]! + rest) >= threshold) touched[kept++] = doc
      else seen[doc] = 0
    }
    return kept
  }

  /**
   * The `depth` held documents with the highest (factored) scores so far, by quickselect over those at
   * `floor` or above: a θ known before, so that at least `depth` documents reach it.
   */
  private topDocuments(count: number, depth: number, factors: GroupFactors, floor: number): Uint32Array {
    const { scores, touched } = this.buffers
    if (this.selection.length < 2 * count) this.selection = new Float64Array(2 * count)
    const values = this.selection
    let top = 0
    for (let i = 0; i < count; i++) {
      const value = transform(factors, touched[i]!, scores[touched[i]!]!)
      values[i] = value
      if (value > top) top = value
    }
    floor = Math.max(floor, histogramFloor(values, count, depth, top, this.histogram))
    const candidates = this.candidates.length < count ? (this.candidates = new Uint32Array(count)) : this.candidates
    let n = 0
    for (let i = 0; i < count; i++) {
      if (values[i]! >= floor) {
        candidates[n] = touched[i]!
        values[count + n++] = values[i]!
      }
    }
    const cut = kthLargest(values.subarray(count), n, depth)
    const chosen = new Uint32Array(depth)
    let k = 0
    for (let i = 0; i < n && k < depth; i++) if (values[count + i]! > cut) chosen[k++] = candidates[i]!
    for (let i = 0; i < n && k < depth; i++) if (values[count + i]! === cut) chosen[k++] = candidates[i]!
    return chosen
  }
}

/** Buckets for {@link histogramFloor}. */
const HISTOGRAM_BUCKETS = 256

/**
 * A value at or below the `depth`-th largest of `values[0, count)` (all in [0, top]), from one counting pass
 * over equal-width buckets: the lower edge of the bucket where the count from the top reaches `depth`.
 */
function histogramFloor(values: Float64Array, count: number, depth: number, top: number, buckets: Uint32Array): number {
  if (!(top > 0)) return Number.NEGATIVE_INFINITY
  buckets.fill(0)
  const scale = (HISTOGRAM_BUCKETS - 1) / top
  for (let i = 0; i < count; i++) {
    const v = values[i]!
    if (v > 0) buckets[Math.floor(v * scale)]!++
  }
  let seen = 0
  for (let b = HISTOGRAM_BUCKETS - 1; b >= 0; b--) {
    seen += buckets[b]!
    // The bucket's lower edge, less a rounding margin: v · scale ≥ b does not quite give v ≥ b / scale.
    if (seen >= depth) return b === 0 ? Number.NEGATIVE_INFINITY : (b / scale) * (1 - 1e-9)
  }
  return Number.NEGATIVE_INFINITY
}

function minScore(scores: Float64Array, docs: Uint32Array, factors: GroupFactors): number {
  let min = Infinity
  for (let i = 0; i < docs.length; i++) min = Math.min(min, transform(factors, docs[i]!, scores[docs[i]!]!))
  return min
}

/** The k-th largest of `values[0, count)`, reordering them (quickselect). */
function kthLargest(values: Float64Array, count: number, k: number): number {
  let lo = 0
  let hi = count - 1
  const target = k - 1
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (values[i]! > pivot) i++
      while (values[j]! < pivot) j--
      if (i <= j) {
        const swap = values[i]!
        values[i] = values[j]!
        values[j] = swap
        i++
        j--
      }
    }
    if (target <= j) hi = j
    else if (target >= i) lo = i
    else return values[target]!
  }
  return values[target]!
}
