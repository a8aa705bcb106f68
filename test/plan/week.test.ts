import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Matcher, planWeek, type Enterprise, type Member } from '../../src/index.js'
import { expectDuijieError } from '../helpers/errors.js'

// Two universities with one expert each; Latin tokens keep the fixture independent of the segmenter.
function matcher() {
  return new Matcher()
    .addUniversities([
      { id: 'ship', name: 'Ship U', description: 'weld hull marine' },
      { id: 'pharma', name: 'Pharma U', description: 'tablet vaccine' },
    ])
    .addExperts([
      { id: 'welder', name: 'W', universityId: 'ship', specialties: ['weld'] },
      { id: 'hull', name: 'H', universityId: 'ship', specialties: ['hull'] },
      { id: 'chemist', name: 'C', universityId: 'pharma', specialties: ['tablet'] },
    ])
}
const enterprise = (id: string, text: string): Enterprise => ({
  id,
  name: id,
  needs: [{ id: `${id}-n`, kind: 'technology', text }],
})

describe('planWeek', () => {
  it('hands an enterprise whose member left to the best-placed active member, visibly', () => {
    const members: Member[] = [
      { id: 'gone', name: 'G', universityId: 'ship', active: false },
      { id: 'shipper', name: 'S', universityId: 'ship' },
      { id: 'pharmacist', name: 'P', universityId: 'pharma' },
    ]
    const plan = planWeek({
      matcher: matcher(),
      members,
      enterprises: [enterprise('yard', 'weld hull')],
      history: [{ memberId: 'gone', enterpriseId: 'yard', date: '2026-11-01' }],
    })
    expect(plan.handovers).toEqual([{ enterpriseId: 'yard', from: 'gone', to: 'shipper' }])
    expect(plan.visits).toMatchObject([
      { memberId: 'shipper', enterpriseId: 'yard', type: 'revisit', needIds: ['yard-n'] },
    ])
    expect(plan.visits.some((v) => v.memberId === 'gone')).toBe(false)
  })

  it('gives a revisit to the member who visited before, and keeps both quotas of the 321 rule', () => {
    const members: Member[] = [
      { id: 'a', name: 'A', universityId: 'ship', newVisits: 1, revisits: 1 },
      { id: 'b', name: 'B', universityId: 'ship', newVisits: 1, revisits: 0 },
    ]
    const enterprises = ['e1', 'e2', 'e3', 'e4'].map((id) => enterprise(id, 'weld'))
    const plan = planWeek({
      matcher: matcher(),
      members,
      enterprises,
      history: [{ memberId: 'b', enterpriseId: 'e4', date: '2026-11-02' }],
    })
    // e4 belongs to b, who has no revisit slot: it is not given to a, whose revisit slot stays empty too,
    // because an enterprise nobody has visited is a new visit and a has one new visit only.
    expect(plan.visits.find((v) => v.enterpriseId === 'e4')).toBeUndefined()
    expect(plan.uncovered.find((u) => u.enterpriseId === 'e4')!.reason).toMatch(/its member b has no revisit slot left/)
    expect(plan.visits.map((v) => [v.memberId, v.type])).toEqual([
      ['a', 'new'],
      ['b', 'new'],
    ])
    const left = plan.uncovered.filter((u) => u.enterpriseId !== 'e4')
    expect(left).toHaveLength(1)
    expect(left[0]!.reason).toMatch(/new-visit slots are taken.*raise newVisits or add members/)
  })

  it('gives visits to enterprises nobody has visited the experts first (需求不落空)', () => {
    const members: Member[] = [{ id: 'a', name: 'A', universityId: 'ship', newVisits: 1, revisits: 1 }]
    const plan = planWeek({
      matcher: matcher(),
      members,
      // The welder fits the served enterprise best (cosine 1), the waiting one less (vaccine dilutes it).
      enterprises: [enterprise('served', 'weld'), enterprise('waiting', 'weld vaccine')],
      history: [{ memberId: 'a', enterpriseId: 'served', date: '2026-11-03' }],
      expertsPerVisit: 1,
      expertCapacity: 1,
    })
    expect(plan.visits.map((v) => [v.enterpriseId, v.type, v.experts])).toEqual([
      ['served', 'revisit', []],
      ['waiting', 'new', ['welder']],
    ])
    expect(plan.uncovered.find((u) => u.enterpriseId === 'served')!.reason).toMatch(
      /short of experts: .*at expertCapacity \(welder\)/,
    )
  })

  it('brings the best-matching experts, none beyond their capacity', () => {
    const members: Member[] = [{ id: 'a', name: 'A', universityId: 'ship' }]
    const enterprises = [enterprise('y1', 'weld'), enterprise('y2', 'weld'), enterprise('y3', 'weld')]
    const plan = planWeek({ matcher: matcher(), members, enterprises, expertsPerVisit: 1, expertCapacity: 2 })
    expect(plan.visits.map((v) => v.experts.join()).sort()).toEqual(['', 'welder', 'welder'])
    expect(plan.visits.flatMap((v) => v.experts).filter((e) => e === 'welder')).toHaveLength(2)
    expect(plan.uncovered.some((u) => /short of experts/.test(u.reason))).toBe(true)
  })

  it('tells the user what to change when nothing can be planned', () => {
    const plan = planWeek({
      matcher: matcher(),
      members: [{ id: 'x', name: 'X', universityId: 'ship', active: false }],
      enterprises: [enterprise('e', 'weld')],
    })
    expect(plan.visits).toEqual([])
    expect(plan.uncovered).toEqual([{ enterpriseId: 'e', reason: 'no active member this week' }])
  })

  it('hands an enterprise over when its member now has a conflict with it', () => {
    const members: Member[] = [
      { id: 'kept', name: 'K', universityId: 'ship' },
      { id: 'other', name: 'O', universityId: 'pharma' },
    ]
    const plan = planWeek({
      matcher: matcher(),
      members,
      enterprises: [enterprise('yard', 'weld')],
      history: [{ memberId: 'kept', enterpriseId: 'yard', date: '2026-11-01' }],
      conflicts: [{ memberId: 'kept', enterpriseId: 'yard' }],
    })
    expect(plan.handovers).toEqual([{ enterpriseId: 'yard', from: 'kept', to: 'other' }])
    const alone = planWeek({
      matcher: matcher(),
      members: [members[0]!],
      enterprises: [enterprise('yard', 'weld')],
      conflicts: [{ memberId: 'kept', enterpriseId: 'yard' }],
    })
    expect(alone.uncovered).toEqual([{ enterpriseId: 'yard', reason: 'every active member has a conflict with it' }])
  })

  const group = {
    matcher: matcher(),
    members: [{ id: 'x', name: 'X', universityId: 'ship' }],
    enterprises: [enterprise('e', 'weld')],
  }
  it.each([
    [
      { members: [{ id: 'x', name: 'X', universityId: 'nowhere' }] },
      /duijie: planWeek: member at index 0 \(id "x"\): field "universityId": unknown university "nowhere"/,
    ],
    [
      { members: [{ id: 'x', name: 'X', universityId: 'ship', newVisits: -1 }] },
      /member at index 0 \(id "x"\): field "newVisits": must not be negative/,
    ],
    [{ members: [{ id: 'x', universityId: 'ship' }] }, /member at index 0 \(id "x"\): field "name": is required/],
    [
      { history: [{ memberId: 'ghost', enterpriseId: 'e', date: '2026-01-01' }] },
      /history entry at index 0: field "memberId": unknown member "ghost" \(list members who left with active: false\)/,
    ],
    [
      { history: [{ memberId: 'x', enterpriseId: 'e', date: '11/29/2026' }] },
      /history entry at index 0: field "date": must be an ISO date/,
    ],
    [
      { conflicts: [{ enterpriseId: 'e' }] },
      /conflict at index 0: field "memberId": names neither a memberId nor an expertId/,
    ],
    [
      { enterprises: [enterprise('e', 'weld'), { id: 'f', name: 'F', needs: [{ text: 'weld' }, { text: '' }] }] },
      /enterprise at index 1 \(id "f"\): field "needs.1.text": must not be empty/,
    ],
    [
      { enterprises: [enterprise('e', 'weld'), enterprise('e', 'hull')] },
      /enterprise at index 1 \(id "e"\): field "id": duplicates another enterprise/,
    ],
    [{ expertCapacity: 1.5 }, /input: field "expertCapacity": must be a whole number/],
    [{ matcher: {} }, /input: field "matcher": must be a Matcher/],
    [{ matcher: { matchAll: () => [] } }, /input: field "matcher": must be a Matcher/],
    [
      // A hole is a missing need, not one to skip.
      { enterprises: [{ id: 'f', name: 'F', needs: Object.assign(['weld'], { length: 2 }) }] },
      /enterprise at index 0 \(id "f"\): field "needs.1.\(record\)"/,
    ],
  ])('rejects bad input, naming the record and field (%#)', (change, message) => {
    expect(expectDuijieError(() => planWeek({ ...group, ...change } as never), 'INPUT').message).toMatch(message)
  })
})

const words = ['weld', 'hull', 'marine', 'tablet', 'vaccine']
const week = fc
  .record({
    members: fc.array(
      fc.record({
        university: fc.constantFrom('ship', 'pharma'),
        newVisits: fc.nat(3),
        revisits: fc.nat(2),
        active: fc.boolean(),
        expert: fc.option(fc.constantFrom('welder', 'hull', 'chemist'), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    enterprises: fc.array(fc.uniqueArray(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }), {
      minLength: 1,
      maxLength: 8,
    }),
    history: fc.array(fc.tuple(fc.nat(3), fc.nat(7), fc.integer({ min: 1, max: 28 })), { maxLength: 8 }),
    conflicts: fc.array(fc.tuple(fc.nat(3), fc.constantFrom('welder', 'hull', 'chemist', undefined), fc.nat(7)), {
      maxLength: 3,
    }),
    expertsPerVisit: fc.nat(2),
    expertCapacity: fc.nat(2),
  })
  .map((w) => {
    const members: Member[] = w.members.map((m, i) => ({
      id: `m${i}`,
      name: `M${i}`,
      universityId: m.university,
      newVisits: m.newVisits,
      revisits: m.revisits,
      active: m.active,
      ...(m.expert && { expertId: m.expert }),
    }))
    const enterprises = w.enterprises.map((text, i) => enterprise(`e${i}`, text.join(' ')))
    const history = w.history
      .filter(([m, e]) => m < members.length && e < enterprises.length)
      .map(([m, e, day]) => ({
        memberId: `m${m}`,
        enterpriseId: `e${e}`,
        date: `2026-11-${String(day).padStart(2, '0')}`,
      }))
    const conflicts = w.conflicts
      .filter(([m, , e]) => m < members.length && e < enterprises.length)
      .map(([m, expert, e]) =>
        expert ? { expertId: expert, enterpriseId: `e${e}` } : { memberId: `m${m}`, enterpriseId: `e${e}` },
      )
    return {
      members,
      enterprises,
      history,
      conflicts,
      expertsPerVisit: w.expertsPerVisit,
      expertCapacity: w.expertCapacity,
    }
  })

describe('planWeek: every rule holds on random weeks (property)', () => {
  it('quotas, one visit each, revisits to the latest visitor or a listed hand-over, experts within capacity, nothing dropped', () => {
    const m = matcher()
    fc.assert(
      fc.property(week, (input) => {
        const plan = planWeek({ matcher: m, ...input })
        const latest = new Map<string, { memberId: string; date: string }>()
        for (const h of input.history)
          if (!latest.has(h.enterpriseId) || h.date > latest.get(h.enterpriseId)!.date) latest.set(h.enterpriseId, h)
        const memberOf = new Map(input.members.map((x) => [x.id, x]))
        // One visit per enterprise; every enterprise is visited or said to be uncovered.
        expect(new Set(plan.visits.map((v) => v.enterpriseId)).size).toBe(plan.visits.length)
        for (const e of input.enterprises) {
          const visited = plan.visits.some((v) => v.enterpriseId === e.id)
          expect(visited || plan.uncovered.some((u) => u.enterpriseId === e.id && u.needId === undefined)).toBe(true)
        }
        // The 321 quotas, both hard; inactive members get nothing; member conflicts respected.
        for (const member of input.members) {
          const mine = plan.visits.filter((v) => v.memberId === member.id)
          if (member.active === false) expect(mine).toEqual([])
          expect(mine.filter((v) => v.type === 'new').length).toBeLessThanOrEqual(member.newVisits!)
          expect(mine.filter((v) => v.type === 'revisit').length).toBeLessThanOrEqual(member.revisits!)
        }
        for (const v of plan.visits)
          expect(input.conflicts.some((c) => c.memberId === v.memberId && c.enterpriseId === v.enterpriseId)).toBe(
            false,
          )
        // New means nobody has visited; a revisit goes to the latest visitor, or is a listed hand-over when they left or have a conflict.
        const expectedHandovers: Array<{ enterpriseId: string; from: string; to: string }> = []
        for (const v of plan.visits) {
          const previous = latest.get(v.enterpriseId)
          expect(v.type).toBe(previous ? 'revisit' : 'new')
          if (!previous) continue
          const kept =
            memberOf.get(previous.memberId)!.active !== false &&
            !input.conflicts.some((c) => c.memberId === previous.memberId && c.enterpriseId === v.enterpriseId)
          if (kept) expect(v.memberId).toBe(previous.memberId)
          else expectedHandovers.push({ enterpriseId: v.enterpriseId, from: previous.memberId, to: v.memberId })
        }
        const byEnterprise = (a: { enterpriseId: string }, b: { enterpriseId: string }) =>
          a.enterpriseId < b.enterpriseId ? -1 : 1
        expect([...plan.handovers].sort(byEnterprise)).toEqual(expectedHandovers.sort(byEnterprise))
        // Experts: at most expertsPerVisit each visit, expertCapacity each expert, none with a conflict.
        const trips = new Map<string, number>()
        for (const v of plan.visits) {
          expect(v.experts.length).toBeLessThanOrEqual(input.expertsPerVisit)
          for (const x of v.experts) {
            trips.set(x, (trips.get(x) ?? 0) + 1)
            expect(input.conflicts.some((c) => c.expertId === x && c.enterpriseId === v.enterpriseId)).toBe(false)
          }
        }
        for (const count of trips.values()) expect(count).toBeLessThanOrEqual(input.expertCapacity)
      }),
      { numRuns: 200 },
    )
  })
})
