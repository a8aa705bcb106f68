import { describe, expect, it } from 'vitest'
import { Matcher, planWeek, type Enterprise, type Member } from '../../src/index.js'

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
const enterprise = (id: string, text: string): Enterprise => ({ id, name: id, needs: [{ id: `${id}-n`, kind: 'technology', text }] })

describe('planWeek', () => {
  it('hands an enterprise whose member left to the best-placed active member, visibly', () => {
    const members: Member[] = [
      { id: 'gone', name: 'G', universityId: 'ship', active: false },
      { id: 'shipper', name: 'S', universityId: 'ship' },
      { id: 'pharmacist', name: 'P', universityId: 'pharma' },
    ]
    const plan = planWeek({ matcher: matcher(), members, enterprises: [enterprise('yard', 'weld hull')], history: [{ memberId: 'gone', enterpriseId: 'yard', date: '2026-11-01' }] })
    expect(plan.handovers).toEqual([{ enterpriseId: 'yard', from: 'gone', to: 'shipper' }])
    expect(plan.visits).toMatchObject([{ memberId: 'shipper', enterpriseId: 'yard', type: 'revisit', needIds: ['yard-n'] }])
    expect(plan.visits.some((v) => v.memberId === 'gone')).toBe(false)
  })

  it('gives a revisit to the member who visited before, and keeps every quota', () => {
    const members: Member[] = [
      { id: 'a', name: 'A', universityId: 'ship', newVisits: 1, revisits: 1 },
      { id: 'b', name: 'B', universityId: 'ship', newVisits: 1, revisits: 0 },
    ]
    const enterprises = ['e1', 'e2', 'e3', 'e4'].map((id) => enterprise(id, 'weld'))
    const plan = planWeek({ matcher: matcher(), members, enterprises, history: [{ memberId: 'b', enterpriseId: 'e4', date: '2026-11-02' }] })
    // e4 belongs to b, who has no revisit slot: it is not given to a.
    expect(plan.visits.find((v) => v.enterpriseId === 'e4')).toBeUndefined()
    expect(plan.uncovered.find((u) => u.enterpriseId === 'e4')!.reason).toMatch(/its member b has no revisit slot left/)
    for (const m of members) {
      expect(plan.visits.filter((v) => v.memberId === m.id && v.type === 'new').length).toBeLessThanOrEqual(m.newVisits! + m.revisits!)
      expect(plan.visits.filter((v) => v.memberId === m.id).length).toBeLessThanOrEqual(m.newVisits! + m.revisits!)
    }
    expect(new Set(plan.visits.map((v) => v.enterpriseId)).size).toBe(plan.visits.length)
    expect(plan.visits).toHaveLength(3)
  })

  it('puts an enterprise nobody has visited before a second look at one already served', () => {
    const members: Member[] = [{ id: 'a', name: 'A', universityId: 'ship', newVisits: 0, revisits: 1 }]
    const plan = planWeek({
      matcher: matcher(),
      members,
      enterprises: [enterprise('served', 'weld hull'), enterprise('waiting', 'weld')],
      history: [{ memberId: 'a', enterpriseId: 'served', date: '2026-11-03' }],
    })
    expect(plan.visits.map((v) => [v.enterpriseId, v.type])).toEqual([['waiting', 'new']])
    expect(plan.uncovered.map((u) => u.enterpriseId)).toEqual(['served'])
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
    const plan = planWeek({ matcher: matcher(), members: [{ id: 'x', name: 'X', universityId: 'ship', active: false }], enterprises: [enterprise('e', 'weld')] })
    expect(plan.visits).toEqual([])
    expect(plan.uncovered).toEqual([{ enterpriseId: 'e', reason: 'no active member this week' }])
  })

  it('rejects unknown references, naming them', () => {
    expect(() => planWeek({ matcher: matcher(), members: [{ id: 'x', name: 'X', universityId: 'nowhere' }], enterprises: [] })).toThrow(/field "members.universityId": unknown university "nowhere"/)
    expect(() =>
      planWeek({ matcher: matcher(), members: [{ id: 'x', name: 'X', universityId: 'ship' }], enterprises: [enterprise('e', 'weld')], history: [{ memberId: 'ghost', enterpriseId: 'e', date: '2026-01-01' }] }),
    ).toThrow(/unknown member "ghost" \(list members who left with active: false\)/)
  })
})
