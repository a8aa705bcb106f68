import { describe, expect, it } from 'vitest'
import { gapMatcher } from '../../examples/gaps.js'
import { loadSampleData } from '../../examples/sample-data.js'
import { type MatchResult, Matcher } from '../../src/index.js'
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

  it('names words the need asks for, not the words it frames the ask with, nor fragments of its words', () => {
    const report = matcher().gaps(['希望了解区块链存证的途径', '拟量产石墨烯导热膜'], { minScore: 1.1 })
    const [chain, graphene] = report.needs.map((n) => n.terms)
    // 了解 and 途径 frame the ask.
    expect(chain).toEqual(['区块链', '存证'])
    // 石墨 is a dictionary word, but this need has it only inside 石墨烯.
    expect(graphene).toEqual(expect.arrayContaining(['石墨烯', '导热']))
    expect(graphene).not.toContain('石墨')
  })

  it('counts a word as covered when matching sees it: through the bigrams it is matched by (产业基金 ← 产业, 基金)', () => {
    const fund = (id: string, focus: string) => ({ id, name: id, type: 'industry-fund' as const, focus: [focus] })
    const need = { id: 'f', kind: 'financing' as const, text: '希望对接产业基金和区块链' }
    const one = matcher().addInvestors([fund('v1', '储能产业投资基金')])
    // No investor profile holds the word 产业基金 itself: it is matched through 产业 and 基金.
    expect(one.match(need).investors[0]!.terms.map((t) => t.term)).toContain('产业基金')
    const held = one.gaps([need], { minScore: 1.1 }).terms
    expect(held.find((t) => t.term === '产业基金')).toMatchObject({ covered: 1 })
    expect(held.find((t) => t.term === '区块链')).toMatchObject({ covered: 0 })
    // Held by two investors, it is not lacking (DEFAULTS.gaps.maxCoverage is 1).
    const two = matcher().addInvestors([fund('v1', '储能产业投资基金'), fund('v2', '船舶产业基金')])
    expect(two.gaps([need], { minScore: 1.1 }).terms.map((t) => t.term)).toEqual(['区块链'])
  })

  it('an investor whose ticket cannot cover the amount does not meet a financing need', () => {
    const investor = (min: number, max: number) => ({
      id: 'v1',
      name: '储能基金',
      type: 'industry-fund' as const,
      focus: ['储能', '产线扩建'],
      ticket: { min, max },
    })
    const need = { id: 'n', kind: 'financing' as const, text: '储能产线扩建需要资金3000万元' }
    const small = matcher().addInvestors([investor(100, 500)])
    expect(small.match(need).investors[0]).toMatchObject({ fits: false })
    expect(small.match(need).investors[0]!.score).toBeGreaterThan(0.2)
    expect(small.gaps([need]).needs).toMatchObject([{ needId: 'n', list: 'investors', best: 0 }])
    expect(
      matcher()
        .addInvestors([investor(1000, 5000)])
        .gaps([need]).needs,
    ).toEqual([])
  })
})

// The sample district exactly as `npm run gaps` builds it: documents, programmes and investors.
describe('the gap report of the sample district (npm run gaps)', () => {
  const sample = loadSampleData()
  const m = gapMatcher(sample)
  const report = m.gaps(sample.needs)
  const unmet = new Map(report.needs.map((n) => [n.needId!, n]))

  it('reports the five needs planted outside the catalogue', () => {
    for (const id of ['n44', 'n45', 'n46', 'n47', 'n48']) expect([...unmet.keys()]).toContain(id)
  })

  it('reports n06, which no investor able to take 3000万元 meets, without 了解 or words investors hold', () => {
    // Invariant: a need is unmet when no counterpart whose rules fit scores minScore (0.2); n06's best fitting
    // investor scores 0.14, and the one that names 储能产线扩建 (v07) starts at 5000万元.
    const n06 = sample.needs.find((n) => n.id === 'n06')!
    const fitting = m.match(n06, { topK: 50 }).investors.filter((i) => i.fits)
    expect(Math.max(...fitting.map((i) => i.score))).toBeLessThan(0.2)
    const row = unmet.get('n06')!
    expect(row.terms).not.toContain('了解')
    for (const word of ['产业基金', '风险投资', '股权融资']) {
      expect(row.terms).not.toContain(word)
      expect(report.terms.find((t) => t.term === word)).toBeUndefined()
    }
  })

  it('never reports as held by no profile a word the match of that need credits to a counterpart', () => {
    // Invariant: "covered 0" means matching found nobody for the word; if a counterpart's match lists the
    // word among its terms, the word is held by that counterpart.
    const byId = new Map(sample.needs.map((n) => [n.id, n]))
    for (const gap of report.terms.filter((t) => t.covered === 0)) {
      for (const id of gap.examples) {
        const need = unmet.get(id)!
        const result: MatchResult = m.match(byId.get(id)!, { topK: 100 })
        const credited = new Set(
          (result[need.list] as Array<{ terms: Array<{ term: string }> }>).flatMap((c) => c.terms.map((t) => t.term)),
        )
        expect(credited.has(gap.term), `${id}: ${gap.term}`).toBe(false)
      }
    }
    expect(report.terms.filter((t) => t.covered === 0).length).toBeGreaterThan(10)
  })
})
