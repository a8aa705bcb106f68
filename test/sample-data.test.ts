import { describe, expect, it } from 'vitest'
import { Matcher, NEED_KINDS } from '../src/index.js'
import { loadSampleData } from '../examples/sample-data.js'

const { universities, experts, needs } = loadSampleData()

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

  it('loads into a Matcher, and every need finds experts', () => {
    const m = new Matcher().addUniversities(universities).addExperts(experts)
    const results = m.matchAll(needs, { topK: 3 })
    results.forEach((r, i) => expect(r.experts.length, needs[i]!.id).toBeGreaterThan(0))
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
})
