import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Matcher, planWeek, type Enterprise, type Member, type NeedKind } from '../../src/index.js'
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

  it('plans talent and financing needs like technology needs: members and experts are matched to every need, whatever its kind', () => {
    // match() alone sends a financing need to investors only and a talent need to programmes first; planWeek
    // asks for experts and universities explicitly, so each need brings the experts who match its words, if any.
    const district = (talent: NeedKind, financing: NeedKind): Enterprise[] => [
      { id: 'hire', name: 'hire', needs: [{ id: 'hire-n', kind: talent, text: 'weld engineers' }] },
      { id: 'fund', name: 'fund', needs: [{ id: 'fund-n', kind: financing, text: 'hull line 3000万元' }] },
      { id: 'cash', name: 'cash', needs: [{ id: 'cash-n', kind: financing, text: 'working capital 2000万元' }] },
    ]
    const needs = district('talent', 'financing')
    const members: Member[] = [
      { id: 'a', name: 'A', universityId: 'ship' },
      { id: 'p', name: 'P', universityId: 'pharma' },
    ]
    const m = matcher()
    expect(m.match(needs[1]!.needs[0]!).experts).toEqual([])
    const plan = planWeek({ matcher: m, members, enterprises: needs })
    expect(plan.visits.map((v) => [v.enterpriseId, v.needIds, v.experts]).sort()).toEqual([
      ['cash', ['cash-n'], []],
      ['fund', ['fund-n'], ['hull']],
      ['hire', ['hire-n'], ['welder']],
    ])
    // The ship member, whose university fits, visits the enterprises whose needs it fits.
    for (const id of ['fund', 'hire']) expect(plan.visits.find((v) => v.enterpriseId === id)!.memberId).toBe('a')
    // The kind changes nothing in the visits and hand-overs: the same as for technology needs with the same words.
    const same = planWeek({ matcher: matcher(), members, enterprises: district('technology', 'technology') })
    expect({ visits: plan.visits, handovers: plan.handovers }).toEqual({
      visits: same.visits,
      handovers: same.handovers,
    })
    // But a financing need no expert fits is not short of experts (investors meet it); as technology, it is.
    expect(plan.uncovered.filter((u) => u.enterpriseId === 'cash')).toEqual([])
    expect(same.uncovered.filter((u) => u.enterpriseId === 'cash').map((u) => u.reason)).toEqual([
      expect.stringMatching(/short of experts/),
      'no expert in the catalogue matches this need; add experts or reword it',
    ])
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
    [{ history: [{ memberId: 'x', enterpriseId: 'e' }] }, /history entry at index 0: field "date": is required/],
    [
      { members: [{ id: 'x', name: 'X', universityId: 'toString' }] },
      /member at index 0 \(id "x"\): field "universityId": unknown university "toString"/,
    ],
    [
      { history: [{ memberId: 'x', enterpriseId: 'constructor', date: '2026-01-01' }] },
      /history entry at index 0: field "enterpriseId": unknown enterprise "constructor"/,
    ],
    [
      { conflicts: [{ expertId: '__proto__', enterpriseId: 'e' }] },
      /conflict at index 0: field "expertId": unknown expert "__proto__"/,
    ],
    [
      {
        members: [
          { id: '__proto__', name: 'P', universityId: 'ship' },
          { id: '__proto__', name: 'Q', universityId: 'ship' },
        ],
      },
      /member at index 1 \(id "__proto__"\): field "id": duplicates another member/,
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

describe('planWeek: visit dates', () => {
  const two: Member[] = [
    { id: 'amy', name: 'A', universityId: 'ship' },
    { id: 'zed', name: 'Z', universityId: 'ship' },
  ]
  /** Who revisits `yard` after these visits, with the history in the given order and reversed. */
  const keeperAfter = (dates: Array<[memberId: string, date: string]>, members: Member[] = two) => {
    const keepers = [dates, [...dates].reverse()].map((order) => {
      const plan = planWeek({
        matcher: matcher(),
        members,
        enterprises: [enterprise('yard', 'weld')],
        history: order.map(([memberId, date]) => ({ memberId, enterpriseId: 'yard', date })),
      })
      expect(plan.visits).toHaveLength(1)
      expect(plan.visits[0]!.type).toBe('revisit')
      return { keeper: plan.visits[0]!.memberId, handovers: plan.handovers }
    })
    expect(keepers[1]).toEqual(keepers[0])
    return keepers[0]!
  }

  it.each([
    // 2026-11-28T17:00Z against 20:00Z: the text sorts the other way.
    ['offsets', ['amy', '2026-11-29T01:00+08:00'], ['zed', '2026-11-28T20:00Z'], 'zed'],
    // A date alone is 00:00 UTC: 07:59 in Beijing on the same day is a minute before.
    ['a date alone', ['amy', '2026-11-29T07:59+08:00'], ['zed', '2026-11-29'], 'zed'],
    ['a date alone, later', ['amy', '2026-11-29T08:01+08:00'], ['zed', '2026-11-29'], 'amy'],
    ['the year turning', ['amy', '2027-01-01T06:00+08:00'], ['zed', '2026-12-31T23:00Z'], 'zed'],
    ['a negative offset', ['amy', '2026-11-28T23:30-05:00'], ['zed', '2026-11-29T04:00Z'], 'amy'],
    ['nanoseconds', ['amy', '2026-11-29T00:00:00.000000001Z'], ['zed', '2026-11-29T00:00Z'], 'amy'],
    [
      'milliseconds against nanoseconds',
      ['amy', '2026-11-29T00:00:00.0009Z'],
      ['zed', '2026-11-29T00:00:00.001Z'],
      'zed',
    ],
  ] as const)('finds the latest visitor by instant, not by text (%s)', (_, first, second, keeper) => {
    expect(keeperAfter([[...first], [...second]]).keeper).toBe(keeper)
  })

  it('gives a tie at the same instant to the member whose id sorts first, whatever the order of the history', () => {
    // Three ways to write 2026-11-29T00:00Z.
    const same: Array<[string, string]> = [
      ['zed', '2026-11-29T08:00+08:00'],
      ['amy', '2026-11-28T19:00-05:00'],
      ['moe', '2026-11-29'],
    ]
    const three: Member[] = [...two, { id: 'moe', name: 'M', universityId: 'ship' }]
    for (const order of [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ])
      expect(
        keeperAfter(
          order.map((i) => same[i]!),
          three,
        ).keeper,
      ).toBe('amy')
    // Code-unit order, not locale order: 'Zed' (upper case) sorts before 'amy'.
    const cased: Member[] = [two[0]!, { id: 'Zed', name: 'Z', universityId: 'ship' }]
    expect(
      keeperAfter(
        [
          ['amy', '2026-11-29'],
          ['Zed', '2026-11-29T00:00Z'],
        ],
        cased,
      ).keeper,
    ).toBe('Zed')
  })

  it('hands over from the tie winner when the winner has left', () => {
    const members: Member[] = [{ ...two[0]!, active: false }, two[1]!]
    const result = keeperAfter(
      [
        ['amy', '2026-11-29'],
        ['zed', '2026-11-29T00:00:00Z'],
      ],
      members,
    )
    expect(result).toEqual({ keeper: 'zed', handovers: [{ enterpriseId: 'yard', from: 'amy', to: 'zed' }] })
  })

  it.each([
    '2024-02-29',
    '2000-02-29',
    '2026-11-29T09:30Z',
    '2026-11-29T09:30:15Z',
    '2026-11-29T09:30:15.5+08:00',
    '2026-11-29T09:30:15.123456789-05:00',
    '2026-11-29T23:59:59.999-00:00',
    '0099-01-01',
  ])('accepts the ISO date %s', (date) => {
    const plan = planWeek({ ...weekOf('e'), history: [{ memberId: 'x', enterpriseId: 'e', date }] })
    expect(plan.visits.map((v) => v.type)).toEqual(['revisit'])
  })

  const iso =
    /history entry at index 1: field "date": must be an ISO date such as 2026-11-29 or 2026-11-29T09:30\+08:00/
  it.each([
    ['2026-99-99junk', ''],
    ['2026-99-99', '; there is no month 99'],
    ['2026-13-01', '; there is no month 13'],
    ['2026-00-10', '; there is no month 00'],
    ['2026-02-30', '; 2026-02 has no day 30'],
    ['2025-02-29', '; 2025-02 has no day 29'],
    ['1900-02-29', '; 1900-02 has no day 29'],
    ['2026-04-31', '; 2026-04 has no day 31'],
    ['2026-11-00', '; 2026-11 has no day 00'],
    ['2026-11-29junk', ''],
    ['2026-11-29T09:30', '; a time needs Z or an offset such as +08:00'],
    ['2026-11-29T24:00Z', '; 24:00:00 is not a time of day'],
    ['2026-11-29T09:60Z', '; 09:60:00 is not a time of day'],
    ['2026-11-29T09:30:61Z', '; 09:30:61 is not a time of day'],
    ['2026-11-29T09:30+24:00', '; +24:00 is not a UTC offset'],
    ['2026-11-29T09:30+08:60', '; +08:60 is not a UTC offset'],
    ['2026-11-29 09:30Z', ''],
    ['2026-11-29t09:30z', ''],
    ['2026-11-29T09:30:15,5Z', ''],
    ['2026-11-29T09:30:15.Z', ''],
    ['2026-11-29T09:30+0800', ''],
    ['2026-11-29T09Z', ''],
    ['2026-1-29', ''],
    ['20261129', ''],
    [' 2026-11-29', ''],
    ['2026-11-29\n', ''],
    ['11/29/2026', ''],
    [20261129, ''],
  ] as const)('rejects the date %j, naming the history entry and field', (date, detail) => {
    const history = [
      { memberId: 'x', enterpriseId: 'e', date: '2026-11-01' },
      { memberId: 'x', enterpriseId: 'e', date },
    ]
    const error = expectDuijieError(() => planWeek({ ...weekOf('e'), history } as never), 'INPUT', ['date'])
    expect(error.message).toMatch(iso)
    expect(error.issues[0]!.message.endsWith(`2026-11-29T09:30+08:00${detail}`)).toBe(true)
  })
})

/** One member, "x" of ship, and the given enterprises, each needing weld. */
const weekOf = (...ids: string[]) => ({
  matcher: matcher(),
  members: [{ id: 'x', name: 'X', universityId: 'ship' }],
  enterprises: ids.map((id) => enterprise(id, 'weld')),
})

describe('planWeek: ids are data', () => {
  // Object.prototype names for every kind of id, and the same week with plain ids in the same sort order.
  const tricky = { __proto__: 'a', constructor: 'b', toString: 'c' } as const
  const plain = (id: string) => (Object.hasOwn(tricky, id) ? tricky[id as keyof typeof tricky] : id)
  const catalogue = (name: (id: string) => string) =>
    new Matcher()
      .addUniversities([
        { id: name('constructor'), name: 'Ship U', description: 'weld hull marine' },
        { id: name('toString'), name: 'Pharma U', description: 'tablet vaccine' },
      ])
      .addExperts([
        { id: name('__proto__'), name: 'W', universityId: name('constructor'), specialties: ['weld'] },
        { id: name('toString'), name: 'C', universityId: name('toString'), specialties: ['tablet'] },
      ])
  const weekNamed = (name: (id: string) => string) => ({
    matcher: catalogue(name),
    members: [
      { id: name('__proto__'), name: 'P', universityId: name('constructor'), expertId: name('__proto__'), revisits: 1 },
      { id: name('constructor'), name: 'C', universityId: name('toString'), expertId: name('toString') },
      { id: name('toString'), name: 'T', universityId: name('constructor'), active: false },
    ],
    enterprises: [
      { id: name('__proto__'), name: 'P', needs: [{ id: name('toString'), text: 'weld hull' }] },
      { id: name('constructor'), name: 'C', needs: [{ id: name('constructor'), text: 'tablet' }] },
      { id: name('toString'), name: 'T', needs: [{ id: name('__proto__'), text: 'weld' }] },
      { id: name('hasOwnProperty'), name: 'H', needs: [{ text: 'vaccine' }] },
    ],
    history: [
      { memberId: name('toString'), enterpriseId: name('__proto__'), date: '2026-11-01' },
      { memberId: name('__proto__'), enterpriseId: name('toString'), date: '2026-11-02' },
    ],
    conflicts: [{ expertId: name('toString'), enterpriseId: name('hasOwnProperty') }],
    expertsPerVisit: 1,
    expertCapacity: 1,
  })

  it('plans members, enterprises, experts and universities named __proto__, constructor, toString like any other', () => {
    const plan = planWeek(weekNamed((id) => id))
    const reference = planWeek(weekNamed(plain))
    const rename = (value: unknown): unknown =>
      typeof value === 'string'
        ? plain(value)
        : Array.isArray(value)
          ? value.map(rename)
          : typeof value === 'object' && value !== null
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v)]))
            : value
    expect(rename(plan)).toEqual(reference)
    // And concretely: toString has left, so constructor takes __proto__ over; the expert __proto__ comes along.
    expect(plan.handovers).toEqual([{ enterpriseId: '__proto__', from: 'toString', to: 'constructor' }])
    expect(plan.visits.map((v) => [v.memberId, v.enterpriseId, v.type, v.experts])).toEqual([
      ['__proto__', 'toString', 'revisit', ['__proto__']],
      ['constructor', 'constructor', 'new', ['toString']],
      ['constructor', 'hasOwnProperty', 'new', []],
      ['constructor', '__proto__', 'revisit', []],
    ])
    expect(plan.uncovered).toContainEqual({
      enterpriseId: '__proto__',
      reason: expect.stringMatching(/short of experts: .*at expertCapacity \(__proto__\)/),
    })
  })

  it('keeps ids that contain the separator of its internal keys apart', () => {
    const members: Member[] = [
      { id: 'a\u0000b', name: 'AB', universityId: 'ship' },
      { id: 'a', name: 'A', universityId: 'pharma' },
    ]
    const plan = planWeek({
      matcher: matcher(),
      members,
      enterprises: [enterprise('c', 'weld'), enterprise('b\u0000c', 'weld')],
      // Only member "a" has a conflict, with "b\u0000c": the pair (a\u0000b, c) is free.
      conflicts: [{ memberId: 'a', enterpriseId: 'b\u0000c' }],
    })
    expect(plan.visits.map((v) => [v.memberId, v.enterpriseId])).toEqual([
      ['a\u0000b', 'b\u0000c'],
      ['a\u0000b', 'c'],
    ])
  })
})

const words = ['weld', 'hull', 'marine', 'tablet', 'vaccine']
/**
 * The instant 2026-11-01T00:00Z + 6 h × `moment`, written in one of four ways (Z, +08:00, −05:00, or a date
 * alone at midnight UTC), so that random histories tie at one instant written differently.
 */
function written(moment: number, style: number): string {
  const at = Date.UTC(2026, 10, 1, 6 * moment)
  if (style === 3 && moment % 4 === 0) return new Date(at).toISOString().slice(0, 10)
  const offset = [0, 8 * 60, -5 * 60][style % 3]!
  const local = new Date(at + offset * 60_000).toISOString().slice(0, 16)
  if (offset === 0) return `${local}Z`
  const hours = String(Math.abs(offset) / 60).padStart(2, '0')
  return `${local}${offset < 0 ? '-' : '+'}${hours}:00`
}
/** The latest visit of each enterprise by the stated rule: the latest instant, then the smallest member id. */
function latestVisits<H extends { memberId: string; enterpriseId: string; date: string }>(history: H[]) {
  const latest = new Map<string, H>()
  for (const h of history) {
    const seen = latest.get(h.enterpriseId)
    const [t, s] = [Date.parse(h.date), seen && Date.parse(seen.date)]
    if (!seen || t > s! || (t === s && h.memberId < seen.memberId)) latest.set(h.enterpriseId, h)
  }
  return latest
}
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
    history: fc.array(fc.tuple(fc.nat(3), fc.nat(7), fc.nat(7), fc.nat(3)), { maxLength: 8 }),
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
      .map(([m, e, moment, style]) => ({ memberId: `m${m}`, enterpriseId: `e${e}`, date: written(moment, style) }))
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
        const latest = latestVisits(input.history)
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

describe('planWeek: the order of the input does not matter (property)', () => {
  it('gives the same plan for any order of members, enterprises, history and conflicts', () => {
    const m = matcher()
    const permutation = <T>(items: T[]) =>
      fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length })
    const weeks = week.chain((input) =>
      fc.record({
        input: fc.constant(input),
        shuffled: fc.record({
          members: permutation(input.members),
          enterprises: permutation(input.enterprises),
          history: permutation(input.history),
          conflicts: permutation(input.conflicts),
        }),
      }),
    )
    fc.assert(
      fc.property(weeks, ({ input, shuffled }) => {
        expect(planWeek({ matcher: m, ...input, ...shuffled })).toEqual(planWeek({ matcher: m, ...input }))
      }),
      { numRuns: 200 },
    )
  })
})
