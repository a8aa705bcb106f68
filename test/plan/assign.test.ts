import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assign, type Affinity } from '../../src/index.js'
import { expectDuijieError } from '../helpers/errors.js'
import { exact, exactTotal } from '../helpers/exact.js'

/**
 * Exhaustive search: every subset of candidate pairs that respects the constraints; best by (places, exact
 * total score).
 */
function bruteForce(
  scores: Affinity[],
  capacity: Record<string, number>,
  demand: Record<string, number>,
): { places: number; total: bigint } {
  let best = { places: 0, total: 0n }
  const load = new Map<string, number>()
  const filled = new Map<string, number>()
  const values = scores.map((s) => exact(s.score))
  const visit = (i: number, places: number, total: bigint) => {
    if (i === scores.length) {
      if (places > best.places || (places === best.places && total > best.total)) best = { places, total }
      return
    }
    visit(i + 1, places, total)
    const { person, item } = scores[i]!
    if ((load.get(person) ?? 0) < capacity[person]! && (filled.get(item) ?? 0) < (demand[item] ?? 1)) {
      load.set(person, (load.get(person) ?? 0) + 1)
      filled.set(item, (filled.get(item) ?? 0) + 1)
      visit(i + 1, places + 1, total + values[i]!)
      load.set(person, load.get(person)! - 1)
      filled.set(item, filled.get(item)! - 1)
    }
  }
  visit(0, 0, 0n)
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
        expect(exactTotal(assignments)).toBe(best.total)
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

/**
 * Two people, two items, capacity 1 each: both pairings fill both places, and `cross` (a→y, b→x) beats
 * `straight` (a→x, b→y) or not depending on the scores alone.
 */
function square(ax: number, ay: number, bx: number, by: number) {
  return {
    scores: [
      { person: 'a', item: 'x', score: ax },
      { person: 'a', item: 'y', score: ay },
      { person: 'b', item: 'x', score: bx },
      { person: 'b', item: 'y', score: by },
    ],
    capacity: { a: 1, b: 1 },
  }
}
const straight = (ax: number, by: number) => [
  { person: 'a', item: 'x', score: ax },
  { person: 'b', item: 'y', score: by },
]
const cross = (bx: number, ay: number) => [
  { person: 'b', item: 'x', score: bx },
  { person: 'a', item: 'y', score: ay },
]
/** assign, timed: the scores below once hung it, so each must also come back quickly. */
function quickly(input: Parameters<typeof assign>[0]) {
  const started = performance.now()
  const result = assign(input)
  expect(performance.now() - started).toBeLessThan(200)
  return result.assignments
}

describe('assign: exact at the edges of floating point (issue 11)', () => {
  it('counts its references exactly', () => {
    expect(exact(Number.MIN_VALUE)).toBe(1n)
    expect(exact(1)).toBe(1n << 1074n)
    expect(exact(-0.75)).toBe(-3n << 1072n)
    expect(exact(Number.MAX_VALUE)).toBe(((1n << 53n) - 1n) << 2045n)
    expect(exactTotal(straight(1e308, 1e308))).toBe(2n * exact(1e308))
  })

  it('scores of 1e-300 and 2e-300 terminate and pick the larger total', () => {
    // Greedy takes a→x first; the cross pairing totals 4e-300 against 3e-300.
    expect(quickly(square(2e-300, 2e-300, 2e-300, 1e-300))).toEqual(cross(2e-300, 2e-300))
    expect(quickly(square(2e-300, 1e-300, 1e-300, 1e-300))).toEqual(straight(2e-300, 1e-300))
  })

  it('subnormal scores 5e-324 and 1e-323 terminate and pick the larger total', () => {
    expect(quickly(square(1e-323, 1e-323, 1e-323, 5e-324))).toEqual(cross(1e-323, 1e-323))
    expect(quickly(square(1e-323, 5e-324, 5e-324, 5e-324))).toEqual(straight(1e-323, 5e-324))
  })

  it('scores of −1e308 and 1e308 pick the right pair, even where the totals overflow as floats', () => {
    const one = quickly({
      scores: [
        { person: 'a', item: 'x', score: -1e308 },
        { person: 'b', item: 'x', score: 1e308 },
      ],
      capacity: { a: 1, b: 1 },
    })
    expect(one).toEqual([{ person: 'b', item: 'x', score: 1e308 }])
    // 1e308 + 1e308 is Infinity as a float, and 1e308 − (−1e308) too; the straight pairing is the larger.
    expect(quickly(square(1e308, -1e308, 1e308, 1e308))).toEqual(straight(1e308, 1e308))
    expect(quickly(square(-1e308, 1e308, 1e308, -1e308))).toEqual(cross(1e308, 1e308))
  })

  it('one score at 1e12 does not hide differences of 1e-3 between the others', () => {
    const assignments = quickly({
      scores: [{ person: 'z', item: 'w', score: 1e12 }, ...square(0.003, 0.002, 0.002, 0).scores],
      capacity: { a: 1, b: 1, z: 1 },
    })
    // 0.002 + 0.002 beats 0.003 + 0.
    expect(assignments).toEqual([
      { person: 'z', item: 'w', score: 1e12 },
      { person: 'b', item: 'x', score: 0.002 },
      { person: 'a', item: 'y', score: 0.002 },
    ])
    // Crowded at 1e12: the spread is 3e-3 on a value whose float spacing is 1.2e-4.
    expect(quickly(square(1e12 + 0.003, 1e12 + 0.002, 1e12 + 0.002, 1e12))).toEqual(cross(1e12 + 0.002, 1e12 + 0.002))
  })

  it('decides by the exact totals, however far apart the magnitudes', () => {
    // 1e308 + 5e-324 against 1e308 + 0: a difference of one subnormal on a total near the largest double.
    expect(quickly(square(1e308, 1e308, 5e-324, 0))).toEqual(cross(5e-324, 1e308))
    expect(quickly(square(1e308, 1e308, 0, 5e-324))).toEqual(straight(1e308, 5e-324))
    // 1e16 + 1 is not a double; 1e16 + 2 is.
    expect(quickly(square(1e16, 1e16, 1, 2))).toEqual(straight(1e16, 2))
    // As doubles, 0.1 + 0.2 exceeds 0.3 + 0 (by 2.8e-17).
    expect(quickly(square(0.3, 0.2, 0.1, 0))).toEqual(cross(0.1, 0.2))
  })

  it('handles mixed signs, equal scores, Number.MIN_VALUE and ±Number.MAX_VALUE', () => {
    const { MAX_VALUE: max, MIN_VALUE: min } = Number
    expect(quickly(square(-1e-300, 1e-300, 1e-300, -1e-300))).toEqual(cross(1e-300, 1e-300))
    expect(quickly(square(-5e-324, -1e-323, -1e-323, -5e-324))).toEqual(straight(-5e-324, -5e-324))
    expect(quickly(square(0, min, min, 0))).toEqual(cross(min, min))
    expect(quickly(square(min, 0, -min, min))).toEqual(straight(min, min))
    expect(quickly(square(max, max, max, -max))).toEqual(cross(max, max))
    expect(quickly(square(-max, -max, -max, max))).toEqual(straight(-max, max))
    expect(quickly(square(max, -max, -max, max))).toEqual(straight(max, max))
    expect(quickly(square(-max, -max, -max, -max))).toHaveLength(2)
    for (const score of [0, -0, 7, -max, max, min, -min, 1e12])
      expect(exactTotal(quickly(square(score, score, score, score)))).toBe(2n * exact(score))
    expect(quickly(square(max, -max, 0, min))).toEqual(straight(max, min))
    // Covering both items comes first, however bad the scores that allow it.
    expect(
      quickly({
        scores: [
          { person: 'a', item: 'x', score: max },
          { person: 'a', item: 'y', score: -max },
          { person: 'b', item: 'x', score: -max },
        ],
        capacity: { a: 1, b: 1 },
      }),
    ).toEqual(cross(-max, -max))
  })
})

const extreme = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, -5e-324, 1e-323, 0, -0, 1e-300, 2e-300),
  fc.integer({ min: -5, max: 5 }).map((k) => k * Number.MIN_VALUE),
  fc.integer({ min: -5, max: 5 }).map((k) => 1e12 + k * 1e-3),
  fc.integer({ min: -5, max: 5 }).map((k) => k / 10),
)

const extremeInstance = fc
  .record({
    pairs: fc.uniqueArray(fc.tuple(fc.constantFrom(...people), fc.constantFrom(...things, 'i5')), {
      maxLength: 12,
      selector: ([p, i]) => `${p}/${i}`,
    }),
    scores: fc.array(extreme, { minLength: 12, maxLength: 12 }),
    capacity: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
    demand: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 6, maxLength: 6 }),
  })
  .map(({ pairs, scores, capacity, demand }) => ({
    scores: pairs.map(([person, item], k) => ({ person, item, score: scores[k]! })),
    capacity: Object.fromEntries(people.map((p, k) => [p, capacity[k]!])),
    demand: Object.fromEntries([...things, 'i5'].map((t, k) => [t, demand[k]!])),
  }))

describe('assign: exact for any finite scores (property)', () => {
  it('fills the most places, then the largest exact total, quickly, with scores of any magnitude', () => {
    fc.assert(
      fc.property(extremeInstance, ({ scores, capacity, demand }) => {
        const started = performance.now()
        const { assignments } = assign({ scores, capacity, demand })
        expect(performance.now() - started).toBeLessThan(200)
        const best = bruteForce(scores, capacity, demand)
        expect(assignments.length).toBe(best.places)
        expect(exactTotal(assignments)).toBe(best.total)
        for (const p of people)
          expect(assignments.filter((a) => a.person === p).length).toBeLessThanOrEqual(capacity[p]!)
        for (const t of Object.keys(demand))
          expect(assignments.filter((a) => a.item === t).length).toBeLessThanOrEqual(demand[t]!)
        for (const a of assignments) expect(scores).toContainEqual(a)
      }),
      { numRuns: 500 },
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
    // Unknown keys are refused, not ignored (issue 11, audit F1): a misspelt minScore would assign below it.
    [
      { scores: [{ person: 'a', item: 'x', score: 0.1 }], capacity: { a: 1 }, minscore: 1 },
      /field "minscore": is not a known field; did you mean "minScore"\?/,
    ],
    [
      { scores: [{ person: 'a', item: 'x', score: 1 }], capacity: { a: 1 }, conflict: [{ person: 'a', item: 'x' }] },
      /field "conflict": is not a known field; did you mean "conflicts"\?/,
    ],
    [
      { scores: [{ person: 'a', item: 'x', score: 1, weight: 2 }], capacity: { a: 1 } },
      /field "scores.0.weight": is not a known field; the known fields are "person", "item", "score"/,
    ],
    [
      { scores: [{ person: 'a', item: 'x', score: 1 }], capacity: { a: 1 }, conflicts: [{ person: 'a', itme: 'x' }] },
      /field "conflicts.0.itme": is not a known field; did you mean "item"\?/,
    ],
    [{ scores: [], capacity: {}, demnad: 2 }, /field "demnad": is not a known field; did you mean "demand"\?/],
    // zod's stock English never shows (audit F4).
    [{ scores: [], capacity: {}, minScore: '1' }, /field "minScore": must be a number, got a string/],
  ])('rejects bad input with a clear error (%#)', (input, message) => {
    const error = expectDuijieError(() => assign(input as never), 'INPUT')
    expect(error.message).toMatch(message)
    expect(error.message).not.toMatch(/Invalid input|Too (small|big)|expected int|received|Unrecognized/)
  })
})
