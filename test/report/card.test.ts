import { describe, expect, it } from 'vitest'
import { loadSampleData } from '../../examples/sample-data.js'
import { Matcher } from '../../src/index.js'
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
    expectDuijieError(() => matcher().card('nowhere'), 'INPUT', ['universityId.0'])
    expectDuijieError(() => matcher().card('ship', { topK: 0 }), 'INPUT', ['topK'])
    expectDuijieError(() => matcher().cards({ top: 3 } as never), 'INPUT', ['top'])
  })

  it('on the sample district, 江苏科技大学 leads with ships and lists welding', () => {
    const { universities, experts, programmes } = loadSampleData()
    const m = new Matcher().addUniversities(universities).addExperts(experts).addProgrammes(programmes)
    const terms = m.card('just').terms.map((t) => t.term)
    expect(terms[0]).toBe('船舶')
    expect(terms.some((t) => t.startsWith('焊'))).toBe(true)
  })
})
