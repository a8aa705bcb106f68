import { z } from 'zod'
import { throwIfIssues, type InputIssue } from '../errors.js'
import { groupBy } from './group.js'

/** A candidate pairing and how well the person fits the item. */
export interface Affinity {
  person: string
  item: string
  score: number
}

/** What {@link assign} takes. */
export interface AssignInput {
  /** Sparse affinities; a pair that is not listed is not a candidate. */
  scores: Affinity[]
  /** Most items per person. Every person in `scores` needs an entry. */
  capacity: Record<string, number>
  /** People per item: one number for all, or per item (items not named get 1). Default 1. */
  demand?: number | Record<string, number>
  /** Pairs that must not be assigned (conflicts of interest). */
  forbidden?: Array<{ person: string; item: string }>
  /** Pairs scoring below this are not candidates. */
  minScore?: number
}

/** What {@link assign} returns. */
export interface AssignResult {
  /** The chosen pairs, by item then person. */
  assignments: Affinity[]
  /** Every item whose demand was not fully met, with the reason in words. */
  unassigned: Array<{ item: string; reason: string }>
}

const name = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' })
const count = z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).nonnegative({ error: 'must not be negative' })
const inputSchema = z.object({
  scores: z.array(
    z.object({
      person: name,
      item: name,
      score: z
        .number({ error: (issue) => (Number.isNaN(issue.input) ? 'must be a number, got NaN' : 'must be a number') })
        .finite({ error: 'must be finite' }),
    }),
  ),
  capacity: z.record(z.string(), count),
  demand: z.union([count, z.record(z.string(), count)]).optional(),
  forbidden: z.array(z.object({ person: name, item: name })).optional(),
  minScore: z.number().finite().optional(),
})

/**
 * Assigns people to items within capacities: a min-cost flow. It fills as many (person, item) places as
 * the constraints allow (with demand 1, covers as many items as possible) and, among those answers,
 * maximises the total score. Successive shortest paths with Dijkstra and node potentials, on a network
 * source → person (capacity) → item (1 per candidate pair) → sink (demand).
 *
 * Every item left short is listed in `unassigned` with the reason in words ("no candidate above
 * minScore", "all 3 candidates are at capacity", "every candidate has a conflict"), so a user knows what
 * to change. Bad input (negative capacity, NaN score, unknown names) throws a `DuijieError` naming it.
 *
 * @example
 * ```ts
 * assign({
 *   scores: [{ person: 'wang', item: 'c01', score: 0.9 }, { person: 'li', item: 'c01', score: 0.4 }],
 *   capacity: { wang: 1, li: 2 },
 * })
 * // { assignments: [{ person: 'wang', item: 'c01', score: 0.9 }], unassigned: [] }
 * ```
 */
export function assign(input: AssignInput): AssignResult {
  const parsed = inputSchema.safeParse(input)
  if (!parsed.success) {
    const issues: InputIssue[] = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(input)', message: issue.message }))
    throwIfIssues('assign', 'input', issues)
  }
  const { scores, capacity, demand = 1, forbidden = [], minScore = -Infinity } = parsed.data!

  const persons = Object.keys(capacity)
  const personIndex = new Map(persons.map((p, i) => [p, i]))
  const items: string[] = []
  const itemIndex = new Map<string, number>()
  const addItem = (item: string) => {
    if (!itemIndex.has(item)) {
      itemIndex.set(item, items.length)
      items.push(item)
    }
  }
  for (const s of scores) addItem(s.item)
  if (typeof demand === 'object') for (const item of Object.keys(demand)) addItem(item)

  const issues: InputIssue[] = []
  const seenPairs = new Set<string>()
  scores.forEach((s, index) => {
    if (!personIndex.has(s.person)) issues.push({ index, field: `scores.${index}.person`, message: `"${s.person}" has no capacity entry` })
    const key = `${s.person}\u0000${s.item}`
    if (seenPairs.has(key)) issues.push({ index, field: `scores.${index}`, message: `repeats the pair (${s.person}, ${s.item})` })
    seenPairs.add(key)
  })
  const banned = new Set<string>()
  forbidden.forEach((f, index) => {
    if (!personIndex.has(f.person)) issues.push({ index, field: `forbidden.${index}.person`, message: `unknown person "${f.person}"` })
    if (!itemIndex.has(f.item)) issues.push({ index, field: `forbidden.${index}.item`, message: `unknown item "${f.item}"` })
    banned.add(`${f.person}\u0000${f.item}`)
  })
  throwIfIssues('assign', 'entry', issues)

  const demandOf = (item: string) => (typeof demand === 'number' ? demand : (demand[item] ?? 1))
  const candidates = scores.filter((s) => s.score >= minScore && !banned.has(`${s.person}\u0000${s.item}`))
  const flow = solve(
    persons.map((p) => capacity[p]!),
    items.map(demandOf),
    candidates.map((s) => ({ person: personIndex.get(s.person)!, item: itemIndex.get(s.item)!, score: s.score })),
  )
  const assignments = flow.map((i) => candidates[i]!).sort((a, b) => cmp(a.item, b.item) || cmp(a.person, b.person))
  return { assignments, unassigned: explainShortfall(items, demandOf, scores, assignments, capacity, banned, minScore) }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Min-cost max-flow by successive shortest paths (primal-dual: Dijkstra with potentials, then a blocking
 * flow along all shortest paths at once). Costs are (top − score) ≥ 1 per unit through a pair,
 * so every maximum flow costs flow · top − Σ score: the cheapest maximum flow has the largest total score.
 * Returns the indices of the candidate pairs used.
 */
function solve(capacities: number[], demands: number[], pairs: Array<{ person: number; item: number; score: number }>): number[] {
  const P = capacities.length
  const I = demands.length
  const source = 0
  const sink = P + I + 1
  const nodes = P + I + 2
  const top = pairs.reduce((max, p) => Math.max(max, p.score), 0) + 1 - pairs.reduce((min, p) => Math.min(min, p.score), 0)

  // Edges in pairs: e forward, e ^ 1 its residual twin.
  const edgeCount = 2 * (P + pairs.length + I)
  const to = new Int32Array(edgeCount)
  const residual = new Int32Array(edgeCount)
  const cost = new Float64Array(edgeCount)
  const from = new Int32Array(edgeCount)
  let e = 0
  const addEdge = (u: number, v: number, capacity: number, c: number) => {
    from[e] = u
    to[e] = v
    residual[e] = capacity
    cost[e] = c
    from[e + 1] = v
    to[e + 1] = u
    residual[e + 1] = 0
    cost[e + 1] = -c
    e += 2
  }
  capacities.forEach((c, p) => addEdge(source, 1 + p, c, 0))
  const pairEdge = new Int32Array(pairs.length)
  pairs.forEach((pair, i) => {
    pairEdge[i] = e
    addEdge(1 + pair.person, 1 + P + pair.item, 1, top - pair.score)
  })
  demands.forEach((d, i) => addEdge(1 + P + i, sink, d, 0))

  // Adjacency in CSR form.
  const start = new Int32Array(nodes + 1)
  for (let k = 0; k < edgeCount; k++) start[from[k]! + 1]!++
  for (let v = 0; v < nodes; v++) start[v + 1]! += start[v]!
  const adjacency = new Int32Array(edgeCount)
  const fill = start.slice(0, nodes)
  for (let k = 0; k < edgeCount; k++) adjacency[fill[from[k]!]!++] = k

  const potential = new Float64Array(nodes)
  const dist = new Float64Array(nodes)
  const done = new Uint8Array(nodes)
  const heap = new MinHeap(nodes)
  const arc = new Int32Array(nodes)
  const pathEdges = new Int32Array(nodes)
  const onPath = new Uint8Array(nodes)
  // Reduced costs within this of zero count as zero: sums of floats are not exact.
  const tolerance = 1e-9 * Math.max(1, top)
  for (;;) {
    // Shortest distances from the source under reduced costs (all ≥ 0 thanks to the potentials).
    dist.fill(Infinity)
    done.fill(0)
    dist[source] = 0
    heap.clear()
    heap.push(source, 0)
    while (heap.size > 0) {
      const u = heap.pop()
      if (done[u]) continue
      done[u] = 1
      // Stop at the sink: nodes farther away keep their potentials, raised by the sink's distance below.
      if (u === sink) break
      for (let k = start[u]!; k < start[u + 1]!; k++) {
        const edge = adjacency[k]!
        if (residual[edge]! <= 0) continue
        const v = to[edge]!
        if (done[v]) continue
        const candidate = dist[u]! + Math.max(0, cost[edge]! + potential[u]! - potential[v]!)
        if (candidate < dist[v]!) {
          dist[v] = candidate
          heap.push(v, candidate)
        }
      }
    }
    if (!done[sink]) break
    const reach = dist[sink]!
    for (let v = 0; v < nodes; v++) potential[v]! += Math.min(dist[v]!, reach)
    // Every path of zero reduced cost is a shortest path: push along all of them (a blocking flow, as in
    // Dinic) before the next Dijkstra. With tied scores this saves most of the Dijkstra runs.
    arc.set(start.subarray(0, nodes))
    for (;;) {
      let depth = 0
      let u = source
      onPath.fill(0)
      onPath[source] = 1
      while (u !== sink) {
        let advanced = false
        for (; arc[u]! < start[u + 1]!; arc[u]!++) {
          const edge = adjacency[arc[u]!]!
          const v = to[edge]!
          if (residual[edge]! <= 0 || onPath[v]) continue
          if (Math.abs(cost[edge]! + potential[u]! - potential[v]!) > tolerance) continue
          pathEdges[depth++] = edge
          onPath[v] = 1
          u = v
          advanced = true
          break
        }
        if (advanced) continue
        if (depth === 0) break
        // Dead end: retreat and skip the arc that led here.
        onPath[u] = 0
        const back = pathEdges[--depth]!
        u = from[back]!
        arc[u]!++
      }
      if (u !== sink) break
      let bottleneck = Infinity
      for (let i = 0; i < depth; i++) bottleneck = Math.min(bottleneck, residual[pathEdges[i]!]!)
      for (let i = 0; i < depth; i++) {
        residual[pathEdges[i]!]! -= bottleneck
        residual[pathEdges[i]! ^ 1]! += bottleneck
      }
    }
  }
  const used: number[] = []
  pairEdge.forEach((edge, i) => residual[edge] === 0 && used.push(i))
  return used
}

/** Says, for each item left short, why: in terms of the candidates the user gave. */
function explainShortfall(
  items: string[],
  demandOf: (item: string) => number,
  scores: Affinity[],
  assignments: Affinity[],
  capacity: Record<string, number>,
  banned: Set<string>,
  minScore: number,
): Array<{ item: string; reason: string }> {
  const byItem = groupBy(scores, (s) => s.item)
  const got = new Map<string, Set<string>>()
  const load = new Map<string, number>()
  for (const a of assignments) {
    got.set(a.item, (got.get(a.item) ?? new Set()).add(a.person))
    load.set(a.person, (load.get(a.person) ?? 0) + 1)
  }
  const out: Array<{ item: string; reason: string }> = []
  for (const item of [...items].sort(cmp)) {
    const need = demandOf(item)
    const have = got.get(item)?.size ?? 0
    if (have >= need) continue
    const all = byItem.get(item) ?? []
    const low = all.filter((s) => s.score < minScore)
    const conflicted = all.filter((s) => s.score >= minScore && banned.has(`${s.person}\u0000${item}`))
    const eligible = all.filter((s) => s.score >= minScore && !banned.has(`${s.person}\u0000${item}`) && !got.get(item)?.has(s.person))
    const full = eligible.filter((s) => (load.get(s.person) ?? 0) >= capacity[s.person]!)
    const parts: string[] = []
    if (all.length === 0) parts.push('no candidate was scored for it')
    else if (low.length === all.length) parts.push(`no candidate above minScore ${minScore} (the best scores ${Math.max(...all.map((s) => s.score)).toFixed(3)}); lower minScore or add candidates`)
    else if (conflicted.length + low.length === all.length) parts.push(`every candidate has a conflict (${conflicted.map((s) => s.person).join(', ')}); add candidates without one`)
    else if (full.length === eligible.length && eligible.length > 0) {
      parts.push(`all ${eligible.length} candidate${eligible.length > 1 ? 's are' : ' is'} at capacity (${eligible.map((s) => s.person).join(', ')}); raise their capacity or add candidates`)
    } else if (eligible.length === 0) parts.push('every eligible candidate is already assigned to it')
    else parts.push(`its candidates are needed elsewhere for a larger total; raise the capacity of ${eligible.map((s) => s.person).join(', ')} or add candidates`)
    if (need > 1) parts.unshift(`${have} of ${need} places filled:`)
    out.push({ item, reason: parts.join(' ') })
  }
  return out
}

/** Binary min-heap of (node, key) with lazy deletion; typed arrays, sized to a bound on pushes. */
class MinHeap {
  private nodes: Int32Array
  private keys: Float64Array
  size = 0

  constructor(capacity: number) {
    this.nodes = new Int32Array(Math.max(16, capacity))
    this.keys = new Float64Array(Math.max(16, capacity))
  }

  clear(): void {
    this.size = 0
  }

  push(node: number, key: number): void {
    if (this.size === this.nodes.length) {
      const nodes = new Int32Array(this.size * 2)
      nodes.set(this.nodes)
      const keys = new Float64Array(this.size * 2)
      keys.set(this.keys)
      this.nodes = nodes
      this.keys = keys
    }
    let i = this.size++
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (this.keys[parent]! <= key) break
      this.nodes[i] = this.nodes[parent]!
      this.keys[i] = this.keys[parent]!
      i = parent
    }
    this.nodes[i] = node
    this.keys[i] = key
  }

  pop(): number {
    const top = this.nodes[0]!
    const lastNode = this.nodes[--this.size]!
    const lastKey = this.keys[this.size]!
    let i = 0
    for (;;) {
      let child = 2 * i + 1
      if (child >= this.size) break
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) child++
      if (this.keys[child]! >= lastKey) break
      this.nodes[i] = this.nodes[child]!
      this.keys[i] = this.keys[child]!
      i = child
    }
    this.nodes[i] = lastNode
    this.keys[i] = lastKey
    return top
  }
}

