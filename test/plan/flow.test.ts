import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { shortestPathsAssign } from '../../bench/lib/assign-baselines.js'
import type { Affinity } from '../../src/index.js'
import { assignWithResolution } from '../../src/plan/assign.js'
import { FlowNetwork } from '../../src/plan/flow.js'

const total = (chosen: Affinity[]) => chosen.reduce((s, a) => s + a.score, 0)

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
        for (const [p, c] of Object.entries(capacity))
          expect(chosen.filter((a) => a.person === p).length).toBeLessThanOrEqual(c)
        for (const [t, d] of Object.entries(demand))
          expect(chosen.filter((a) => a.item === t).length).toBeLessThanOrEqual(d)
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
