import { describe, expect, it } from 'vitest'
import { Matcher, NEED_KINDS } from '../src/index.js'
import { loadSampleData } from '../examples/sample-data.js'

const { universities, experts, programmes, investors, needs, documents } = loadSampleData()

describe('sample district catalogue in data/', () => {
  it('holds the universities the article names, 60+ experts and 30+ needs of all four kinds', () => {
    const names = universities.map((u) => u.name)
    for (const name of ['江苏科技大学', '常熟理工学院', '上海交通大学', '沈阳理工大学']) expect(names).toContain(name)
    expect(experts.length).toBeGreaterThanOrEqual(60)
    expect(needs.length).toBeGreaterThanOrEqual(30)
    expect(new Set(needs.map((n) => n.kind))).toEqual(new Set(NEED_KINDS))
    const industries = new Set(needs.map((n) => n.industry))
    for (const industry of [
      '电力装备',
      '汽车及零部件',
      '医疗器械',
      '生物医药',
      '新材料',
      '船舶',
      '通信设备',
      '矿山机械',
      '农业与水产',
    ]) {
      expect(industries).toContain(industry)
    }
  })

  // Planted outside the catalogue, so the gap report has something to report.
  const GAPS = new Set(['n44', 'n45', 'n46', 'n47', 'n48'])

  it('loads into a Matcher; every need but the planted gaps finds its own counterpart, and the gaps find none', () => {
    const m = new Matcher()
      .addUniversities(universities)
      .addExperts(experts)
      .addProgrammes(programmes)
      .addInvestors(investors)
    const results = m.matchAll(needs, { topK: 3 })
    results.forEach((r, i) => {
      const primary = r[r.lists[0]!]
      expect(primary.length > 0, needs[i]!.id).toBe(!GAPS.has(needs[i]!.id))
    })
    expect(results.filter((r) => r.kind === 'financing').every((r) => r.experts.length === 0)).toBe(true)
  })

  it('sends clear technology needs to the expert who lists that specialty', () => {
    const m = new Matcher().addUniversities(universities).addExperts(experts)
    const specialtiesOfTop = (text: string) => {
      const top = m.match(text).experts[0]!
      return experts.find((e) => e.id === top.id)!.specialties
    }
    expect(specialtiesOfTop('开关柜局部放电在线监测')).toContain('局部放电')
    expect(specialtiesOfTop('船体分段焊接机器人')).toContain('焊接机器人')
    expect(specialtiesOfTop('5G基站天线设计')).toContain('基站天线')
    expect(specialtiesOfTop('仿制药一致性评价')).toContain('一致性评价')
  })

  it('gives every expert 2–5 documents as first author, each with a year, some co-authored (a co-authored document also counts for its other authors, so an expert may hold more than 5)', () => {
    const known = new Set(experts.map((e) => e.id))
    const firstAuthored = new Map(experts.map((e) => [e.id, 0]))
    for (const d of documents) {
      expect(
        d.expertIds.every((id) => known.has(id)),
        d.id,
      ).toBe(true)
      firstAuthored.set(d.expertIds[0]!, firstAuthored.get(d.expertIds[0]!)! + 1)
      expect(Number.isInteger(d.year), d.id).toBe(true)
      expect(d.year!, d.id).toBeGreaterThanOrEqual(1990)
      expect(d.year!, d.id).toBeLessThanOrEqual(2026)
    }
    const outside = [...firstAuthored].filter(([, n]) => n < 2 || n > 5)
    expect(outside, 'experts first author of fewer than 2 or more than 5 documents').toEqual([])
    expect(new Set(documents.map((d) => d.kind))).toEqual(new Set(['paper', 'patent', 'project']))
    expect(documents.filter((d) => d.expertIds.length > 1).length).toBeGreaterThan(0)
  })
})
