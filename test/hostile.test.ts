// Regression tests for the classes of hostile input issue 11 found, one block per class.
import { describe, expect, it } from 'vitest'
import { Matcher, type Segmenter, assign } from '../src/index.js'
import { expectDuijieError } from './helpers/errors.js'

const UNIVERSITIES = [{ id: 'just', name: '江苏科技大学', description: '船舶与海洋工程' }]
const EXPERTS = [{ id: 'weld', name: '甲', universityId: 'just', specialties: ['船舶焊接', '焊接机器人'] }]

/** A segmenter that throws on one run and otherwise cuts characters. */
function failingOn(bad: string): Segmenter {
  return { id: 'chars@test', cut: (run) => (run.includes(bad) ? explode() : [...run]) }
}
function explode(): never {
  throw new Error('segmenter failed')
}

describe('1. a failure inside analysis leaves the matcher as it was', () => {
  it('a need whose second field fails does not poison later needs or profiles', () => {
    const m = new Matcher({ segmenter: failingOn('炸'), domainDictionary: false })
      .addUniversities(UNIVERSITIES)
      .addExperts(EXPERTS)
    const before = m.match('焊接机器人')
    expect(before.experts.map((e) => e.id)).toEqual(['weld'])
    expect(() => m.match({ title: '焊接机器人', text: '炸药' })).toThrow('segmenter failed')
    expect(m.match('焊接机器人')).toEqual(before)
    const stats = m.stats
    expect(() => m.addExperts([{ id: 'x', name: '乙', universityId: 'just', specialties: ['焊接', '炸药'] }])).toThrow()
    expect(m.stats).toEqual(stats)
    m.addExperts([{ id: 'y', name: '丙', universityId: 'just', specialties: ['焊接机器人'] }])
    expect(
      m
        .match('焊接机器人')
        .experts.map((e) => e.id)
        .sort(),
    ).toEqual(['weld', 'y'])
  })
})

describe('2. nothing depends on the size of an argument list', () => {
  it('a 150,000-character field without punctuation', () => {
    const m = new Matcher({ maxTextLength: 200_000 }).addUniversities(UNIVERSITIES)
    m.addExperts([{ id: 'long', name: '长', universityId: 'just', description: '焊接'.repeat(75_000) }])
    expect(m.match('焊接').experts[0]!.id).toBe('long')
  })

  it('addWords with 130,000 words, and a batch of 130,000 duplicates', () => {
    const m = new Matcher().addUniversities(UNIVERSITIES).addExperts(EXPERTS)
    const words = Array.from({ length: 130_000 }, (_, i) => `词${i}`)
    expect(m.addWords(words)).toBe(130_000)
    expect(Matcher.fromBinary(m.toBinary()).stats).toEqual(m.stats)
    const duplicates = Array.from({ length: 130_000 }, () => EXPERTS[0]!)
    const error = expectDuijieError(() => m.addExperts(duplicates), 'INPUT')
    expect(error.issues.length).toBe(130_000)
  })
})

describe('2b. assign with 150,000 candidates for one item', () => {
  it('explains why the item is left out without spreading them into an argument list', () => {
    const people = Array.from({ length: 150_000 }, (_, i) => `p${i}`)
    const scores = people.map((person, i) => ({ person, item: 'x', score: i / 1e6 }))
    const capacity = Object.fromEntries(people.map((p) => [p, 1]))
    const result = assign({ scores, capacity, minScore: 1 })
    expect(result.assignments).toEqual([])
    expect(result.unassigned[0]!.reason).toContain('the best scores 0.150')
  })
})

describe('7. every option is checked before any work', () => {
  it('a typo in match options, onProgress that is not a function, unknown load options', () => {
    const m = new Matcher().addUniversities(UNIVERSITIES).addExperts(EXPERTS)
    expectDuijieError(() => m.match('焊接', { topk: 3 } as never), 'INPUT', ['topk'])
    let ranked = 0
    const counting = { onProgress: () => ranked++ }
    expectDuijieError(() => m.matchAll(['焊接'], { onProgress: 5 } as never), 'INPUT', ['onProgress'])
    m.matchAll(['焊接', '船舶'], counting)
    expect(ranked).toBe(2)
    expectDuijieError(() => Matcher.fromJSON(m.toJSON(), { topK: 3 } as never), 'INPUT', ['topK'])
  })

  it('field weights that would overflow 32-bit floats are refused', () => {
    expectDuijieError(() => new Matcher({ fieldWeights: { specialties: 1e300 } }), 'INPUT', [
      'fieldWeights.specialties',
    ])
  })
})

describe('8. messages say what is wrong and what is allowed', () => {
  it.each([
    [{ fieldWeights: { specialties: -1 } }, 'fieldWeights.specialties', 'must not be negative'],
    [{ bm25: { b: 2 } }, 'bm25.b', 'must be at most 1'],
    [{ university: { decay: Number.NaN } }, 'university.decay', 'must be a number, got NaN'],
    [{ topK: 2.5 }, 'topK', ''],
  ])('%j', (options, field, message) => {
    const error = expectDuijieError(() => new Matcher(options as never), 'INPUT', [field])
    expect(error.issues[0]!.message).toContain(message)
    expect(error.message).not.toContain('a undefined')
  })
})
