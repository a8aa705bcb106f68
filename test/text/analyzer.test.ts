import { describe, expect, it } from 'vitest'
import { Analyzer, STOP_WORDS, normalize, type Segmenter } from '../../src/index.js'

describe('normalize', () => {
  it('folds full-width Latin, digits and punctuation to half-width and lower-cases Latin', () => {
    expect(normalize('ＰＬＣ控制，５Ｇ基站')).toBe('plc控制,5g基站')
  })
})

describe('Analyzer: segmentation with and without the user dictionary', () => {
  it('keeps shipped domain words whole that jieba alone splits', () => {
    const plain = new Analyzer({ domainDictionary: false, subwords: false, bigrams: false })
    const domain = new Analyzer({ subwords: false, bigrams: false })
    expect(plain.analyze('石墨烯导热膜')).toEqual(['石墨', '烯', '导热', '膜'])
    expect(domain.analyze('石墨烯导热膜')).toEqual(['石墨烯', '导热', '膜'])
    expect(plain.analyze('高压开关柜局部放电')).toEqual(['高压', '开关柜', '局部', '放电'])
    expect(domain.analyze('高压开关柜局部放电')).toEqual(['高压开关柜', '局部放电'])
  })

  it('keeps words passed as options and added at runtime whole, in this analyzer only', () => {
    const withOption = new Analyzer({ userWords: ['海雷德蒙'], subwords: false, bigrams: false })
    const other = new Analyzer({ subwords: false, bigrams: false })
    expect(withOption.analyze('海雷德蒙新能源')).toEqual(['海雷德蒙', '新能源'])
    expect(other.analyze('海雷德蒙新能源')).not.toContain('海雷德蒙')
    expect(other.addWords(['海雷德蒙', '海雷德蒙'])).toBe(1)
    expect(other.analyze('海雷德蒙新能源')).toContain('海雷德蒙')
  })

  it('emits the base-dictionary parts of long words when sub-words are on', () => {
    expect(new Analyzer({ subwords: true, bigrams: false }).analyze('高压开关柜')).toEqual([
      '高压开关柜',
      '高压',
      '开关柜',
    ])
    expect(new Analyzer({ subwords: false, bigrams: false }).analyze('高压开关柜')).toEqual(['高压开关柜'])
  })
})

describe('Analyzer: stop words and mixed scripts', () => {
  const analyzer = new Analyzer({ subwords: false, bigrams: false })

  it('drops requirement and research boilerplate, function words and punctuation', () => {
    const terms = analyzer.analyze('企业需要基于PLC进行技术研究，公司的焊接机器人！')
    expect(terms).toEqual(['plc', '焊接机器人'])
    for (const w of ['需要', '企业', '公司', '技术', '研究', '基于', '进行', '的']) expect(STOP_WORDS).toContain(w)
    expect(analyzer.isStopWord('需要')).toBe(true)
    expect(analyzer.isStopWord('焊接')).toBe(false)
  })

  it('keeps Latin and digit runs whole, including numbers glued to Han text', () => {
    expect(analyzer.analyze('SiC器件与5G通信，304不锈钢，ＰＬＣ')).toEqual([
      'sic',
      '器件',
      '5g',
      '通信',
      '304',
      '不锈钢',
      'plc',
    ])
    expect(analyzer.analyze('li-ion电池和c++程序，版本3.5')).toEqual(['li-ion', '电池', 'c++', '程序', '版本', '3.5'])
  })

  it('drops pure numbers shorter than minNumberLength', () => {
    expect(analyzer.analyze('3台设备，2024年')).toEqual(['设备', '2024'])
    expect(new Analyzer({ minNumberLength: 1, bigrams: false }).analyze('3台')).toContain('3')
  })

  it('lets users add to, remove from or replace the stop list', () => {
    expect(
      new Analyzer({ stopWords: { add: ['焊接'] }, subwords: false, bigrams: false }).analyze('焊接与机器人'),
    ).toEqual(['机器人'])
    expect(new Analyzer({ stopWords: { remove: ['技术'] }, bigrams: false }).analyze('技术')).toEqual(['技术'])
    expect(new Analyzer({ stopWords: [], bigrams: false }).analyze('需要')).toEqual(['需要'])
  })

  it('is deterministic: the same text gives the same terms, in any analyzer with the same settings', () => {
    const text = '船体分段焊接主要靠人工，需要焊接机器人工作站与焊接变形控制技术。'
    const first = analyzer.analyze(text)
    expect(analyzer.analyze(text)).toEqual(first)
    expect(new Analyzer({ subwords: false, bigrams: false }).analyze(text)).toEqual(first)
    expect(new Analyzer({ subwords: false, bigrams: false }).fingerprint()).toBe(analyzer.fingerprint())
    expect(new Analyzer({ userWords: ['焊接机器人工作站'] }).fingerprint()).not.toBe(analyzer.fingerprint())
  })
})

describe('Analyzer: character bigrams', () => {
  it('adds the bigrams of each Han run after its words, skipping stop words, in the same term space', () => {
    const analyzer = new Analyzer({ subwords: false })
    expect(analyzer.analyze('褚伯秀的庄学')).toEqual(['褚伯秀', '庄学', '褚伯', '伯秀', '秀的', '的庄', '庄学'])
    expect(analyzer.analyze('PLC需要')).toEqual(['plc'])
    expect(new Analyzer({ bigrams: false }).fingerprint()).not.toBe(analyzer.fingerprint())
  })
})

describe('Analyzer: segmenter interface', () => {
  it('accepts another segmenter without other changes', () => {
    const bigrams: Segmenter = {
      id: 'bigram@test',
      cut: (run) => (run.length < 2 ? [run] : Array.from({ length: run.length - 1 }, (_, i) => run.slice(i, i + 2))),
    }
    const analyzer = new Analyzer({ segmenter: bigrams, domainDictionary: false, stopWords: [], bigrams: false })
    expect(analyzer.analyze('焊接机器人 PLC')).toEqual(['焊接', '接机', '机器', '器人', 'plc'])
    expect(analyzer.fingerprint()).toMatch(/^bigram@test;/)
  })
})

describe('Analyzer: characters outside the basic plane and invisible ones', () => {
  it('makes bigrams of characters, never of half an Ext-B character', () => {
    const analyzer = new Analyzer()
    const terms = analyzer.analyze('咬𬌗重建与𫟼𬬭合金')
    for (const term of terms)
      expect(term, JSON.stringify(term)).not.toMatch(
        /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
      )
    expect(terms).toContain('咬𬌗')
    expect(terms).toContain('𫟼𬬭')
  })

  it.each([
    ['zero-width space', '开\u200B关柜局\u200B部放电'],
    ['zero-width joiner', '开\u200D关柜局部\u200D放电'],
    ['soft hyphen', '开关\u00AD柜局部放\u00AD电'],
    ['NUL', '开关柜\u0000局部放电'],
    ['byte-order mark', '\uFEFF开关柜局部放电'],
  ])('reads words across a %s as if it were not there', (_, text) => {
    const analyzer = new Analyzer()
    expect(analyzer.analyze(text)).toEqual(analyzer.analyze('开关柜局部放电'))
  })

  it('tells words from bigram fragments, counting characters', () => {
    const analyzer = new Analyzer()
    expect(analyzer.isWord('开关柜')).toBe(true)
    expect(analyzer.isWord('关柜')).toBe(false)
    expect(analyzer.isWord('plc')).toBe(true)
  })
})
