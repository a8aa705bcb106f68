import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { shortestPathsAssign } from '../../bench/lib/assign-baselines.js'
import type { Affinity } from '../../src/index.js'
import { assignWithResolution } from '../../src/plan/assign.js'
import { FlowNetwork } from '../../src/plan/flow.js'
import { exact, exactTotal } from '../helpers/exact.js'

const total = (chosen: Affinity[]) => chosen.reduce((s, a) => s + a.score, 0)

/**
 * Successive shortest paths in exact arithmetic: Bellman–Ford on costs −score · 2^1074 as BigInts, one
 * shortest augmenting path at a time from the empty flow. Slow and simple; the places filled and the exact
 * total of a cheapest maximum flow.
 */
function exactShortestPaths(
  scores: Affinity[],
  capacity: Record<string, number>,
  demand: Record<string, number>,
): { places: number; total: bigint } {
  const persons = Object.keys(capacity)
  const items = Object.keys(demand)
  const n = persons.length + items.length + 2
  const sink = n - 1
  const arcs: Array<{ from: number; to: number; residual: number; cost: bigint }> = []
  const addArc = (from: number, to: number, capacity: number, cost: bigint) => {
    arcs.push({ from, to, residual: capacity, cost }, { from: to, to: from, residual: 0, cost: -cost })
  }
  persons.forEach((p, i) => addArc(0, 1 + i, capacity[p]!, 0n))
  for (const s of scores)
    addArc(1 + persons.indexOf(s.person), 1 + persons.length + items.indexOf(s.item), 1, -exact(s.score))
  items.forEach((t, i) => addArc(1 + persons.length + i, sink, demand[t]!, 0n))
  let places = 0
  let cost = 0n
  for (;;) {
    const distance: Array<bigint | undefined> = new Array(n).fill(undefined)
    const via = new Int32Array(n).fill(-1)
    distance[0] = 0n
    for (let changed = true; changed; ) {
      changed = false
      arcs.forEach((a, k) => {
        const d = distance[a.from]
        if (a.residual <= 0 || d === undefined) return
        const next = distance[a.to]
        if (next === undefined || d + a.cost < next) {
          distance[a.to] = d + a.cost
          via[a.to] = k
          changed = true
        }
      })
    }
    if (distance[sink] === undefined) return { places, total: -cost }
    let bottleneck = Infinity
    for (let v = sink; v !== 0; v = arcs[via[v]!]!.from) bottleneck = Math.min(bottleneck, arcs[via[v]!]!.residual)
    for (let v = sink; v !== 0; v = arcs[via[v]!]!.from) {
      arcs[via[v]!]!.residual -= bottleneck
      arcs[via[v]! ^ 1]!.residual += bottleneck
    }
    places += bottleneck
    cost += BigInt(bottleneck) * distance[sink]!
  }
}

// Up to 8 people and 30 items: past brute force, so the reference is textbook successive shortest paths.
const instance = fc
  .record({
    people: fc.integer({ min: 1, max: 8 }),
    items: fc.integer({ min: 1, max: 30 }),
    tied: fc.boolean(),
    seed: fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 400, maxLength: 400 }),
  })
  .map(({ people, items, tied, seed }) => {
    let k = 0
    const next = () => seed[k++ % seed.length]!
    const persons = Array.from({ length: people }, (_, p) => `p${p}`)
    const things = Array.from({ length: items }, (_, i) => `i${i}`)
    const scores: Affinity[] = []
    for (const item of things)
      for (const person of persons) {
        // Tied instances draw from five values, the rest from the full double range.
        if (next() < 0.4) scores.push({ person, item, score: tied ? Math.floor(next() * 5) / 4 : next() * 10 - 3 })
      }
    return {
      scores,
      capacity: Object.fromEntries(persons.map((p) => [p, Math.floor(next() * 5)])),
      demand: Object.fromEntries(things.map((t) => [t, 1 + Math.floor(next() * 2)])),
    }
  })

describe('FlowNetwork.minCostMaxFlow: a cheapest maximum flow (property)', () => {
  it.each([
    ['the default rounding', undefined],
    ['costs rounded to 7 steps', 7],
    ['costs rounded to a single step', 1],
  ])('matches successive shortest paths in places and total score, with %s', (_, resolution) => {
    // Coarse rounding leaves most of the work to the exact pass; the answer must not change.
    fc.assert(
      fc.property(instance, ({ scores, capacity, demand }) => {
        const chosen = assignWithResolution({ scores, capacity, demand }, resolution).assignments
        const reference = shortestPathsAssign(scores, capacity, demand)
        expect(chosen.length).toBe(reference.length)
        expect(total(chosen)).toBeCloseTo(total(reference), 9)
        // Float SSP can miss a tie broken below its 1e-12 tolerance; assign compares exactly, so never less.
        expect(exactTotal(chosen) >= exactTotal(reference)).toBe(true)
        for (const [p, c] of Object.entries(capacity))
          expect(chosen.filter((a) => a.person === p).length).toBeLessThanOrEqual(c)
        for (const [t, d] of Object.entries(demand))
          expect(chosen.filter((a) => a.item === t).length).toBeLessThanOrEqual(d)
      }),
      { numRuns: 150 },
    )
  })

  it.each([
    ['the default rounding', undefined],
    ['costs rounded to 7 steps', 7],
    ['costs rounded to a single step', 1],
  ])('is exact for scores of any magnitude, ties and outliers included, with %s', (_, resolution) => {
    // Tenths tie as decimals but not as doubles (0.1 + 0.2 > 0.3), one outlier can hide every other
    // difference from the floats, and subnormals sit at the bottom of the range: exact SSP is the judge.
    const wild = fc
      .record({
        people: fc.integer({ min: 1, max: 6 }),
        items: fc.integer({ min: 1, max: 16 }),
        kind: fc.constantFrom('tenths', 'outlier', 'crowded', 'subnormal', 'any'),
        outlier: fc.constantFrom(1e300, -1e300, 1e20, 1e9, Number.MAX_VALUE, -Number.MAX_VALUE),
        seed: fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), {
          minLength: 300,
          maxLength: 300,
        }),
        extra: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 8, maxLength: 8 }),
      })
      .map(({ people, items, kind, outlier, seed, extra }) => {
        let k = 0
        const next = () => seed[k++ % seed.length]!
        const persons = Array.from({ length: people }, (_, p) => `p${p}`)
        const things = Array.from({ length: items }, (_, i) => `i${i}`)
        const draw = (): number => {
          const u = next()
          if (kind === 'tenths') return Math.floor(u * 11) / 10
          if (kind === 'crowded') return 1e12 + Math.floor(u * 20) * 1e-3
          if (kind === 'subnormal') return Math.floor(u * 9 - 4) * Number.MIN_VALUE
          if (kind === 'any') return extra[Math.floor(u * extra.length)]!
          return Math.round(u * 1e4) / 1e4
        }
        const scores: Affinity[] = []
        for (const item of things)
          for (const person of persons) if (next() < 0.5) scores.push({ person, item, score: draw() })
        if (kind === 'outlier' && scores.length > 0) scores[Math.floor(next() * scores.length)]!.score = outlier
        return {
          scores,
          capacity: Object.fromEntries(persons.map((p) => [p, Math.floor(next() * 4)])),
          demand: Object.fromEntries(things.map((t) => [t, 1 + Math.floor(next() * 2)])),
        }
      })
    fc.assert(
      fc.property(wild, ({ scores, capacity, demand }) => {
        const chosen = assignWithResolution({ scores, capacity, demand }, resolution).assignments
        const reference = exactShortestPaths(scores, capacity, demand)
        expect(chosen.length).toBe(reference.places)
        expect(exactTotal(chosen)).toBe(reference.total)
      }),
      { numRuns: 150 },
    )
  })

  it('leaves a network without costs at its maximum flow', () => {
    const network = new FlowNetwork(4, 4)
    const arcs = [
      network.addArc(0, 1, 2, 0),
      network.addArc(0, 2, 1, 0),
      network.addArc(1, 3, 1, 0),
      network.addArc(2, 3, 5, 0),
    ]
    network.minCostMaxFlow(0, 3)
    expect(arcs.map((a) => network.flow(a))).toEqual([1, 1, 1, 1])
  })
})
