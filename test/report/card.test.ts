import { describe, expect, it } from 'vitest'
import { cardMatcher } from '../../examples/card.js'
import { loadSampleData } from '../../examples/sample-data.js'
import { Analyzer, Matcher } from '../../src/index.js'
import { expectDuijieError } from '../helpers/errors.js'

// Every university's experts also list 工程 and 技术研究, so those words say nothing about which one to call.
const UNIVERSITIES = [
  { id: 'ship', name: '船舶大学' },
  { id: 'cell', name: '储能学院' },
  { id: 'drug', name: '药科大学' },
]
const EXPERTS = [
  { id: 's1', name: '甲', universityId: 'ship', specialties: ['船舶焊接', '工程', '船舶设计'] },
  { id: 's2', name: '乙', universityId: 'ship', specialties: ['船舶焊接', '工程'] },
  { id: 'c1', name: '丙', universityId: 'cell', specialties: ['储能电池', '工程'] },
  { id: 'd1', name: '丁', universityId: 'drug', specialties: ['缓释制剂', '工程'] },
]
const PROGRAMMES = [
  { id: 'p-ship', universityId: 'ship', name: '船舶与海洋工程', degree: 'bachelor' as const },
  { id: 'p-cell', universityId: 'cell', name: '储能科学与工程', degree: 'master' as const },
]

function matcher() {
  return new Matcher().addUniversities(UNIVERSITIES).addExperts(EXPERTS).addProgrammes(PROGRAMMES)
}

describe('the collective business card', () => {
  it('leads with what sets a university apart: a word every university has leads no card', () => {
    const cards = matcher().cards()
    expect(cards.map((c) => c.id)).toEqual(['ship', 'cell', 'drug'])
    for (const card of cards) expect(card.terms[0]!.term).not.toBe('工程')
    expect(cards[0]!.terms[0]!.term).toBe('船舶')
    expect(cards[1]!.terms.map((t) => t.term)).toContain('储能')
  })

  it('names the university’s own experts and programmes behind each term, best first', () => {
    const card = matcher().card('ship')
    const ship = card.terms.find((t) => t.term === '船舶')!
    // s2's shorter profile gives 船舶 the larger share of its weight.
    expect(ship.experts).toEqual(['s2', 's1'])
    expect(ship.programmes).toEqual(['p-ship'])
    for (const t of card.terms) for (const e of t.experts) expect(['s1', 's2']).toContain(e)
    const weights = card.terms.map((t) => t.weight)
    expect(weights).toEqual([...weights].sort((a, b) => b - a))
  })

  it('shows words, not bigram fragments, and at most topK of them', () => {
    const m = matcher()
    const card = m.card('ship', { topK: 3 })
    expect(card.terms.length).toBeLessThanOrEqual(3)
    for (const t of m.cards().flatMap((c) => c.terms)) expect(m.analyzer.isWord(t.term), t.term).toBe(true)
  })

  it('refuses an unknown university and bad options', () => {
    const error = expectDuijieError(() => matcher().card('nowhere'), 'INPUT', ['universityId'])
    expect(error.message).toBe('duijie: card: universityId: unknown university "nowhere"')
    expectDuijieError(() => matcher().card('ship', { topK: 0 }), 'INPUT', ['topK'])
    expectDuijieError(() => matcher().cards({ top: 3 } as never), 'INPUT', ['top'])
  })

  it('does not lead with a word another university holds far more of', () => {
    // Invariant: a card says what the university is the one to call for. 交通大学 has three ship experts and two
    // battery experts; 船舶大学 holds ships far more (all its experts), while 电池 is nearly all 交通大学's. Both
    // words are held by two universities, so only the university's share of each tells them apart.
    const m = new Matcher()
      .addUniversities([
        { id: 'ship', name: '船舶大学' },
        { id: 'tong', name: '交通大学' },
        { id: 'drug', name: '药科大学' },
      ])
      .addExperts([
        ...['a1', 'a2', 'a3'].map((id) => ({ id, name: id, universityId: 'ship', specialties: ['船舶'] })),
        ...['b1', 'b2', 'b3'].map((id) => ({ id, name: id, universityId: 'tong', specialties: ['船舶'] })),
        ...['b4', 'b5'].map((id) => ({ id, name: id, universityId: 'tong', specialties: ['电池'] })),
        ...['c1', 'c2', 'c3', 'c4'].map((id) => ({ id, name: id, universityId: 'drug', specialties: ['药物'] })),
        { id: 'c5', name: 'c5', universityId: 'drug', specialties: ['药物', '制剂', '疫苗', '电池'] },
      ])
    expect(m.card('tong').terms.map((t) => t.term)).toEqual(['电池', '船舶'])
    expect(m.card('ship').terms[0]!.term).toBe('船舶')
  })

  it('shows words of the university’s texts, not dictionary words found there only inside longer ones', () => {
    // 感器 and 车底 are in jieba's dictionary, so isWord() passes them, but these texts only have 传感器 and 汽车底盘.
    const m = new Matcher()
      .addUniversities([
        { id: 'car', name: '汽车学院' },
        { id: 'drug', name: '药科大学' },
      ])
      .addExperts([
        { id: 'a', name: '甲', universityId: 'car', specialties: ['传感器', '汽车底盘'] },
        { id: 'b', name: '乙', universityId: 'car', specialties: ['汽车底盘', '传感器标定'] },
        { id: 'd', name: '丙', universityId: 'drug', specialties: ['缓释制剂'] },
      ])
    expect(m.analyzer.isWord('感器') && m.analyzer.isWord('车底')).toBe(true)
    const terms = m.card('car', { topK: 20 }).terms.map((t) => t.term)
    expect(terms).toEqual(expect.arrayContaining(['传感器', '汽车底盘']))
    expect(terms).not.toContain('感器')
    expect(terms).not.toContain('车底')
  })

  it('shows a term only when two of the university’s profiles hold it', () => {
    // 标定 is b's alone (传感器标定): one expert's word is not the university's strength.
    const m = new Matcher()
      .addUniversities([
        { id: 'car', name: '汽车学院' },
        { id: 'drug', name: '药科大学' },
      ])
      .addExperts([
        { id: 'a', name: '甲', universityId: 'car', specialties: ['汽车底盘'] },
        { id: 'b', name: '乙', universityId: 'car', specialties: ['汽车底盘', '标定'] },
        { id: 'd', name: '丙', universityId: 'drug', specialties: ['缓释制剂'] },
      ])
    expect(m.card('car', { topK: 20 }).terms.map((t) => t.term)).toEqual(['汽车底盘'])
    // A university with one profile shows what that profile holds.
    expect(m.card('drug').terms.map((t) => t.term)).toContain('缓释')
  })
})

// The sample district exactly as `npm run card` builds it: with the experts' documents and the programmes.
describe('the collective business card of the sample district (npm run card)', () => {
  const sample = loadSampleData()
  const m = cardMatcher(sample)
  const cards = m.cards()
  /** The texts of a university's profiles: its description, its experts' fields and documents, its programmes. */
  const textsOf = (id: string): string[] => {
    const own = sample.experts.filter((e) => e.universityId === id)
    const ids = new Set(own.map((e) => e.id))
    return [
      sample.universities.find((u) => u.id === id)!.description ?? '',
      ...own.flatMap((e) => [...(e.specialties ?? []), e.description ?? '', e.title ?? '']),
      ...sample.documents.filter((d) => d.expertIds.some((x) => ids.has(x))).flatMap((d) => [d.title, d.text ?? '']),
      ...sample.programmes.filter((p) => p.universityId === id).flatMap((p) => [p.name, p.description ?? '']),
    ]
  }

  it('江苏科技大学 leads with ships and has welding in its first five, as its description says', () => {
    // Invariant: the card leads with what the university is known for (以船舶与海洋工程为特色…焊接技术), which
    // its experts, programmes and description all hold, not with a word a few of its documents repeat (功能).
    const terms = m.card('just').terms.map((t) => t.term)
    expect(terms[0]).toMatch(/^船/)
    expect(
      terms.slice(0, 5).some((t) => t.includes('焊')),
      terms.join(' '),
    ).toBe(true)
    expect(terms.indexOf('功能')).not.toBe(1)
  })

  it('no card leads with a word most universities use', () => {
    // Invariant: distinctiveness. A word more than half of the universities' texts use says nothing about
    // which one to call, so it is never among a card's first three.
    const plain = new Analyzer({ bigrams: false })
    const usedBy = new Map<string, Set<string>>()
    for (const u of sample.universities) {
      for (const text of textsOf(u.id))
        for (const word of plain.analyze(text)) {
          if (!usedBy.has(word)) usedBy.set(word, new Set())
          usedBy.get(word)!.add(u.id)
        }
    }
    const common = [...usedBy].filter(([, by]) => by.size > sample.universities.length / 2).map(([w]) => w)
    // The sample has such words (工程, 设计, 检测 …), so the check below checks something.
    expect(common.length).toBeGreaterThan(3)
    for (const card of cards) {
      for (const t of card.terms.slice(0, 3)) expect(common, `${card.name}: ${t.term}`).not.toContain(t.term)
    }
  })

  it('every term is a word of the university’s own texts, not a fragment of a longer word (感器, 车底)', () => {
    const plain = new Analyzer({ bigrams: false })
    for (const card of m.cards({ topK: 25 })) {
      const words = new Set(textsOf(card.id).flatMap((text) => plain.analyze(text)))
      for (const t of card.terms) expect(words.has(t.term), `${card.name}: ${t.term}`).toBe(true)
    }
    const ujs = m.card('ujs', { topK: 25 }).terms.map((t) => t.term)
    expect(ujs).toContain('汽车底盘')
    expect(ujs).not.toContain('感器')
    expect(ujs).not.toContain('车底')
  })
})
