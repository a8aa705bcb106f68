/**
 * Minimum-cost maximum flow, the solver behind `assign()`.
 *
 * Costs are exact: the flow returned is a cheapest maximum flow for the exact values of the doubles given,
 * whatever their magnitudes (±Number.MAX_VALUE, subnormals such as Number.MIN_VALUE, or both at once), with no
 * rounding tolerance. Four steps, each with a reason:
 * 1. a maximum flow (Dinic), so the flow value is fixed before costs come in;
 * 2. the costs scaled by a power of two so the largest |cost| lies in [1/2, 1) (exact, bar subnormals lost
 *    when huge and tiny costs meet): no sum or difference of costs can overflow and no factor can be
 *    Infinity; then cost scaling (Goldberg–Tarjan push–relabel) on those rounded to integers: its running time
 *    does not depend on how many distinct costs there are, which is what made successive shortest paths slow
 *    on untied scores;
 * 3. Bellman–Ford on the scaled float costs from the prices step 2 left, cancelling every negative cycle that
 *    floats can see;
 * 4. an exact pass: every arc's reduced cost under those prices is bounded rigorously from below, the few
 *    arcs that could lie on a negative cycle (the nearly tight ones) get their reduced costs exactly, as
 *    integers (BigInt), and an exact queue-based Bellman–Ford on them cancels whatever negative cycle is left
 *    (when floats saw too little, say one cost of 1e300 beside costs near 1, steps 2–3 are first repeated on
 *    those arcs with their exact reduced costs as the costs). It ends with prices under which no residual
 *    arc has a negative exact reduced cost: a proof of optimality.
 */
import { DuijieError } from '../errors.js'

/** Prices shrink ε by this factor per refinement; 8–16 is the usual range. */
const SCALING_FACTOR = 10
/** Float Bellman–Ford rounds before the exact pass takes over (about 10–20 are needed after good scaling). */
const FLOAT_ROUNDS = 100

/**
 * A flow network with arcs stored in twin pairs (arc `a` forward, `a ^ 1` its residual reverse) and
 * adjacency in CSR form, built on the first solve. Internal: `assign()` is the public face.
 *
 * @example
 * ```ts
 * const g = new FlowNetwork(4, 4) // source 0, two middle nodes, sink 3
 * const cheap = g.addArc(0, 1, 1, 1), dear = g.addArc(0, 2, 1, 5)
 * g.addArc(1, 3, 1, 0), g.addArc(2, 3, 1, 0)
 * g.minCostMaxFlow(0, 3)
 * g.flow(cheap) + g.flow(dear) // 2: both paths are needed for the maximum flow
 * ```
 */
export class FlowNetwork {
  readonly from: Int32Array
  readonly to: Int32Array
  readonly residual: Int32Array
  readonly cost: Float64Array
  private arcs = 0
  start = new Int32Array(0)
  adjacency = new Int32Array(0)

  constructor(
    readonly nodeCount: number,
    arcCount: number,
  ) {
    this.from = new Int32Array(2 * arcCount)
    this.to = new Int32Array(2 * arcCount)
    this.residual = new Int32Array(2 * arcCount)
    this.cost = new Float64Array(2 * arcCount)
  }

  /** Adds an arc u → v and returns its id. */
  addArc(u: number, v: number, capacity: number, cost: number): number {
    const a = this.arcs
    this.from[a] = u
    this.to[a] = v
    this.residual[a] = capacity
    this.cost[a] = cost
    this.from[a + 1] = v
    this.to[a + 1] = u
    this.cost[a + 1] = -cost
    this.arcs += 2
    return a
  }

  /** Units of flow on the arc `addArc` returned. */
  flow(arc: number): number {
    return this.residual[arc ^ 1]!
  }

  /** Number of arcs stored, twins included. */
  get size(): number {
    return this.arcs
  }

  /**
   * Sends as much flow as possible from `source` to `sink` and, among maximum flows, the cheapest for the
   * exact values of the costs (any finite doubles). `resolution` is the number of integer steps the largest
   * cost is rounded to in the scaling step (tests lower it to exercise the later passes); the answer is exact
   * either way.
   */
  minCostMaxFlow(source: number, sink: number, resolution?: number): void {
    this.buildAdjacency()
    maxFlow(this, source, sink)
    let largest = 0
    for (let a = 0; a < this.arcs; a++) largest = Math.max(largest, Math.abs(this.cost[a]!))
    if (!Number.isFinite(largest)) throw new DuijieError('INTERNAL', 'duijie: internal: a flow cost is not finite')
    if (largest === 0) return // every flow costs nothing
    // 2^shift · largest lies in [1/2, 1): exact (only subnormals can lose bits), and from here on no float
    // sum of costs or prices can overflow, nor any factor be Infinity.
    const shift = -1 - floorLog2(largest)
    const work = new Float64Array(this.arcs)
    for (let a = 0; a < this.arcs; a++) work[a] = scaleByPowerOfTwo(this.cost[a]!, shift)
    const scaledLargest = scaleByPowerOfTwo(largest, shift)
    const prices = scaleCosts(this, work, scaledLargest, resolution)
    const settled = cancelNegativeCycles(this, work, scaledLargest, prices)
    settleExactly(this, work, shift, prices, settled)
  }

  /** Builds the CSR adjacency; `minCostMaxFlow` does it first. */
  buildAdjacency(): void {
    const n = this.nodeCount
    const start = new Int32Array(n + 1)
    for (let a = 0; a < this.arcs; a++) start[this.from[a]! + 1]!++
    for (let v = 0; v < n; v++) start[v + 1]! += start[v]!
    const adjacency = new Int32Array(this.arcs)
    const fill = start.slice(0, n)
    for (let a = 0; a < this.arcs; a++) adjacency[fill[this.from[a]!]!++] = a
    this.start = start
    this.adjacency = adjacency
  }
}

/** Dinic: BFS levels, then blocking flows along level-increasing arcs. */
function maxFlow(g: FlowNetwork, source: number, sink: number): void {
  const { nodeCount: n, start, adjacency, to, from, residual } = g
  const level = new Int32Array(n)
  const queue = new Int32Array(n)
  const arc = new Int32Array(n)
  const path = new Int32Array(n)
  for (;;) {
    level.fill(-1)
    level[source] = 0
    let head = 0
    let tail = 0
    queue[tail++] = source
    while (head < tail) {
      const u = queue[head++]!
      for (let k = start[u]!; k < start[u + 1]!; k++) {
        const a = adjacency[k]!
        const v = to[a]!
        if (residual[a]! > 0 && level[v]! < 0) {
          level[v] = level[u]! + 1
          queue[tail++] = v
        }
      }
    }
    if (level[sink]! < 0) return
    arc.set(start.subarray(0, n))
    for (;;) {
      let depth = 0
      let u = source
      while (u !== sink) {
        let advanced = false
        for (; arc[u]! < start[u + 1]!; arc[u]!++) {
          const a = adjacency[arc[u]!]!
          const v = to[a]!
          if (residual[a]! > 0 && level[v] === level[u]! + 1) {
            path[depth++] = a
            u = v
            advanced = true
            break
          }
        }
        if (advanced) continue
        if (depth === 0) break
        level[u] = -1 // a dead end for the rest of this phase
        u = from[path[--depth]!]!
        arc[u]!++
      }
      if (u !== sink) break
      let bottleneck = Infinity
      for (let i = 0; i < depth; i++) bottleneck = Math.min(bottleneck, residual[path[i]!]!)
      for (let i = 0; i < depth; i++) {
        residual[path[i]!]! -= bottleneck
        residual[path[i]! ^ 1]! += bottleneck
      }
    }
  }
}

/**
 * Cost scaling on the flow `maxFlow` found: keeps its value and makes it cheapest for the costs `cost` rounded
 * to integers (`largest`, the largest |cost|, at most 1, maps to `resolution` steps). Returns node prices in
 * the units of `cost`, under which every residual arc's reduced cost is at least minus the rounding step.
 */
function scaleCosts(g: FlowNetwork, cost: Float64Array, largest: number, resolution?: number): Float64Array {
  const { nodeCount: n, size: m, start, adjacency, to, from, residual } = g
  const prices = new Float64Array(n)
  // Prices fall by at most about 3·n·ε over all refinements, with ε ≤ n·resolution: keep that within the
  // 2^53 where doubles hold integers exactly.
  const steps = resolution ?? Math.max(1, Math.min(2 ** 31, Math.floor(2 ** 51 / (3 * n * n + n))))
  const unit = steps / largest
  // Costs times n: an n-th of a unit of ε-optimality then means exact optimality for the integer costs.
  const scaled = new Float64Array(m)
  for (let a = 0; a < m; a += 2) {
    scaled[a] = Math.round(cost[a]! * unit) * n
    scaled[a + 1] = -scaled[a]!
  }
  const excess = new Float64Array(n)
  const arc = new Int32Array(n)
  const queue = new Int32Array(n)
  const queued = new Uint8Array(n)
  let epsilon = steps * n
  while (epsilon > 1) {
    epsilon = Math.max(1, Math.floor(epsilon / SCALING_FACTOR))
    // Saturate every arc with negative reduced cost: the flow becomes 0-optimal but leaves excesses.
    for (let a = 0; a < m; a++) {
      const r = residual[a]!
      if (r > 0 && scaled[a]! + prices[from[a]!]! - prices[to[a]!]! < 0) {
        residual[a] = 0
        residual[a ^ 1]! += r
        excess[from[a]!]! -= r
        excess[to[a]!]! += r
      }
    }
    // Discharge active nodes, first in first out, pushing along arcs of negative reduced cost.
    let head = 0
    let count = 0
    for (let v = 0; v < n; v++) {
      arc[v] = start[v]!
      if (excess[v]! > 0) {
        queue[(head + count++) % n] = v
        queued[v] = 1
      }
    }
    while (count > 0) {
      const u = queue[head]!
      head = (head + 1) % n
      count--
      queued[u] = 0
      while (excess[u]! > 0) {
        const end = start[u + 1]!
        let k = arc[u]!
        for (; k < end; k++) {
          const a = adjacency[k]!
          if (residual[a]! <= 0) continue
          const v = to[a]!
          if (scaled[a]! + prices[u]! - prices[v]! >= 0) continue
          const push = Math.min(excess[u]!, residual[a]!)
          residual[a]! -= push
          residual[a ^ 1]! += push
          excess[u]! -= push
          excess[v]! += push
          if (excess[v]! > 0 && !queued[v]) {
            queue[(head + count++) % n] = v
            queued[v] = 1
          }
          if (excess[u] === 0) break
        }
        arc[u] = k
        if (excess[u]! > 0) {
          // Relabel: lower the price just enough to make the best residual arc admissible.
          let best = -Infinity
          for (let j = start[u]!; j < end; j++) {
            const a = adjacency[j]!
            if (residual[a]! > 0) best = Math.max(best, prices[to[a]!]! - scaled[a]!)
          }
          if (best === -Infinity)
            throw new DuijieError('INTERNAL', 'duijie: internal: flow excess with no residual arc')
          prices[u] = best - epsilon
          arc[u] = start[u]!
        }
      }
    }
  }
  for (let v = 0; v < n; v++) prices[v] = prices[v]! / (unit * n)
  return prices
}

/**
 * Bellman–Ford rounds on the float costs `cost`, starting from `prices`, each round followed by a look for a
 * cycle among the predecessor arcs; every such cycle is negative and is cancelled. Ends when a round changes
 * nothing (then no residual cycle is cheaper than minus the tolerance; returns true). Returns false after
 * FLOAT_ROUNDS rounds, or when rounding alone keeps labels falling: that many rounds means the costs were
 * rounded too coarsely for the scaling step to help (one huge cost beside small ones), and `settleExactly`
 * refines at the right scale faster than this would cancel cycles one by one.
 */
function cancelNegativeCycles(g: FlowNetwork, cost: Float64Array, largest: number, prices: Float64Array): boolean {
  const { nodeCount: n, size: m, to, from, residual } = g
  // Labels stay within a few n·largest, so one addition rounds by less than this; a relaxation must gain
  // more than rounding could produce, or rounding alone could cycle.
  const tolerance = 16 * Number.EPSILON * n * largest
  let rounds = 0
  const parent = new Int32Array(n)
  const stamp = new Int32Array(n)
  for (;;) {
    parent.fill(-1)
    let cycleAt = -1
    for (let round = 0; cycleAt < 0; round++) {
      let changed = false
      for (let a = 0; a < m; a++) {
        if (residual[a]! <= 0) continue
        const u = from[a]!
        const v = to[a]!
        const label = prices[u]! + cost[a]!
        if (label < prices[v]! - tolerance) {
          prices[v] = label
          parent[v] = a
          changed = true
        }
      }
      if (!changed) return true
      if (++rounds >= FLOAT_ROUNDS) return false
      cycleAt = findParentCycle(parent, from, stamp)
      if (round > n && cycleAt < 0) return false // rounding keeps it going: the exact pass decides
    }
    let bottleneck = Infinity
    let v = cycleAt
    do {
      bottleneck = Math.min(bottleneck, residual[parent[v]!]!)
      v = from[parent[v]!]!
    } while (v !== cycleAt)
    do {
      residual[parent[v]!]! -= bottleneck
      residual[parent[v]! ^ 1]! += bottleneck
      v = from[parent[v]!]!
    } while (v !== cycleAt)
  }
}

/** A node on a cycle of the predecessor graph (each node points to `from[parent[v]]`), or -1. */
function findParentCycle(parent: Int32Array, from: Int32Array, stamp: Int32Array): number {
  stamp.fill(0)
  for (let root = 0; root < parent.length; root++) {
    let v = root
    while (v >= 0 && stamp[v] === 0) {
      stamp[v] = root + 1
      v = parent[v]! < 0 ? -1 : from[parent[v]!]!
    }
    if (v >= 0 && stamp[v] === root + 1) return v
  }
  return -1
}

/** Prices are rounded to multiples of 2^PRICE_GRID for the exact pass (the largest |cost| is at least 1/2). */
const PRICE_GRID = -64
/** Refinement levels before the exact search runs without a budget (each level gains some 20 bits or more). */
const MAX_LEVELS = 64

/**
 * The exact pass. Under `prices` (and the costs `work`, which are `g.cost` times 2^shift), every arc gets a
 * rigorous lower bound on its exact reduced cost, and `deficit` is the worst negative one over residual arcs.
 * A negative cycle has at most n arcs, each of reduced cost at least −deficit, so all of its arcs have
 * reduced cost below n · deficit: only those arcs (`near`) can lie on one. On them reduced costs are exact
 * integers in units of 2^unit (BigInt), and an exact queue-based Bellman–Ford (`search`) finds corrections to
 * the prices under which every near arc has reduced cost ≥ 0, cancelling every negative cycle it meets (each
 * found in the predecessor graph, which under exact arithmetic only ever closes negative cycles).
 *
 * When floats saw too little (one huge cost hiding the differences between small ones), that search would
 * amount to cycle cancelling from scratch; past a budget (or at once when `settled` is false: the float
 * Bellman–Ford was cut short) it stops, and `refine` solves the near arcs again by cost scaling on floats
 * made from their exact reduced costs, clamped to ±2n · (their worst deficit) (an arc beyond that cannot lie
 * on a negative cycle); the search then resumes under the prices found.
 *
 * An arc outside `near` has exact reduced cost at least `threshold` under the first prices, so it stays ≥ 0
 * while the prices have moved by a spread within the threshold; otherwise the threshold grows and more arcs
 * join.
 */
function settleExactly(
  g: FlowNetwork,
  work: Float64Array,
  shift: number,
  prices: Float64Array,
  settled: boolean,
): void {
  const { nodeCount: n, size: m, from, to, residual, cost } = g
  for (let v = 0; v < n; v++)
    if (!Number.isFinite(prices[v]!)) throw new DuijieError('INTERNAL', 'duijie: internal: flow prices are not finite')
  // Rounding a price to the grid moves a reduced cost by at most 2^PRICE_GRID; scaling a cost by 2^shift
  // loses at most 2^-1074; the float sums are off by at most ε · (sum of magnitudes), taken four times over.
  const slack = 2 ** PRICE_GRID + 2 ** -1072
  const bound = new Float64Array(m)
  let deficit = 0
  for (let a = 0; a < m; a++) {
    const pu = prices[from[a]!]!
    const pv = prices[to[a]!]!
    const w = work[a]!
    const b = w + pu - pv - (4 * Number.EPSILON * (Math.abs(w) + Math.abs(pu) + Math.abs(pv)) + slack)
    bound[a] = b
    if (residual[a]! > 0 && -b > deficit) deficit = -b
  }
  if (deficit === 0) return
  let threshold = n * deficit

  // The unit: fine enough for every cost and every rounded price to be a whole number of units.
  let unit = PRICE_GRID
  for (let a = 0; a < m; a += 2) {
    if (cost[a] === 0) continue
    split(cost[a]!)
    unit = Math.min(unit, splitExponent + shift)
  }
  const price: bigint[] = new Array(n)
  for (let v = 0; v < n; v++) price[v] = toUnits(prices[v]!, PRICE_GRID - unit)
  const moved: bigint[] = new Array(n).fill(0n)
  const reduced = (a: number): bigint => {
    const mantissa = split(cost[a]!)
    return (BigInt(mantissa) << BigInt(splitExponent + shift - unit)) + price[from[a]!]! - price[to[a]!]!
  }

  // Near arcs by tail (CSR), both arcs of a pair at once (the twin's exact reduced cost is minus the arc's),
  // their exact reduced costs alongside, and each arc's place in that order.
  const near = new Uint8Array(m >> 1)
  let nearPairs: number[] = []
  let nearStart = new Int32Array(n + 1)
  let nearArcs = new Int32Array(0)
  const nearReduced: bigint[] = []
  const place = new Int32Array(m).fill(-1)
  const gather = () => {
    for (let a = 0; a < m; a += 2) {
      if (near[a >> 1]) continue
      if ((residual[a]! > 0 && bound[a]! < threshold) || (residual[a + 1]! > 0 && bound[a + 1]! < threshold))
        near[a >> 1] = 1
    }
    nearPairs = []
    for (let a = 0; a < m; a += 2) if (near[a >> 1]) nearPairs.push(a)
    nearStart = new Int32Array(n + 1)
    for (const a of nearPairs) {
      nearStart[from[a]! + 1]!++
      nearStart[to[a]! + 1]!++
    }
    for (let v = 0; v < n; v++) nearStart[v + 1]! += nearStart[v]!
    nearArcs = new Int32Array(nearStart[n]!)
    const fill = nearStart.slice(0, n)
    for (const a of nearPairs) {
      const k = fill[from[a]!]!++
      const j = fill[to[a]!]!++
      nearArcs[k] = a
      place[a] = k
      nearArcs[j] = a + 1
      place[a + 1] = j
    }
    updateReduced()
  }
  const updateReduced = () => {
    nearReduced.length = nearArcs.length
    for (const a of nearPairs) {
      const r = reduced(a)
      nearReduced[place[a]!] = r
      nearReduced[place[a + 1]!] = -r
    }
  }
  // Moves the prices by `by` (units), keeping the near arcs' reduced costs current.
  const movePrices = (by: bigint[]) => {
    let any = false
    for (let v = 0; v < n; v++) {
      if (by[v] === 0n) continue
      price[v]! += by[v]!
      moved[v]! += by[v]!
      any = true
    }
    if (any) updateReduced()
  }

  const delta: bigint[] = new Array(n)
  const parent = new Int32Array(n)
  const stamp = new Int32Array(n)
  const queue = new Int32Array(n)
  const queued = new Uint8Array(n)
  /** Exact Bellman–Ford on the near arcs; true once settled, false past `budget` relaxations. */
  const search = (budget: number): boolean => {
    delta.fill(0n)
    parent.fill(-1)
    let head = 0
    let count = 0
    const enqueue = (v: number) => {
      if (queued[v]) return
      queue[(head + count++) % n] = v
      queued[v] = 1
    }
    const cancel = (at: number) => {
      let total = 0n
      let bottleneck = Infinity
      let v = at
      do {
        const a = parent[v]!
        total += nearReduced[place[a]!]!
        bottleneck = Math.min(bottleneck, residual[a]!)
        v = from[a]!
      } while (v !== at)
      if (total >= 0n)
        throw new DuijieError('INTERNAL', 'duijie: internal: the exact pass met a cycle that is not negative')
      do {
        const a = parent[v]!
        residual[a]! -= bottleneck
        residual[a ^ 1]! += bottleneck
        parent[v] = -1
        enqueue(v)
        v = from[a]!
      } while (v !== at)
    }
    for (let v = 0; v < n; v++) if (nearStart[v + 1]! > nearStart[v]!) enqueue(v)
    let relaxations = 0
    let sinceCheck = 0
    while (count > 0 && relaxations <= budget) {
      const u = queue[head]!
      head = (head + 1) % n
      count--
      queued[u] = 0
      const du = delta[u]!
      for (let k = nearStart[u]!; k < nearStart[u + 1]!; k++) {
        const a = nearArcs[k]!
        if (residual[a]! <= 0) continue
        const v = to[a]!
        const label = du + nearReduced[k]!
        if (label >= delta[v]!) continue
        delta[v] = label
        parent[v] = a
        enqueue(v)
        relaxations++
        if (++sinceCheck >= n) {
          sinceCheck = 0
          const at = findParentCycle(parent, from, stamp)
          if (at >= 0) cancel(at)
        }
      }
    }
    const done = count === 0
    while (count > 0) {
      queued[queue[head]!] = 0
      head = (head + 1) % n
      count--
    }
    movePrices(delta)
    return done
  }

  /** Cost scaling and float Bellman–Ford on the near arcs, with costs their exact reduced costs rounded. */
  const refine = () => {
    let worst = 0n
    for (let k = 0; k < nearArcs.length; k++)
      if (residual[nearArcs[k]!]! > 0 && nearReduced[k]! < worst) worst = nearReduced[k]!
    if (worst === 0n) return
    const cap = -2n * BigInt(n) * worst
    const length = cap.toString(2).length
    const sub = new FlowNetwork(n, nearPairs.length)
    let largest = 0
    for (const a of nearPairs) {
      let r = nearReduced[place[a]!]!
      if (r > cap) r = cap
      else if (r < -cap) r = -cap
      const c = fromUnits(r, -length, length)
      const s = sub.addArc(from[a]!, to[a]!, 0, c)
      sub.residual[s] = residual[a]!
      sub.residual[s + 1] = residual[a + 1]!
      largest = Math.max(largest, Math.abs(c))
    }
    sub.buildAdjacency()
    const subPrices = scaleCosts(sub, sub.cost, largest)
    cancelNegativeCycles(sub, sub.cost, largest, subPrices) // cut short or not, the search that follows decides
    nearPairs.forEach((a, i) => {
      residual[a] = sub.residual[2 * i]!
      residual[a + 1] = sub.residual[2 * i + 1]!
    })
    const by: bigint[] = new Array(n)
    for (let v = 0; v < n; v++) by[v] = toUnits(subPrices[v]!, PRICE_GRID + length)
    movePrices(by)
  }

  gather()
  // Float Bellman–Ford cut short: its prices are far from settled, so a search from them would be long.
  if (!settled) refine()
  for (let level = 0; ; ) {
    if (!search(level < MAX_LEVELS ? 2 * (nearArcs.length + n) : Infinity)) {
      refine()
      level++
      continue
    }
    let lowest = 0n
    let highest = 0n
    for (let v = 0; v < n; v++) {
      if (moved[v]! < lowest) lowest = moved[v]!
      if (moved[v]! > highest) highest = moved[v]!
    }
    const spread = highest - lowest
    if (spread <= floorInUnits(threshold, unit) || nearPairs.length === m >> 1) return
    threshold = 2 * Math.max(threshold, fromUnits(spread, unit))
    gather()
  }
}

let splitExponent = 0
const bits = new DataView(new ArrayBuffer(8))

/** The signed integer mantissa of `x` (at most 53 bits); `x` = mantissa · 2^splitExponent exactly. */
function split(x: number): number {
  bits.setFloat64(0, x)
  const high = bits.getUint32(0)
  const biased = (high >>> 20) & 0x7ff
  let mantissa = (high & 0xfffff) * 2 ** 32 + bits.getUint32(4)
  if (biased === 0) splitExponent = -1074
  else {
    mantissa += 2 ** 52
    splitExponent = biased - 1075
  }
  return high >>> 31 ? -mantissa : mantissa
}

/** ⌊log2 x⌋ for a finite x > 0, exactly (subnormals included). */
function floorLog2(x: number): number {
  const mantissa = split(x)
  const high = Math.floor(mantissa / 2 ** 32)
  const length = high > 0 ? 64 - Math.clz32(high) : 32 - Math.clz32(mantissa >>> 0)
  return splitExponent + length - 1
}

/** x · 2^e in two exact steps, so neither factor is 0 or Infinity for |e| up to about 2,000. */
function scaleByPowerOfTwo(x: number, e: number): number {
  const half = e >> 1
  return x * 2 ** half * 2 ** (e - half)
}

/** ⌊x / 2^unit⌋ for a finite x > 0, exactly. */
function floorInUnits(x: number, unit: number): bigint {
  const mantissa = BigInt(split(x))
  return splitExponent >= unit ? mantissa << BigInt(splitExponent - unit) : mantissa >> BigInt(unit - splitExponent)
}

/**
 * b · 2^e as a double, rounded (b a BigInt of either sign; `length` at least its bit length; never Infinity
 * for the sizes here).
 */
function fromUnits(b: bigint, e: number, length = (b < 0n ? -b : b).toString(16).length * 4): number {
  if (length <= 960) return scaleByPowerOfTwo(Number(b), e)
  return scaleByPowerOfTwo(Number(b >> BigInt(length - 64)), e + length - 64)
}

/** x rounded to a multiple of 2^PRICE_GRID, counted in units of 2^(PRICE_GRID − up): a BigInt. */
function toUnits(x: number, up: number): bigint {
  const grid = BigInt(Math.round(scaleByPowerOfTwo(x, -PRICE_GRID)))
  return up >= 0 ? grid << BigInt(up) : grid >> BigInt(-up)
}
