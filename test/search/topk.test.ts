import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TopK } from '../../src/search/topk.js'

describe('TopK', () => {
  it('keeps the same items as a full sort by score desc then doc asc (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 12 }),
        (scores, k) => {
          const top = new TopK(k, (a, b) => a < b)
          scores.forEach((s, doc) => top.offer(doc, s))
          const expected = scores
            .map((score, doc) => ({ doc, score }))
            .sort((a, b) => b.score - a.score || a.doc - b.doc)
            .slice(0, k)
          expect(top.sorted()).toEqual(expected)
        },
      ),
    )
  })

  it('reports the worst kept score as threshold once full', () => {
    const top = new TopK(2, (a, b) => a < b)
    expect(top.threshold).toBe(-Infinity)
    top.offer(1, 0.3)
    top.offer(2, 0.9)
    top.offer(3, 0.5)
    expect(top.threshold).toBe(0.5)
  })
})
