import { describe, expect, it } from 'vitest'
import { accuracyAt1, averagePrecision, mrr, ndcg, precisionAtK, recallAtK } from '../../src/index.js'
import { expectDuijieError } from '../helpers/errors.js'

// Two queries worked out by hand:
//   q1 ranks a b c d e, relevant {b, d}      q2 ranks x y z, relevant {z, w}
const runs = [
  { ranked: ['a', 'b', 'c', 'd', 'e'], relevant: ['b', 'd'] },
  { ranked: ['x', 'y', 'z'], relevant: new Set(['z', 'w']) },
]

describe('relevance metrics against values worked out by hand', () => {
  it('mrr: first relevant at rank 2 and rank 3 → (1/2 + 1/3) / 2', () => {
    expect(mrr(runs)).toBeCloseTo((1 / 2 + 1 / 3) / 2, 12)
    expect(mrr(runs, 2)).toBeCloseTo((1 / 2 + 0) / 2, 12) // q2's hit is beyond k
  })

  it('precisionAtK: q1 has 1 of 2 in its top 2, q2 none → 0.25; at 5, (2/5 + 1/5) / 2', () => {
    expect(precisionAtK(runs, 2)).toBeCloseTo(0.25, 12)
    expect(precisionAtK(runs, 5)).toBeCloseTo(0.3, 12)
  })

  it('recallAtK: at 3, q1 finds 1 of 2 and q2 1 of 2 → 0.5; at 5, (2/2 + 1/2) / 2', () => {
    expect(recallAtK(runs, 3)).toBeCloseTo(0.5, 12)
    expect(recallAtK(runs, 5)).toBeCloseTo(0.75, 12)
  })

  it('accuracyAt1: neither query ranks a relevant id first → 0; one of two → 0.5', () => {
    expect(accuracyAt1(runs)).toBe(0)
    expect(accuracyAt1([...runs, { ranked: ['k'], relevant: ['k'] }, { ranked: [], relevant: ['k'] }])).toBe(0.25)
  })

  it('averagePrecision: q1 (1/2 + 2/4) / 2 = 0.5, q2 (1/3) / 2 = 1/6 → mean 1/3', () => {
    expect(averagePrecision(runs)).toBeCloseTo((0.5 + 1 / 6) / 2, 12)
  })

  it('ndcg: q1 (1/log2 3 + 1/log2 5) / (1 + 1/log2 3), q2 (1/log2 4) / (1 + 1/log2 3)', () => {
    const ideal = 1 + 1 / Math.log2(3)
    const q1 = (1 / Math.log2(3) + 1 / Math.log2(5)) / ideal
    const q2 = 1 / Math.log2(4) / ideal
    expect(ndcg(runs)).toBeCloseTo((q1 + q2) / 2, 12)
  })

  it('ndcg uses graded gains from a map', () => {
    // gains a=3, b=1; ranked b, a: dcg = 1 + 3/log2 3; ideal = 3 + 1/log2 3
    const graded = [
      {
        ranked: ['b', 'a'],
        relevant: new Map([
          ['a', 3],
          ['b', 1],
          ['c', 0],
        ]),
      },
    ]
    expect(ndcg(graded)).toBeCloseTo((1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3)), 12)
    expect(
      ndcg([
        {
          ranked: ['a', 'b'],
          relevant: new Map([
            ['a', 3],
            ['b', 1],
          ]),
        },
      ]),
    ).toBeCloseTo(1, 12)
  })

  it('rejects empty input, queries without relevant ids and bad k, naming the problem', () => {
    expect(expectDuijieError(() => mrr([]), 'INPUT').message).toMatch(/^duijie: mrr: needs a non-empty array/)
    expect(expectDuijieError(() => precisionAtK([{ ranked: ['a'], relevant: [] }], 1), 'INPUT').message).toMatch(
      /ranking at index 0: field "relevant": has no relevant id/,
    )
    expect(expectDuijieError(() => recallAtK(runs, 0), 'INPUT').message).toMatch(/k must be a positive integer, got 0/)
  })

  it('rejects a ranking that repeats an id, bad gains and malformed runs, naming the run and field', () => {
    // A repeat would count as a second hit: recall 2 for ['a', 'a'] against ['a'].
    expect(
      expectDuijieError(() => recallAtK([{ ranked: ['a', 'a'], relevant: ['a'] }], 2), 'INPUT', ['ranked.1']).message,
    ).toMatch(/ranking at index 0: field "ranked.1": repeats "a"/)
    expectDuijieError(() => ndcg([{ ranked: ['a'], relevant: new Map([['a', Number.POSITIVE_INFINITY]]) }]), 'INPUT', [
      'relevant',
    ])
    expectDuijieError(() => ndcg([{ ranked: ['a'], relevant: new Map([['a', -1]]) }]), 'INPUT', ['relevant.a'])
    // A string is not a list of ids, though it is iterable.
    expectDuijieError(() => mrr([{ ranked: ['a'], relevant: 'ab' as never }]), 'INPUT', ['relevant'])
    const error = expectDuijieError(() => mrr([runs[0]!, null as never]), 'INPUT', ['(record)'])
    expect(error.issues[0]!.index).toBe(1)
  })
})
