// Baselines for assign(): the textbook solver it replaced and the greedy pass it must beat.
import type { Affinity } from '../../src/index.js'

/** What a baseline returns: the pairs it chose. */
export type Chosen = Affinity[]

/** Best pairs first, each taken while its person has capacity and its item has room. Fast, not optimal. */
export function greedyAssign(scores: Affinity[], capacity: Record<string, number>, demand = 1): Chosen {
  const load = new Map<string, number>()
  const filled = new Map<string, number>()
  const chosen: Chosen = []
  for (const s of [...scores].sort((a, b) => b.score - a.score)) {
    if ((load.get(s.person) ?? 0) >= capacity[s.person]! || (filled.get(s.item) ?? 0) >= demand) continue
    load.set(s.person, (load.get(s.person) ?? 0) + 1)
    filled.set(s.item, (filled.get(s.item) ?? 0) + 1)
    chosen.push(s)
  }
  return chosen
}

/**
 * Successive shortest paths: one Dijkstra (with node potentials) per unit of flow, on source → person →
 * item → sink with cost (top − score). Exact and independent of duijie's solver, so it serves as the
 * reference in tests and as the speed baseline in the bench.
 */
export function shortestPathsAssign(
  scores: Affinity[],
  capacity: Record<string, number>,
  demand: number | Record<string, number> = 1,
): Chosen {
  const persons = Object.keys(capacity)
  const items = [...new Set(scores.map((s) => s.item))]
  const personIndex = new Map(persons.map((p, i) => [p, 1 + i]))
  const itemIndex = new Map(items.map((t, i) => [t, 1 + persons.length + i]))
  const n = persons.length + items.length + 2
  const sink = n - 1
  const top = Math.max(0, ...scores.map((s) => s.score))
  const to: number[] = []
  const residual: number[] = []
  const cost: number[] = []
  const out: number[][] = Array.from({ length: n }, () => [])
  const addArc = (u: number, v: number, c: number, w: number) => {
    out[u]!.push(to.length)
    to.push(v)
    residual.push(c)
    cost.push(w)
    out[v]!.push(to.length)
    to.push(u)
    residual.push(0)
    cost.push(-w)
  }
  persons.forEach((p) => addArc(0, personIndex.get(p)!, capacity[p]!, 0))
  const pairArc = scores.map((s) => {
    const arc = to.length
    addArc(personIndex.get(s.person)!, itemIndex.get(s.item)!, 1, top - s.score)
    return arc
  })
  items.forEach((t) => addArc(itemIndex.get(t)!, sink, typeof demand === 'number' ? demand : (demand[t] ?? 1), 0))

  const potential = new Float64Array(n)
  const dist = new Float64Array(n)
  const via = new Int32Array(n)
  for (;;) {
    dist.fill(Infinity)
    dist[0] = 0
    const heap: Array<[number, number]> = [[0, 0]]
    while (heap.length > 0) {
      const [d, u] = popMin(heap)
      if (d > dist[u]!) continue
      if (u === sink) break // nodes not yet settled get the sink's distance below, which keeps costs reduced
      for (const a of out[u]!) {
        if (residual[a]! <= 0) continue
        const v = to[a]!
        const next = d + cost[a]! + potential[u]! - potential[v]!
        if (next < dist[v]! - 1e-12) {
          dist[v] = next
          via[v] = a
          pushHeap(heap, [next, v])
        }
      }
    }
    if (dist[sink] === Infinity) break
    for (let v = 0; v < n; v++) potential[v]! += Math.min(dist[v]!, dist[sink]!)
    for (let v = sink; v !== 0; v = to[via[v]! ^ 1]!) {
      residual[via[v]!]!--
      residual[via[v]! ^ 1]!++
    }
  }
  return scores.filter((_, i) => residual[pairArc[i]!] === 0)
}

function pushHeap(heap: Array<[number, number]>, entry: [number, number]): void {
  heap.push(entry)
  for (let i = heap.length - 1; i > 0; ) {
    const parent = (i - 1) >> 1
    if (heap[parent]![0] <= heap[i]![0]) break
    ;[heap[parent], heap[i]] = [heap[i]!, heap[parent]!]
    i = parent
  }
}

function popMin(heap: Array<[number, number]>): [number, number] {
  const top = heap[0]!
  const last = heap.pop()!
  if (heap.length > 0) {
    heap[0] = last
    for (let i = 0; ; ) {
      let child = 2 * i + 1
      if (child >= heap.length) break
      if (child + 1 < heap.length && heap[child + 1]![0] < heap[child]![0]) child++
      if (heap[i]![0] <= heap[child]![0]) break
      ;[heap[child], heap[i]] = [heap[i]!, heap[child]!]
      i = child
    }
  }
  return top
}
