import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Vocabulary } from '../../src/profile/vocabulary.js'

describe('Vocabulary', () => {
  it('gives every distinct term one dense id, and back, for any mix of lengths (property)', () => {
    const term = fc.oneof(
      fc.string({ minLength: 2, maxLength: 2 }),
      fc.string({ maxLength: 4 }),
      fc.constantFrom('焊接', '接机', '__proto__', 'constructor'),
    )
    fc.assert(
      fc.property(fc.array(term, { maxLength: 3000 }), (terms) => {
        const v = new Vocabulary()
        const expected = new Map<string, number>()
        for (const t of terms) {
          if (!expected.has(t)) expected.set(t, expected.size)
          expect(v.intern(t)).toBe(expected.get(t))
        }
        expect(v.size).toBe(expected.size)
        for (const [t, id] of expected) {
          expect(v.idOf(t)).toBe(id)
          expect(v.term(id)).toBe(t)
        }
        expect(v.idOf('never seen')).toBe(-1)
        expect(v.idOf('无此')).toBe(expected.get('无此') ?? -1)
      }),
      { numRuns: 100 },
    )
  })

  it('after truncate(size) behaves like a vocabulary that only ever saw the first size terms (property)', () => {
    const term = fc.oneof(fc.string({ minLength: 2, maxLength: 2 }), fc.string({ maxLength: 4 }))
    fc.assert(
      fc.property(
        fc.uniqueArray(term, { maxLength: 2000 }),
        fc.nat(),
        fc.array(term, { maxLength: 50 }),
        (terms, cut, later) => {
          const size = terms.length === 0 ? 0 : cut % (terms.length + 1)
          const truncated = new Vocabulary()
          for (const t of terms) truncated.intern(t)
          truncated.truncate(size)
          const fresh = new Vocabulary()
          for (const t of terms.slice(0, size)) fresh.intern(t)
          expect(truncated.size).toBe(size)
          for (const t of terms) expect(truncated.idOf(t)).toBe(fresh.idOf(t))
          for (const t of later) expect(truncated.intern(t)).toBe(fresh.intern(t))
          expect(truncated.list()).toEqual(fresh.list())
        },
      ),
      { numRuns: 100 },
    )
  })
})
