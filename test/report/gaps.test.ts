import { describe, expect, it } from 'vitest'
import { loadSampleData } from '../../examples/sample-data.js'
import { Matcher } from '../../src/index.js'
import { expectDuijieError } from '../helpers/errors.js'

function matcher() {
  return new Matcher()
    .addUniversities([{ id: 'just', name: '江苏科技大学', description: '船舶与海洋工程、焊接技术' }])
    .addExperts([{ id: 'weld', name: '甲', universityId: 'just', specialties: ['船舶焊接', '焊接机器人'] }])
}

describe('the gap report', () => {
  it('lists a need planted outside the catalogue, with the words nobody covers, and leaves met needs out', () => {
    const report = matcher().gaps([
      { id: 'met', kind: 'technology', text: '船体分段焊接需要焊接机器人' },
      { id: 'gap', kind: 'technology', text: '需要区块链防伪溯源系统，区块链存证' },
    ])
    expect(report.needs.map((n) => n.needId)).toEqual(['gap'])
    expect(report.needs[0]).toMatchObject({ list: 'experts', best: 0 })
    const chain = report.terms.find((t) => t.term === '区块链')!
    expect(chain).toMatchObject({ needs: 1, covered: 0, examples: ['gap'] })
    expect(report.terms.every((t) => !/^\d+$/.test(t.term))).toBe(true)
  })

  it('groups the needs that ask for the same word, most asked first', () => {
    const report = matcher().gaps([
      { id: 'a', text: '石墨烯导热膜量产' },
      { id: 'b', text: '石墨烯涂料' },
      { id: 'c', text: '区块链溯源' },
    ])
    expect(report.terms[0]).toMatchObject({ term: '石墨烯', needs: 2, examples: ['a', 'b'] })
  })

  it('a higher minScore reports more needs, and options are checked', () => {
    const needs = ['焊接机器人', '船体焊接变形']
    expect(matcher().gaps(needs).needs).toEqual([])
    expect(matcher().gaps(needs, { minScore: 1.1 }).needs.length).toBe(2)
    expectDuijieError(() => matcher().gaps(needs, { minScore: Number.NaN }), 'INPUT', ['minScore'])
    expectDuijieError(() => matcher().gaps('焊接' as never), 'INPUT', ['(batch)'])
  })

  it('on the sample district, reports the five needs planted outside the catalogue', () => {
    const { universities, experts, programmes, investors, needs } = loadSampleData()
    const m = new Matcher()
      .addUniversities(universities)
      .addExperts(experts)
      .addProgrammes(programmes)
      .addInvestors(investors)
    const ids = m.gaps(needs).needs.map((n) => n.needId)
    for (const id of ['n44', 'n45', 'n46', 'n47', 'n48']) expect(ids).toContain(id)
  })
})
