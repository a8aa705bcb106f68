// Regression tests for the classes of hostile input issue 11 found, one block per class.
import { describe, expect, it } from 'vitest'
import { DuijieError, Matcher, type Segmenter, assign, planWeek } from '../src/index.js'
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
    [{ topK: 2.5 }, 'topK', 'must be a whole number ≥ 1, got 2.5'],
  ])('%j', (options, field, message) => {
    const error = expectDuijieError(() => new Matcher(options as never), 'INPUT', [field])
    expect(error.issues[0]!.message).toContain(message)
    expect(error.message).not.toContain('a undefined')
  })
})

describe('3b. text made only of invisible characters is blank (audit F6)', () => {
  const m = () => new Matcher().addUniversities(UNIVERSITIES).addExperts(EXPERTS)
  it.each([
    ['zero-width space and joiner', '\u200B\u200D'],
    ['a soft hyphen', '\u00AD'],
    ['NUL', '\u0000'],
    ['a byte-order mark and spaces', ' \uFEFF '],
    ['a word joiner', '\u2060'],
  ])('a need of %s is refused, like an empty one', (_, text) => {
    const matcher = m()
    const stats = matcher.stats
    const error = expectDuijieError(() => matcher.match(text), 'INPUT', ['text'])
    expect(error.issues[0]!.message).toMatch(/^must not be empty/)
    expect(matcher.stats).toEqual(stats)
  })

  it('an id, a name or a specialty of invisible characters is refused; one with a visible character is data', () => {
    const matcher = m()
    const stats = matcher.stats
    expectDuijieError(() => matcher.addUniversities([{ id: '\u200B', name: '大学' }]), 'INPUT', ['id'])
    expectDuijieError(() => matcher.addUniversities([{ id: 'u', name: '\uFEFF\u00AD' }]), 'INPUT', ['name'])
    const specialty = { id: 'z', name: '丁', universityId: 'just', specialties: ['\u200B\u00AD'] }
    const error = expectDuijieError(() => matcher.addExperts([specialty]), 'INPUT', ['specialties.0'])
    expect(error.issues[0]!.message).toContain('only invisible characters')
    expect(matcher.stats).toEqual(stats)
    const members = [{ id: 'amy', name: '\u200B', universityId: 'just' }]
    const enterprises = [{ id: 'yard', name: '船厂', needs: ['船舶焊接'] }]
    expectDuijieError(() => planWeek({ matcher, members, enterprises }), 'INPUT', ['name'])
    // A visible character among invisible ones is text like any other.
    matcher.addExperts([{ id: 'a\u200Bb', name: '戊', universityId: 'just', specialties: ['焊\u200B接'] }])
    expect(matcher.hasExpert('a\u200Bb')).toBe(true)
    expect(matcher.match('焊\u00AD接').experts.map((e) => e.id)).toContain('a\u200Bb')
  })
})

describe('6b. planWeek refuses two needs with one id in one enterprise (audit F7)', () => {
  it('names the enterprise and the index of the repeated need', () => {
    const matcher = new Matcher().addUniversities(UNIVERSITIES).addExperts(EXPERTS)
    const members = [{ id: 'amy', name: '甲', universityId: 'just' }]
    const twice = {
      id: 'yard',
      name: '船厂',
      needs: [
        { id: 'n1', text: '船舶焊接' },
        { id: 'n2', text: '焊接机器人' },
        { id: 'n1', text: '疫苗' },
      ],
    }
    const error = expectDuijieError(
      () => planWeek({ matcher, members, enterprises: [{ id: 'shop', name: '车间', needs: ['焊接'] }, twice] }),
      'INPUT',
      ['needs.2.id'],
    )
    expect(error.issues[0]).toMatchObject({ index: 1, id: 'yard' })
    expect(error.message).toContain(
      'enterprise at index 1 (id "yard"): field "needs.2.id": duplicates the id of need 0',
    )
    // The same need id in two enterprises is fine: a need id is unique within its enterprise.
    const other = { id: 'dock', name: '码头', needs: [{ id: 'n1', text: '焊接机器人' }] }
    const plan = planWeek({ matcher, members, enterprises: [{ ...twice, needs: twice.needs.slice(0, 2) }, other] })
    expect(plan.visits.map((v) => [v.enterpriseId, v.needIds]).sort()).toEqual([
      ['dock', ['n1']],
      ['yard', ['n1', 'n2']],
    ])
  })
})

describe('7b. planWeek and assign refuse unknown keys, with a "did you mean" (audit F1)', () => {
  const matcher = () => new Matcher().addUniversities(UNIVERSITIES).addExperts(EXPERTS)
  const members = [{ id: 'amy', name: '甲', universityId: 'just' }]
  const enterprises = [{ id: 'yard', name: '船厂', needs: ['船舶焊接'] }]
  const visit = { memberId: 'amy', enterpriseId: 'yard', date: '2026-11-01' }
  it.each<[string, object, string, string, string]>([
    ['a top-level option', { expertCapacty: 0 }, 'input', 'expertCapacty', 'expertCapacity'],
    ['a member', { members: [{ ...members[0], activ: false }] }, 'member at index 0 (id "amy")', 'activ', 'active'],
    [
      'an enterprise',
      { enterprises: [{ ...enterprises[0], neds: [] }] },
      'enterprise at index 0 (id "yard")',
      'neds',
      'needs',
    ],
    ['a history entry', { history: [{ ...visit, dat: 'x' }] }, 'history entry at index 0', 'dat', 'date'],
    [
      'a conflict',
      { conflicts: [{ memberId: 'amy', expertID: 'weld', enterpriseId: 'yard' }] },
      'conflict at index 0',
      'expertID',
      'expertId',
    ],
  ])('planWeek: a misspelt key of %s', (_, patch, record, key, meant) => {
    const m = matcher()
    const before = JSON.stringify([m.stats, m.match('船舶焊接')])
    const error = expectDuijieError(() => planWeek({ matcher: m, members, enterprises, ...patch } as never), 'INPUT', [
      key,
    ])
    expect(error.message).toContain(
      `planWeek: ${record}: field "${key}": is not a known field; did you mean "${meant}"?`,
    )
    expect(JSON.stringify([m.stats, m.match('船舶焊接')])).toBe(before)
  })

  const scores = [{ person: 'p', item: 'x', score: 0.1 }]
  it.each<[string, object, string, string]>([
    ['minscore', { scores, capacity: { p: 1 }, minscore: 1 }, 'minscore', 'did you mean "minScore"?'],
    [
      'conflict',
      { scores, capacity: { p: 1 }, conflict: [{ person: 'p', item: 'x' }] },
      'conflict',
      'did you mean "conflicts"?',
    ],
    [
      'a key of a score',
      { scores: [{ ...scores[0], weight: 3 }], capacity: { p: 1 } },
      'scores.0.weight',
      'the known fields are "person", "item", "score"',
    ],
    [
      'a key of a conflict',
      { scores, capacity: { p: 1 }, conflicts: [{ person: 'p', item: 'x', persno: 'p' }] },
      'conflicts.0.persno',
      'did you mean "person"?',
    ],
  ])('assign: %s', (_, input, field, hint) => {
    const error = expectDuijieError(() => assign(input as never), 'INPUT', [field])
    expect(error.issues[0]!.message).toBe(`is not a known field; ${hint}`)
  })

  it('every misspelt key is named, each with its guess', () => {
    const error = expectDuijieError(
      () => assign({ scores, capacity: { p: 1 }, minscore: 1, conflict: [] } as never),
      'INPUT',
    )
    expect(error.issues.map((i) => [i.field, i.message])).toEqual([
      [
        'minscore, conflict',
        'are not known fields; did you mean "minScore" for "minscore", "conflicts" for "conflict"?',
      ],
    ])
  })
})

describe("8b. no message is zod's stock English (audit F2, F4)", () => {
  const ZOD_ENGLISH =
    /Invalid (input|option|key|element)|Too (small|big)|expected (int|number|string|object|array)|received|Unrecognized key/
  const m = new Matcher().addUniversities(UNIVERSITIES).addExperts(EXPERTS)
  const snapshot = m.toJSON()
  it.each<[string, () => unknown, string, string | undefined]>([
    ['new Matcher({ topK: 2.5 })', () => new Matcher({ topK: 2.5 }), 'topK', 'must be a whole number ≥ 1, got 2.5'],
    ['new Matcher({ topK: 0 })', () => new Matcher({ topK: 0 }), 'topK', 'must be a whole number ≥ 1, got 0'],
    [
      'maxTextLength: -1',
      () => new Matcher({ maxTextLength: -1 }),
      'maxTextLength',
      'must be a whole number ≥ 1, got -1',
    ],
    [
      'findUniversities limit 0',
      () => m.findUniversities('江科大', { limit: 0 }),
      'limit',
      'must be a whole number ≥ 1, got 0',
    ],
    [
      'card topK 1e300',
      () => m.card('just', { topK: 1e300 }),
      'topK',
      'must be a whole number from 1 to 9007199254740991 (2^53 − 1), got 1e+300',
    ],
    [
      'gaps minScore NaN',
      () => m.gaps(['焊接'], { minScore: Number.NaN }),
      'minScore',
      'must be a finite number, got NaN',
    ],
    [
      'addWords([new String])',
      () => m.addWords([new String('x') as never]),
      '0',
      'must be a string, got a String object',
    ],
    [
      'match(new String)',
      () => m.match(new String('焊接') as never),
      '(record)',
      'must be a string or an object { text, … }, got a String object (which is not a string: pass the string it holds)',
    ],
    [
      'match({ text: new String })',
      () => m.match({ text: new String('焊接') } as never),
      'text',
      'must be a string, got a String object',
    ],
    ['match topK 1.5', () => m.match('焊接', { topK: 1.5 }), 'topK', 'must be a whole number ≥ 1, got 1.5'],
    [
      'match topK "3"',
      () => m.match('焊接', { topK: '3' } as never),
      'topK',
      'must be a whole number ≥ 1, got a string',
    ],
    [
      'matchAll include [1]',
      () => m.matchAll(['焊接'], { include: [1] } as never),
      'include.0',
      'must be a string, got 1',
    ],
    ['cards topK -1', () => m.cards({ topK: -1 }), 'topK', 'must be a whole number ≥ 1, got -1'],
    [
      'minNumberLength -1',
      () => new Matcher({ minNumberLength: -1 }),
      'minNumberLength',
      'must be a whole number ≥ 0, got -1',
    ],
    [
      'expertsCounted 0',
      () => new Matcher({ university: { expertsCounted: 0 } }),
      'university.expertsCounted',
      undefined,
    ],
    ['depth 1.5', () => new Matcher({ university: { depth: 1.5 } }), 'university.depth', undefined],
    ['explained -1', () => new Matcher({ documents: { explained: -1 } }), 'documents.explained', undefined],
    ['bigrams "yes"', () => new Matcher({ bigrams: 'yes' } as never), 'bigrams', 'must be true or false, got a string'],
    ['stopWords 5', () => new Matcher({ stopWords: 5 } as never), 'stopWords', 'must be an array or an object, got 5'],
    ['stopWords { add: [1] }', () => new Matcher({ stopWords: { add: [1] } } as never), 'stopWords', undefined],
    ['userWords "x"', () => new Matcher({ userWords: 'x' } as never), 'userWords', 'must be an array, got a string'],
    [
      'weighting "x"',
      () => new Matcher({ weighting: 'x' } as never),
      'weighting',
      'must be one of "tfidf", "bm25", got "x"',
    ],
    ['workerBatch 0', () => new Matcher({ workerBatch: 0 }), 'workerBatch', undefined],
    [
      'an unknown option',
      () => new Matcher({ topk: 3 } as never),
      'topk',
      'is not a known field; did you mean "topK"?',
    ],
    ['fromJSON scoring "x"', () => Matcher.fromJSON(snapshot, { scoring: 'x' } as never), 'scoring', undefined],
    ['saveBinary("")', () => m.saveBinary(''), '(record)', 'must not be empty'],
    [
      'an investor stage "Z"',
      () => m.addInvestors([{ id: 'v', name: 'V', type: 'bank', focus: ['储能'], stages: ['Z' as never] }]),
      'stages.0',
      undefined,
    ],
    [
      'a ticket with a typo',
      () => m.addInvestors([{ id: 'v', name: 'V', type: 'bank', focus: ['储能'], ticket: { min: 1, mx: 2 } as never }]),
      'ticket.max',
      'is required',
    ],
  ])('%s', (_, call, field, message) => {
    const stats = m.stats
    const error = expectDuijieError(call, 'INPUT')
    expect(error.issues.map((i) => i.field)).toContain(field)
    if (message !== undefined) expect(error.issues.find((i) => i.field === field)!.message).toBe(message)
    expect(error.message).not.toMatch(ZOD_ENGLISH)
    for (const issue of error.issues) expect(issue.message).not.toMatch(ZOD_ENGLISH)
    expect(m.stats).toEqual(stats)
  })

  it('the String-object need is no longer "is required"', () => {
    let thrown: unknown
    try {
      m.match(new String('焊接') as never)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(DuijieError)
    expect((thrown as DuijieError).message).not.toContain('is required')
  })
})
