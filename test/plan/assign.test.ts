import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assign, type Affinity } from '../../src/index.js'
import { expectDuijieError } from '../helpers/errors.js'

/** Exhaustive search: every subset of candidate pairs that respects the constraints; best by (places, score). */
function bruteForce(
  scores: Affinity[],
  capacity: Record<string, number>,
  demand: Record<string, number>,
): { places: number; total: number } {
  let best = { places: 0, total: 0 }
  const load = new Map<string, number>()
  const filled = new Map<string, number>()
  const visit = (i: number, places: number, total: number) => {
    if (i === scores.length) {
      if (places > best.places || (places === best.places && total > best.total + 1e-9)) best = { places, total }
      return
    }
    visit(i + 1, places, total)
    const { person, item, score } = scores[i]!
    if ((load.get(person) ?? 0) < capacity[person]! && (filled.get(item) ?? 0) < (demand[item] ?? 1)) {
      load.set(person, (load.get(person) ?? 0) + 1)
      filled.set(item, (filled.get(item) ?? 0) + 1)
      visit(i + 1, places + 1, total + score)
      load.set(person, load.get(person)! - 1)
      filled.set(item, filled.get(item)! - 1)
    }
  }
  visit(0, 0, 0)
  return best
}

const people = ['p0', 'p1', 'p2', 'p3']
const things = ['i0', 'i1', 'i2', 'i3', 'i4']

const instance = fc
  .record({
    pairs: fc.uniqueArray(fc.tuple(fc.constantFrom(...people), fc.constantFrom(...things)), {
      maxLength: 11,
      selector: ([p, i]) => `${p}/${i}`,
    }),
    scores: fc.array(fc.integer({ min: -5, max: 20 }), { minLength: 11, maxLength: 11 }),
    capacity: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
    demand: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 5, maxLength: 5 }),
  })
  .map(({ pairs, scores, capacity, demand }) => ({
    scores: pairs.map(([person, item], k) => ({ person, item, score: scores[k]! / 4 })),
    capacity: Object.fromEntries(people.map((p, k) => [p, capacity[k]!])),
    demand: Object.fromEntries(things.map((t, k) => [t, demand[k]!])),
  }))

describe('assign: optimal against brute force (property)', () => {
  it('fills the most places, then the largest total score, within every constraint', () => {
    fc.assert(
      fc.property(instance, ({ scores, capacity, demand }) => {
        const { assignments, unassigned } = assign({ scores, capacity, demand })
        const best = bruteForce(scores, capacity, demand)
        expect(assignments.length).toBe(best.places)
        expect(assignments.reduce((s, a) => s + a.score, 0)).toBeCloseTo(best.total, 9)
        // Constraints: capacities, demands, only candidate pairs, no pair twice.
        for (const p of people)
          expect(assignments.filter((a) => a.person === p).length).toBeLessThanOrEqual(capacity[p]!)
        for (const t of things) expect(assignments.filter((a) => a.item === t).length).toBeLessThanOrEqual(demand[t]!)
        for (const a of assignments) expect(scores).toContainEqual(a)
        expect(new Set(assignments.map((a) => `${a.person}/${a.item}`)).size).toBe(assignments.length)
        // Every item short of its demand is reported, and no other.
        const short = things.filter((t) => assignments.filter((a) => a.item === t).length < demand[t]!)
        expect(unassigned.map((u) => u.item)).toEqual(short)
      }),
      { numRuns: 300 },
    )
  })

  it('honours conflicting pairs and minScore (property)', () => {
    fc.assert(
      fc.property(
        instance,
        fc.integer({ min: 0, max: 10 }),
        fc.double({ min: -1, max: 4, noNaN: true }),
        ({ scores, capacity, demand }, banCount, minScore) => {
          const conflicts = scores.slice(0, banCount).map(({ person, item }) => ({ person, item }))
          const { assignments } = assign({ scores, capacity, demand, conflicts, minScore })
          const allowed = scores.filter(
            (s) => s.score >= minScore && !conflicts.some((f) => f.person === s.person && f.item === s.item),
          )
          for (const a of assignments) expect(allowed).toContainEqual(a)
          expect(assignments.length).toBe(bruteForce(allowed, capacity, demand).places)
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('assign: reasons and errors in the user’s words', () => {
  it('explains why each item was left out', () => {
    const { assignments, unassigned } = assign({
      scores: [
        { person: 'wang', item: 'busy', score: 0.9 },
        { person: 'wang', item: 'full', score: 0.5 },
        { person: 'li', item: 'low', score: 0.1 },
        { person: 'li', item: 'conflict', score: 0.8 },
      ],
      capacity: { wang: 1, li: 3 },
      demand: { busy: 1, full: 1, low: 1, conflict: 1, nobody: 1 },
      conflicts: [{ person: 'li', item: 'conflict' }],
      minScore: 0.2,
    })
    expect(assignments).toEqual([{ person: 'wang', item: 'busy', score: 0.9 }])
    expect(Object.fromEntries(unassigned.map((u) => [u.item, u.reason]))).toEqual({
      conflict: 'every candidate has a conflict (li); add candidates without one',
      full: 'all 1 candidate is at capacity (wang); raise their capacity or add candidates',
      low: 'no candidate above minScore 0.2 (the best scores 0.100); lower minScore or add candidates',
      nobody: 'no candidate was scored for it',
    })
  })

  it('prefers the pairing with the larger total when places are equal', () => {
    const { assignments } = assign({
      scores: [
        { person: 'a', item: 'x', score: 0.9 },
        { person: 'a', item: 'y', score: 0.8 },
        { person: 'b', item: 'x', score: 0.7 },
      ],
      capacity: { a: 1, b: 1 },
    })
    // Greedy would give a→x (0.9) and leave y out; covering both items comes first.
    expect(assignments).toEqual([
      { person: 'b', item: 'x', score: 0.7 },
      { person: 'a', item: 'y', score: 0.8 },
    ])
  })

  it('treats capacities and demands beyond 32 bits as unlimited', () => {
    const scores = [
      { person: 'a', item: 'x', score: 1 },
      { person: 'a', item: 'y', score: 2 },
    ]
    expect(assign({ scores, capacity: { a: 2 ** 33 }, demand: 2 ** 40 }).assignments).toEqual(scores)
  })

  it.each([
    [
      { scores: [{ person: 'a', item: 'x', score: Number.NaN }], capacity: { a: 1 } },
      /field "scores.0.score": must be a number, got NaN/,
    ],
    [{ scores: [], capacity: { a: -1 } }, /field "capacity.a": must not be negative/],
    [
      { scores: [{ person: 'ghost', item: 'x', score: 1 }], capacity: { a: 1 } },
      /field "scores.0.person": "ghost" has no capacity entry/,
    ],
    [
      {
        scores: [{ person: 'a', item: 'x', score: 1 }],
        capacity: { a: 1 },
        conflicts: [{ person: 'a', item: 'nope' }],
      },
      /field "conflicts.0.item": unknown item "nope"/,
    ],
    [
      {
        scores: [
          { person: 'a', item: 'x', score: 1 },
          { person: 'a', item: 'x', score: 2 },
        ],
        capacity: { a: 1 },
      },
      /repeats the pair \(a, x\)/,
    ],
    [
      { scores: [{ person: 'a', item: 'x', score: Infinity }], capacity: { a: 1 } },
      /field "scores.0.score": must be finite/,
    ],
    [{ scores: [], capacity: { a: 1.5 } }, /field "capacity.a": must be a whole number/],
    [{ scores: [], capacity: {}, minScore: Number.NaN }, /field "minScore": must be a number, got NaN/],
    [undefined, /field "\(input\)": must be an object/],
    // zod's record skips an own __proto__ key; assign reads every own key, so its value is checked too.
    [{ scores: [], capacity: JSON.parse('{"__proto__": -1}') }, /field "capacity.__proto__": must not be negative/],
    [{ scores: [], capacity: { [Symbol('a')]: 1 } }, /field "capacity": has a Symbol key/],
  ])('rejects bad input with a clear error (%#)', (input, message) => {
    expect(expectDuijieError(() => assign(input as never), 'INPUT').message).toMatch(message)
  })
})
