// Hostile input at the public API, bounded (fixed seeds, small sizes): every call either answers or is
// refused with a DuijieError naming a field, a refused call changes nothing, and no call takes long.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DuijieError, Matcher, assign, planWeek } from '../src/index.js'

const UNIVERSITIES = [
  { id: 'just', name: '江苏科技大学', aliases: ['江科大'], description: '船舶与海洋工程、焊接技术' },
  { id: 'cslg', name: '常熟理工学院', description: '光伏与储能' },
]
const EXPERTS = [
  { id: 'weld', name: '甲', universityId: 'just', specialties: ['船舶焊接', '焊接机器人'] },
  { id: 'cell', name: '乙', universityId: 'cslg', specialties: ['储能电池'] },
]
const PROBES = ['船舶焊接', { kind: 'technology' as const, text: '储能电池管理' }, '焊接机器人']

function base(): Matcher {
  return new Matcher()
    .addUniversities(UNIVERSITIES)
    .addExperts(EXPERTS)
    .addProgrammes([{ id: 'p1', universityId: 'just', name: '焊接技术与工程', degree: 'bachelor' }])
    .addInvestors([
      { id: 'v1', name: '储能基金', type: 'industry-fund', focus: ['储能'], ticket: { min: 100, max: 5000 } },
    ])
}
const state = (m: Matcher) => JSON.stringify([m.stats, m.matchAll(PROBES)])

/** Hostile values: any JS value, plus near-valid records with one field swapped for any value. */
const anyValue = fc.anything({ withBigInt: true, withNullPrototype: true, withMap: true, withSet: true, maxDepth: 3 })
const nearly = <T extends object>(valid: T) =>
  fc.tuple(fc.constantFrom(...Object.keys(valid)), anyValue).map(([key, value]) => ({ ...valid, [key]: value }))
const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('焊接', '', ' ', '需要'),
)

/** Runs `call`; a refusal must be a DuijieError with a code, and leave `m` as it was. */
function answersOrRefuses(m: Matcher, call: () => unknown, boundMs = 2000): void {
  const before = state(m)
  const started = performance.now()
  try {
    call()
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(DuijieError)
    const e = error as DuijieError
    expect(e.message.startsWith('duijie: ')).toBe(true)
    if (e.code === 'INPUT') for (const issue of e.issues) expect(typeof issue.field).toBe('string')
    expect(state(m)).toBe(before)
  }
  expect(performance.now() - started).toBeLessThan(boundMs)
}

const RUNS = { numRuns: 150, seed: 11 }

describe('fuzz: the public API under hostile input', () => {
  it('add… batches: valid ones are added, anything else is refused whole', () => {
    const expert = EXPERTS[0]!
    fc.assert(
      fc.property(fc.array(fc.oneof(anyValue, nearly({ ...expert, id: 'new' })), { maxLength: 4 }), (batch) => {
        const m = base()
        answersOrRefuses(m, () => m.addExperts(batch as never))
      }),
      RUNS,
    )
    fc.assert(
      fc.property(
        fc.array(fc.oneof(anyValue, nearly({ id: 'v9', name: 'V', type: 'bank', focus: ['储能'] })), { maxLength: 3 }),
        (batch) => {
          const m = base()
          answersOrRefuses(m, () => m.addInvestors(batch as never))
        },
      ),
      RUNS,
    )
  })

  it('needs and match options: answered with every list present, or refused', () => {
    const need = fc.oneof(
      text,
      anyValue,
      nearly({ id: 'n', kind: 'financing', title: '融资', text: '需要3000万元', region: '常熟' }),
    )
    const options = fc.oneof(anyValue, nearly({ topK: 3, include: ['weld'], lists: ['investors'] }))
    const m = base()
    fc.assert(
      fc.property(need, options, (n, o) => {
        answersOrRefuses(m, () => {
          const r = m.match(n as never, o as never)
          for (const list of ['experts', 'universities', 'programmes', 'investors', 'notes'] as const) {
            expect(Array.isArray(r[list])).toBe(true)
          }
        })
      }),
      RUNS,
    )
  })

  it('snapshots: any value given to fromJSON or fromBinary is refused with a snapshot or input error', () => {
    const snapshot = base().toJSON()
    const mangled = fc.oneof(
      anyValue,
      fc.tuple(fc.constantFrom(...Object.keys(snapshot.sections)), anyValue).map(([name, value]) => ({
        ...snapshot,
        sections: { ...snapshot.sections, [name]: value },
      })),
    )
    fc.assert(
      fc.property(mangled, fc.uint8Array({ maxLength: 64 }), (json, bytes) => {
        for (const load of [() => Matcher.fromJSON(json), () => Matcher.fromBinary(bytes)]) {
          try {
            load()
          } catch (error) {
            expect(error).toBeInstanceOf(DuijieError)
            expect(['INPUT', 'SNAPSHOT_CORRUPT', 'SNAPSHOT_INCOMPATIBLE']).toContain((error as DuijieError).code)
          }
        }
      }),
      RUNS,
    )
  })

  it('assign and planWeek: answered or refused, quickly', () => {
    const m = base()
    const pair = fc.record({
      person: fc.constantFrom('a', 'b', '__proto__'),
      item: fc.constantFrom('x', 'y', 'constructor'),
      score: fc.double(),
    })
    const input = fc.oneof(
      anyValue,
      fc.record({
        scores: fc.array(fc.oneof(pair, anyValue), { maxLength: 6 }),
        capacity: fc.oneof(anyValue, fc.constant({ a: 1, b: 2, __proto__: 1 })),
      }),
    )
    fc.assert(
      fc.property(input, (value) => {
        answersOrRefuses(m, () => assign(value as never))
        answersOrRefuses(m, () => planWeek(value as never))
      }),
      RUNS,
    )
  })
})
