/**
 * Minimum-cost maximum flow, the solver behind `assign()`.
 *
 * Three steps, each with a reason:
 * 1. a maximum flow (Dinic), so the flow value is fixed before costs come in;
 * 2. cost scaling (Goldberg–Tarjan push–relabel) on costs rounded to integers: its running time does not
 *    depend on how many distinct costs there are, which is what made successive shortest paths slow on
 *    untied scores;
 * 3. an exact pass on the float costs (Bellman–Ford from the prices step 2 left, cancelling any negative
 *    cycle), so rounding can never cost optimality.
 */
import { DuijieError } from '../errors.js'

/** Prices shrink ε by this factor per refinement; 8–16 is the usual range. */
const SCALING_FACTOR = 10

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
   * Sends as much flow as possible from `source` to `sink` and, among maximum flows, the cheapest.
   * `resolution` is the number of integer steps the largest cost is rounded to in the scaling step
   * (tests lower it to exercise the exact pass); the answer is exact either way.
   */
  minCostMaxFlow(source: number, sink: number, resolution?: number): void {
    this.buildAdjacency()
    maxFlow(this, source, sink)
    let largest = 0
    for (let a = 0; a < this.arcs; a++) largest = Math.max(largest, Math.abs(this.cost[a]!))
    const prices = scaleCosts(this, largest, resolution)
    cancelNegativeCycles(this, largest, prices)
  }

  private buildAdjacency(): void {
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
 * Cost scaling on the flow `maxFlow` found: keeps its value and makes it cheapest for the costs rounded to
 * integers (`largest`, the largest |cost|, maps to `resolution` steps). Returns node prices in the units of `g.cost`, under which every residual arc's reduced cost is
 * at least minus the rounding step.
 */
function scaleCosts(g: FlowNetwork, largest: number, resolution?: number): Float64Array {
  const { nodeCount: n, size: m, start, adjacency, to, from, residual, cost } = g
  const prices = new Float64Array(n)
  if (largest === 0) return prices
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
 * Bellman–Ford rounds on the float costs, starting from `prices`, each round followed by a look for a cycle
 * among the predecessor arcs; every such cycle is negative and is cancelled. Ends when a round changes
 * nothing: then no residual cycle is cheaper than minus the tolerance, so the flow is a cheapest one.
 */
function cancelNegativeCycles(g: FlowNetwork, largest: number, prices: Float64Array): void {
  const { nodeCount: n, size: m, to, from, residual, cost } = g
  // Labels stay within a few n·largest, so one addition rounds by less than this; a relaxation must gain
  // more than rounding could produce, or rounding alone could cycle.
  const tolerance = 16 * Number.EPSILON * n * Math.max(largest, Number.MIN_VALUE)
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
      if (!changed) return
      cycleAt = findParentCycle(parent, from, stamp)
      if (round > n && cycleAt < 0) throw new DuijieError('INTERNAL', 'duijie: internal: Bellman–Ford did not settle')
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
