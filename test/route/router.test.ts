import { describe, expect, it } from 'vitest'
import { DEFAULTS, type InvestorInput, Matcher, investorReasons } from '../../src/index.js'
import { expectDuijieError } from '../helpers/errors.js'

const UNIVERSITIES = [
  { id: 'just', name: '江苏科技大学', description: '船舶与海洋工程、焊接技术' },
  { id: 'cslg', name: '常熟理工学院', description: '光伏与储能、汽车工程' },
]
const EXPERTS = [
  { id: 'weld', name: '甲', universityId: 'just', specialties: ['船舶焊接', '焊接机器人'] },
  { id: 'cell', name: '乙', universityId: 'cslg', specialties: ['储能电池', '电池管理系统'] },
]
const PROGRAMMES = [
  {
    id: 'p-weld',
    universityId: 'just',
    name: '焊接技术与工程',
    degree: 'bachelor' as const,
    description: '焊接工艺与焊接机器人',
  },
  { id: 'p-ship', universityId: 'just', name: '船舶与海洋工程', degree: 'master' as const },
  { id: 'p-cell', universityId: 'cslg', name: '储能科学与工程', degree: 'bachelor' as const, description: '储能电池' },
]
const INVESTORS: InvestorInput[] = [
  // The best text match for storage, but its ticket is too small for 3000万元.
  {
    id: 'small',
    name: '小额创投',
    type: 'venture-capital',
    focus: ['储能电池', '储能产线', '储能'],
    ticket: { min: 100, max: 500 },
  },
  {
    id: 'fund',
    name: '储能产业基金',
    type: 'industry-fund',
    focus: ['储能', '新能源'],
    ticket: { min: 1000, max: 10000 },
  },
  {
    id: 'far',
    name: '外地基金',
    type: 'industry-fund',
    focus: ['储能'],
    ticket: { min: 1000, max: 10000 },
    regions: ['深圳'],
  },
  { id: 'ship', name: '船舶基金', type: 'guidance-fund', focus: ['船舶', '海洋装备'] },
]

function district() {
  return new Matcher()
    .addUniversities(UNIVERSITIES)
    .addExperts(EXPERTS)
    .addProgrammes(PROGRAMMES)
    .addInvestors(INVESTORS)
}

const FINANCING = {
  kind: 'financing' as const,
  text: '储能产线扩建需要资金约3000万元，希望对接产业基金',
  region: '常熟',
}

describe('routing by kind', () => {
  it('sends technology needs and key problems to experts and universities', () => {
    for (const kind of ['technology', 'problem'] as const) {
      const r = district().match({ kind, text: '船体焊接需要焊接机器人' })
      expect(r.lists).toEqual(['experts', 'universities'])
      expect(r.experts[0]!.id).toBe('weld')
      expect(r.universities[0]!.id).toBe('just')
      expect(r.programmes).toEqual([])
      expect(r.investors).toEqual([])
    }
  })

  it('sends talent needs to degree programmes first, with universities and experts', () => {
    const r = district().match({ kind: 'talent', text: '招聘焊接工程师，焊接技术专业本科' })
    expect(r.lists).toEqual(['programmes', 'universities', 'experts'])
    expect(r.programmes[0]).toMatchObject({ id: 'p-weld', universityId: 'just', degree: 'bachelor' })
    const sum = r.programmes[0]!.terms.reduce((s, t) => s + t.weight, 0)
    expect(sum).toBeCloseTo(r.programmes[0]!.score, 12)
    expect(r.experts[0]!.id).toBe('weld')
    expect(r.queryTerms.map((t) => t.term)).toContain('焊接')
  })

  it('sends financing needs to investors and never lists experts or universities', () => {
    const r = district().match(FINANCING)
    expect(r.lists).toEqual(['investors'])
    expect(r.experts).toEqual([])
    expect(r.universities).toEqual([])
    expect(r.investors.length).toBeGreaterThan(0)
  })

  it('keeps the old behaviour for a need without a kind, and lets a caller ask for other lists', () => {
    expect(district().match('焊接机器人').lists).toEqual(DEFAULTS.routes.none)
    const r = district().match(FINANCING, { lists: ['investors', 'experts'] })
    expect(r.lists).toEqual(['investors', 'experts'])
    expect(r.experts[0]!.id).toBe('cell')
    expectDuijieError(() => district().match(FINANCING, { lists: ['banks'] as never }), 'INPUT', ['lists.0'])
    expectDuijieError(() => district().match(FINANCING, { lists: [] }), 'INPUT', ['lists'])
  })
})

describe('investor rules', () => {
  it('an investor whose ticket cannot cover the amount ranks below those that can, saying why', () => {
    const r = district().match(FINANCING)
    const ids = r.investors.map((i) => i.id)
    expect(ids.indexOf('fund')).toBeLessThan(ids.indexOf('small'))
    const small = r.investors.find((i) => i.id === 'small')!
    expect(small.fits).toBe(false)
    expect(small.reasons).toEqual(['ticket 100–500万元 < 3000万元'])
    // It is still the better text match: the rule, not the score, moved it down.
    expect(small.score).toBeGreaterThan(r.investors.find((i) => i.id === 'fund')!.score)
    expect(r.investors.find((i) => i.id === 'fund')).toMatchObject({ fits: true, reasons: [] })
  })

  it('an investor whose regions leave out the enterprise ranks below those that take it', () => {
    const r = district().match(FINANCING)
    const far = r.investors.find((i) => i.id === 'far')!
    expect(far).toMatchObject({ fits: false, reasons: ['regions 深圳 leave out 常熟'] })
    const fitting = r.investors.filter((i) => i.fits)
    expect(r.investors.slice(0, fitting.length)).toEqual(fitting)
  })

  it('without an amount, region or stage in the need, no rule applies', () => {
    const r = district().match({ kind: 'financing', text: '储能项目寻求产业基金投资' })
    expect(r.investors.every((i) => i.fits)).toBe(true)
  })

  it('reads rules one by one: ticket above the ask, stages, regions naming each other', () => {
    const big: InvestorInput = {
      id: 'b',
      name: 'B',
      type: 'industry-fund',
      focus: ['x'],
      ticket: { min: 5000, max: 9000 },
    }
    expect(investorReasons(big, { amount: { min: 1000, max: 2000 }, stages: [] })).toEqual([
      'ticket 5000–9000万元 > 1000–2000万元',
    ])
    expect(investorReasons(big, { amount: { min: 1000, max: 6000 }, stages: [] })).toEqual([])
    const seed: InvestorInput = { id: 's', name: 'S', type: 'venture-capital', focus: ['x'], stages: ['seed', 'angel'] }
    expect(investorReasons(seed, { stages: ['B'] })).toEqual(['stages seed, angel leave out B'])
    expect(investorReasons(seed, { stages: ['angel', 'A'] })).toEqual([])
    const local: InvestorInput = { id: 'l', name: 'L', type: 'bank', focus: ['x'], regions: ['江苏常熟'] }
    expect(investorReasons(local, { stages: [], region: '常熟' })).toEqual([])
  })
})

describe('new record types', () => {
  it('are validated like experts: whole batch or nothing, naming record and field', () => {
    const m = district()
    const before = m.stats
    expectDuijieError(
      () => m.addProgrammes([{ id: 'p9', universityId: 'nowhere', name: '采矿工程', degree: 'bachelor' }]),
      'INPUT',
      ['universityId'],
    )
    expectDuijieError(() => m.addProgrammes([{ ...PROGRAMMES[0]!, id: 'p8', degree: 'phd' as never }]), 'INPUT', [
      'degree',
    ])
    expectDuijieError(() => m.addInvestors([{ ...INVESTORS[0]!, id: 'v9', ticket: { min: 900, max: 100 } }]), 'INPUT', [
      'ticket.max',
    ])
    expectDuijieError(() => m.addInvestors([{ ...INVESTORS[0]!, id: 'v8', type: 'angel' as never }]), 'INPUT', ['type'])
    expectDuijieError(() => m.addInvestors([INVESTORS[1]!]), 'INPUT', ['id'])
    expect(m.stats).toEqual(before)
  })

  it('round-trip through snapshots, and adding investors moves no expert score', () => {
    const m = district()
    const needs = [FINANCING, { kind: 'talent' as const, text: '焊接技术人才' }, '船舶焊接']
    const before = m.matchAll(needs)
    expect(Matcher.fromBinary(m.toBinary()).matchAll(needs)).toEqual(before)
    expect(Matcher.fromJSON(JSON.parse(JSON.stringify(m))).matchAll(needs)).toEqual(before)
    const withoutInvestors = new Matcher().addUniversities(UNIVERSITIES).addExperts(EXPERTS).addProgrammes(PROGRAMMES)
    expect(withoutInvestors.match('船舶焊接').experts).toEqual(before[2]!.experts)
  })
})

describe('names as people write them', () => {
  it('finds universities by alias, abbreviation and typo', () => {
    const m = new Matcher().addUniversities([
      { id: 'just', name: '江苏科技大学', aliases: ['江科大'] },
      { id: 'sjtu', name: '上海交通大学' },
      { id: 'ujs', name: '江苏大学' },
    ])
    expect(m.findUniversities('江科大')[0]).toMatchObject({ id: 'just', score: 1 })
    expect(m.findUniversities('上海交大')[0]!.id).toBe('sjtu')
    expect(m.findUniversities('江苏科技大')[0]!.id).toBe('just')
    expect(m.findUniversities('量子引力')).toEqual([])
    expect(m.findUniversities('大学', { limit: 2 }).length).toBeLessThanOrEqual(2)
    expectDuijieError(() => m.findUniversities('大学', { limit: 0 }), 'INPUT', ['limit'])
  })

  it('says which university was meant when an expert names one by its name or alias', () => {
    const m = new Matcher().addUniversities([{ id: 'just', name: '江苏科技大学', aliases: ['江科大'] }])
    const error = expectDuijieError(
      () => m.addExperts([{ id: 'e', name: '甲', universityId: '江科大', specialties: ['焊接'] }]),
      'INPUT',
      ['universityId'],
    )
    expect(error.issues[0]!.message).toContain('did you mean "just" (江苏科技大学)?')
    const none = expectDuijieError(
      () => m.addExperts([{ id: 'e', name: '甲', universityId: '量子大学', specialties: ['焊接'] }]),
      'INPUT',
    )
    expect(none.issues[0]!.message).not.toContain('did you mean')
    // Names survive a snapshot: the loaded matcher suggests the same.
    expect(Matcher.fromBinary(m.toBinary()).findUniversities('江科大')[0]!.id).toBe('just')
  })
})

describe('empty answers say why', () => {
  it('names an empty catalogue, a need of stop words only, and unknown terms', () => {
    expect(new Matcher().match('焊接机器人').notes).toEqual(['the catalogue has no experts yet'])
    expect(district().match({ kind: 'financing', text: '储能' }).notes).toEqual([])
    const stopWords = district().match('需要')
    expect(stopWords.experts).toEqual([])
    expect(stopWords.notes).toEqual(['the need has no terms once stop words and short numbers are dropped'])
    const english = district().match('quantum gravity sensor')
    expect(english.notes).toEqual(["none of the need's terms is in the catalogue: quantum, gravity, sensor"])
    const onlyInvestors = district().match({ kind: 'talent', text: '新能源' })
    expect(onlyInvestors.programmes).toEqual([])
    expect(onlyInvestors.notes[0]).toMatch(/^no programme shares a term with the need/)
  })

  it('is empty when the primary list has answers', () => {
    expect(district().match('船舶焊接').notes).toEqual([])
  })
})
