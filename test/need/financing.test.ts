import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DuijieError } from '../../src/errors.js'
import { parseAmount, parseStages } from '../../src/need/financing.js'
import { INVESTMENT_STAGES, type InvestmentStage } from '../../src/schema.js'

type Expected = { min: number; max: number } | undefined

/** The amount read, without the quoted text, for tables that check only the numbers. */
function numbers(text: string): Expected {
  const read = parseAmount(text)
  return read && { min: read.min, max: read.max }
}

const one = (amount: number): Expected => ({ min: amount, max: amount })
const range = (min: number, max: number): Expected => ({ min, max })

describe('parseAmount: the written forms', () => {
  it.each<[string, Expected]>([
    // Arabic numbers with 万/万元/亿/亿元
    ['储能产线扩建需要资金约3000万元，希望对接风险投资和产业基金', one(3000)],
    ['拟融资1.5亿元', one(15000)],
    ['需要500万', one(500)],
    ['计划募集2亿', one(20000)],
    ['资金缺口1,000万元', one(1000)],
    ['贷款12,500万元', one(12500)],
    ['需要３０００万', one(3000)],
    ['需要资金１，０００万元', one(1000)],
    ['融资 3000 万元', one(3000)],
    ['3000余万元', one(3000)],
    ['1亿5000万', one(15000)],
    ['RMB 3000万', one(3000)],
    ['¥800万', one(800)],
    ['3000万人民币', one(3000)],
    ['5亿元人民币', one(50000)],
    // 千万/百万 after an Arabic number
    ['需要5千万', one(5000)],
    ['3百万', one(300)],
    ['1.2千万元', one(1200)],
    // Chinese numerals
    ['两千万', one(2000)],
    ['三千万元', one(3000)],
    ['五百万', one(500)],
    ['一亿', one(10000)],
    ['一点五亿', one(15000)],
    ['一亿五千万', one(15000)],
    ['一亿五', one(15000)],
    ['一亿零五百万', one(10500)],
    ['十二亿', one(120000)],
    ['二十万元', one(20)],
    ['三千五百万', one(3500)],
    ['一千零五万', one(1005)],
    ['两千多万', one(2000)],
    ['两三千万', range(2000, 3000)],
    ['七八十万', range(70, 80)],
    ['一两亿', range(10000, 20000)],
    ['需求金额为人民币伍佰万元整', one(500)],
    ['壹亿贰仟萬元', one(12000)],
    ['兩千萬', one(2000)],
    // Ranges
    ['1000–2000万元', range(1000, 2000)],
    ['1000-2000万', range(1000, 2000)],
    ['1000~2000万元', range(1000, 2000)],
    ['1000～2000万元', range(1000, 2000)],
    ['1000至2000万', range(1000, 2000)],
    ['1000到2000万元', range(1000, 2000)],
    ['1000 - 2000 万元', range(1000, 2000)],
    ['1亿-1.5亿', range(10000, 15000)],
    ['1-1.5亿', range(10000, 15000)],
    ['500万至1000万元', range(500, 1000)],
    ['5000万-1亿', range(5000, 10000)],
    ['3-5千万', range(3000, 5000)],
    ['两千万到三千万', range(2000, 3000)],
    ['一至两千万', range(1000, 2000)],
    ['十至十二亿', range(100000, 120000)],
    // Vague bounds read as the number they name
    ['约3000万元', one(3000)],
    ['3000万元左右', one(3000)],
    ['近3000万', one(3000)],
    ['不超过2000万', one(2000)],
    ['2000万以内', one(2000)],
    ['最多2000万', one(2000)],
    ['不低于5000万', one(5000)],
    ['至少5000万', one(5000)],
    ['5000万元以上', one(5000)],
    // 元 amounts
    ['500000元', one(50)],
    ['流动资金50,000元', one(5)],
    ['5千元', one(0.5)],
    // No amount
    ['', undefined],
    ['希望对接风险投资和产业基金', undefined],
    ['需要大量资金', undefined],
    ['需要数千万资金', undefined],
    ['预计融资上亿', undefined],
    ['千万不要错过', undefined],
    ['融资额1000W', undefined],
    ['十几亿的市场', undefined],
    // Numbers that are not money
    ['12kV开关柜与40.5kV环网柜，2024年投产，良率提升30%，新建3条产线', undefined],
    ['型号ZW32-12，额定电流1250A', undefined],
    ['年产10万吨，循环寿命1万次，装机10万kWh', undefined],
    ['三元锂电池正极材料', undefined],
    ['十万火急', undefined],
    ['2024年新建12kV产线3条，需要资金2000万元', one(2000)],
    ['型号KYN28-12 需要1000万', one(1000)],
    ['年产10万吨，需要资金5000万', one(5000)],
    // Foreign currency is never converted
    ['100万美元', undefined],
    ['拟融资500万欧元', undefined],
    ['USD100万', undefined],
    ['$100万', undefined],
    ['需要资金300万 USD', undefined],
    ['公司营收3000万元，需要融资1000万美元', undefined],
    ['去年出口额500万美元，现需要贷款2000万元', one(2000)],
    // Several amounts: the one nearest a financing word, else the largest
    ['公司年营收8000万元，需要融资3000万元', one(3000)],
    ['项目总投资1亿元，需融资3000万元', one(3000)],
    ['年产值2亿元，利润3000万元', one(20000)],
    ['2000万-1000万', one(2000)],
  ])('%s', (text, expected) => {
    expect(numbers(text)).toEqual(expected)
  })
})

describe('parseAmount: the text it read', () => {
  it.each<[string, string]>([
    ['储能产线扩建需要资金约3000万元，希望对接风险投资和产业基金', '3000万元'],
    ['需要３０００万', '３０００万'],
    ['计划融资1000-2000万用于扩产', '1000-2000万'],
    ['1亿-1.5亿', '1亿-1.5亿'],
    ['两三千万', '两三千万'],
    ['5亿元人民币', '5亿元'],
    ['总投资1亿元，需融资3000万元', '3000万元'],
  ])('%s reads %s', (text, read) => {
    expect(parseAmount(text)?.text).toBe(read)
  })

  it('quotes a substring of the input, even when NFKC changes its length', () => {
    const text = '㍿需要资金１，５００万元'
    const read = parseAmount(text)
    expect(read).toEqual({ min: 1500, max: 1500, text: '１，５００万元' })
    expect(text).toContain(read?.text)
  })
})

describe('parseAmount: never throws on a string', () => {
  const pieces = [
    ...'0123456789０１２３',
    ...'〇零一二两三四五六七八九十百千点',
    '万',
    '亿',
    '元',
    '万元',
    '亿元',
    '余',
    '多',
    '.',
    ',',
    '，',
    '-',
    '~',
    '至',
    '到',
    ' ',
    '约',
    '以上',
    '资金',
    '融资',
    '需要',
    '美元',
    '$',
    'USD',
    'RMB',
    'kV',
    '年',
    '%',
    '吨',
    'A',
  ]
  const amountLike = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((parts) => parts.join(''))

  function wellFormed(text: string): boolean {
    const read = parseAmount(text)
    if (read === undefined) return true
    return (
      Number.isFinite(read.min) &&
      Number.isFinite(read.max) &&
      read.min >= 0 &&
      read.min <= read.max &&
      read.text.length > 0 &&
      text.includes(read.text)
    )
  }

  it('on arbitrary strings: undefined, or finite with 0 <= min <= max and text quoted from the input', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), wellFormed), { numRuns: 200 })
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), wellFormed), { numRuns: 200 })
  })

  it('on strings built from digits, Chinese numerals, units and separators', () => {
    fc.assert(fc.property(amountLike, wellFormed), { numRuns: 200 })
  })

  it('on numbers too large for a double, lone surrogates and long inputs', () => {
    expect(parseAmount(`${'9'.repeat(400)}万元`)).toBeUndefined()
    expect(parseAmount('\uD800需要3000万\uDFFF')).toEqual({ min: 3000, max: 3000, text: '3000万' })
    expect(wellFormed('需要资金1,000,000万元，'.repeat(5000))).toBe(true)
    expect(wellFormed(`${'一'.repeat(20_000)}万`)).toBe(true)
    expect(wellFormed('1'.repeat(50_000))).toBe(true)
  })
})

describe('parseStages', () => {
  it.each<[string, InvestmentStage[]]>([
    ['种子轮融资', ['seed']],
    ['处于种子期', ['seed']],
    ['seed round', ['seed']],
    ['种子企业，育种研发', []],
    ['寻找天使投资人', ['angel']],
    ['天使轮', ['angel']],
    ['A轮融资', ['A']],
    ['a轮', ['A']],
    ['A+轮', ['A']],
    ['Pre-A轮', ['A']],
    ['pre-a', ['A']],
    ['ｐｒｅ－Ａ', ['A']],
    ['Series A', ['A']],
    ['B轮', ['B']],
    ['Series B', ['B']],
    ['C轮', ['C']],
    ['D轮及以后', ['C']],
    ['E轮', ['C']],
    ['成长期企业', ['growth']],
    ['处于扩张期', ['growth']],
    ['growth stage', ['growth']],
    ['储能产线扩建需要资金', []],
    ['扩产需要资金', []],
    ['revenue growth', []],
    ['Pre-IPO轮', ['pre-IPO']],
    ['pre-ipo', ['pre-IPO']],
    ['计划三年后IPO', ['pre-IPO']],
    ['上市前最后一轮', ['pre-IPO']],
    ['公司拟上市', ['pre-IPO']],
    ['进入上市辅导期', ['pre-IPO']],
    ['产品上市前需要检测认证', []],
    ['新药拟上市', []],
    ['已上市公司', []],
    ['A股上市公司', []],
    ['PLC轮询', []],
    ['A轮毂电机', []],
    ['', []],
    ['公司已完成Pre-A轮，拟启动B轮融资，计划三年后IPO', ['A', 'B', 'pre-IPO']],
    ['C轮，B轮，A轮，天使轮，A轮', ['angel', 'A', 'B', 'C']],
  ])('%s', (text, expected) => {
    expect(parseStages(text)).toEqual(expected)
  })

  it('never throws, and returns stages in INVESTMENT_STAGES order, each once', () => {
    const stageLike = fc
      .array(fc.constantFrom('A', 'b', 'C', 'D', 'pre-', 'Pre', 'IPO', '轮', '天使', '种子期', '成长期', '上市前', ' '))
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), stageLike), (text) => {
        const stages = parseStages(text)
        const order = stages.map((stage) => INVESTMENT_STAGES.indexOf(stage))
        return order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))
      }),
      { numRuns: 200 },
    )
  })
})

describe('non-string input', () => {
  it.each<[string, (value: never) => unknown]>([
    ['parseAmount', parseAmount],
    ['parseStages', parseStages],
  ])('%s throws a DuijieError with code INPUT', (name, parse) => {
    for (const value of [undefined, null, 3000, ['3000万'], { text: '3000万' }, 10n, Symbol('x')]) {
      let thrown: unknown
      try {
        parse(value as never)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(DuijieError)
      const error = thrown as DuijieError
      expect(error.code).toBe('INPUT')
      expect(error.message).toMatch(new RegExp(`^duijie: ${name}: text must be a string, got `))
    }
  })
})
