import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadSampleData } from '../../examples/sample-data.js'
import { Analyzer, Matcher } from '../../src/index.js'
import { WordCredit } from '../../src/search/words.js'

const sum = (terms: ReadonlyArray<{ weight: number }>) => terms.reduce((s, t) => s + t.weight, 0)

describe('WordCredit: explanations in the need words', () => {
  it('folds the bigrams of a word into it, and a bigram across two words half into each', () => {
    const credit = new WordCredit()
    new Analyzer({ domainDictionary: false }).analyze('焊接机器人', credit)
    // jieba alone cuts 焊接|机器人; the bigrams are 焊接 接机 机器 器人.
    const folded = credit.fold([
      { term: '焊接', weight: 0.4 },
      { term: '接机', weight: 0.2 },
      { term: '器人', weight: 0.1 },
    ])
    expect(folded.map((t) => t.term)).toEqual(['焊接', '机器人'])
    expect(folded[0]!.weight).toBeCloseTo(0.5, 12)
    expect(folded[1]!.weight).toBeCloseTo(0.2, 12)
  })

  it('credits a bigram to itself when the segmenter’s words do not spell the text, even at the right length', () => {
    // Two characters at a time, each pair turned round: 焊接机器人 → 接焊 器机 人, five characters as the text has.
    const turned = {
      id: 'turned@1',
      cut: (run: string) => (run.match(/.{1,2}/gu) ?? []).map((pair) => [...pair].reverse().join('')),
    }
    const credit = new WordCredit()
    const terms = new Analyzer({ segmenter: turned, domainDictionary: false }).analyze('焊接机器人', credit)
    expect(terms).toEqual(['接焊', '器机', '人', '焊接', '接机', '机器', '器人'])
    const folded = credit.fold([
      { term: '焊接', weight: 0.4 },
      { term: '接机', weight: 0.2 },
      { term: '器机', weight: 0.1 },
    ])
    // 焊接 and 接机 are in the need; 接焊 is not. The segmenter's own word 器机 stays what it is.
    expect(folded).toEqual([
      { term: '焊接', weight: 0.4 },
      { term: '接机', weight: 0.2 },
      { term: '器机', weight: 0.1 },
    ])
  })

  it('leaves a term it was never told about as it is', () => {
    expect(new WordCredit().fold([{ term: '关柜', weight: 1 }])).toEqual([{ term: '关柜', weight: 1 }])
  })

  it('never changes the total weight, whatever the credits (the words still add up to the score)', () => {
    const term = fc.constantFrom('a', 'b', 'c', 'd')
    fc.assert(
      fc.property(
        fc.array(fc.tuple(term, term, fc.double({ min: 0.01, max: 1, noNaN: true }))),
        fc.uniqueArray(fc.record({ term, weight: fc.double({ min: 0, max: 10, noNaN: true }) }), {
          selector: (t) => t.term,
        }),
        (credits, terms) => {
          const credit = new WordCredit()
          for (const [t, w, share] of credits) credit.credit(t, w, share)
          const folded = credit.fold(terms)
          expect(sum(folded)).toBeCloseTo(sum(terms), 9)
          expect(new Set(folded.map((t) => t.term)).size).toBe(folded.length)
          expect(folded.every((t, i) => i === 0 || folded[i - 1]!.weight >= t.weight)).toBe(true)
        },
      ),
    )
  })
})

describe('Matcher: the terms behind a match are words', () => {
  const { universities, experts, needs, investors, programmes } = loadSampleData()
  const m = new Matcher()
    .addUniversities(universities)
    .addExperts(experts)
    .addInvestors(investors)
    .addProgrammes(programmes)

  // The words the segmenter cut the need into, stop words included (a bigram over 试验|与 is shown as 试验).
  const wordCutter = new Analyzer({ bigrams: false, stopWords: [] })
  const wordsOf = (need: { title: string; text: string }) =>
    new Set([...wordCutter.analyze(need.title), ...wordCutter.analyze(need.text)])

  it('shows only words of the need on every list of every sample need, adding up to the score; raw terms keep the bigrams', () => {
    let bigramsSeen = 0
    const results = m.matchAll(needs, { topK: 5 })
    results.forEach((result, i) => {
      const words = wordsOf(needs[i]!)
      for (const match of [...result.experts, ...result.programmes, ...result.investors]) {
        for (const t of match.terms) expect(words.has(t.term), `${result.needId}: ${t.term}`).toBe(true)
        const prior = 'prior' in match ? match.prior : 0
        expect(sum(match.terms) + prior).toBeCloseTo(match.score, 9)
        expect(sum(match.rawTerms) + prior).toBeCloseTo(match.score, 9)
        bigramsSeen += match.rawTerms.filter((t) => !m.analyzer.isWord(t.term)).length
      }
      for (const t of result.queryTerms) expect(words.has(t.term), `${result.needId}: ${t.term}`).toBe(true)
      expect(sum(result.queryTerms)).toBeCloseTo(sum(result.rawQueryTerms), 9)
    })
    expect(bigramsSeen).toBeGreaterThan(50)
  })

  it('shows words the need spells, adding up to the score, for mixed scripts, Ext-B Han, user words and stop words', () => {
    const odd = new Matcher().addUniversities(universities).addExperts([
      ...experts,
      {
        id: 'odd',
        name: '测试',
        universityId: universities[0]!.id,
        specialties: ['𬌗面磨损', 'SiC功率模块', '海雷德蒙焊接'],
        description: '𬌗垫修复，PLC控制，5G通信，304不锈钢',
      },
    ])
    odd.addWords(['海雷德蒙', '𬌗面'])
    const texts = [
      '需要SiC功率模块封装，PLC控制5G通信，304不锈钢焊接',
      '𬌗面磨损与𬌗垫修复',
      '海雷德蒙焊接机器人',
      '１２ｋＶ开关柜㎏级局部放电',
    ]
    for (const text of texts) {
      const spelt = text.normalize('NFKC').toLowerCase()
      const result = odd.match({ kind: 'technology', text })
      expect(result.experts.length, text).toBeGreaterThan(0)
      for (const match of result.experts) {
        for (const t of match.terms) expect(spelt.includes(t.term), `${text}: ${t.term}`).toBe(true)
        const prior = 'prior' in match ? match.prior : 0
        expect(sum(match.terms) + prior).toBeCloseTo(match.score, 9)
      }
      expect(sum(result.queryTerms)).toBeCloseTo(sum(result.rawQueryTerms), 9)
    }
    expect(odd.match({ kind: 'technology', text: '我们需要进行一个' }).experts).toEqual([])
  })

  it('gives the README quick start words only, the need words themselves', () => {
    const quick = new Matcher()
      .addUniversities([{ id: 'just', name: '江苏科技大学', description: '船舶与海洋工程、焊接技术、材料表面工程' }])
      .addExperts([
        {
          id: 'e1',
          name: '王工',
          universityId: 'just',
          title: '教授',
          specialties: ['船舶焊接', '焊接机器人'],
          description: '船体分段自动化焊接与焊接变形控制',
        },
      ])
    const need = '船体分段焊接主要靠人工，需要焊接机器人工作站'
    const words = new Set(new Analyzer({ bigrams: false, subwords: false }).analyze(need))
    const [expert] = quick.match({ kind: 'technology', text: need }).experts
    expect(expert!.terms.map((t) => t.term).filter((t) => !words.has(t))).toEqual([])
    expect(expert!.rawTerms.some((t) => !words.has(t.term))).toBe(true)
  })
})
