import { DuijieError } from '../errors.js'
import { INVESTMENT_STAGES, describeValue, type InvestmentStage } from '../schema.js'

/**
 * An amount of money read from a need, in 万元 (10,000 yuan). A single amount has `min === max`.
 */
export interface AmountRange {
  /** Lower end, in 万元. */
  min: number
  /** Upper end, in 万元; equal to `min` for a single amount. */
  max: number
  /** The part of the input that was read, as written there (full-width digits stay full-width), e.g. `3000万元`. */
  text: string
}

/**
 * Reads how much money a financing need asks for, in 万元.
 *
 * What it reads (after folding the text with NFKC, so `３０００万` reads as `3000万`):
 *
 * - Arabic numbers with a unit: `3000万元`, `500万`, `1.5亿元`, `2亿`, `1,000万元`, `5千万` (5000), `3百万` (300),
 *   `1亿5000万` (15000), `3000余万元` (3000), `500000元` (50), `RMB 3000万`, `5亿元人民币`.
 * - Chinese numerals with 万 or 亿: `两千万`, `三千五百万元`, `一亿`, `一点五亿`, `一亿五千万`, `一亿五` (15000),
 *   `十二亿`, `两千多万` (2000), financial and traditional forms (`伍佰万元`, `兩千萬`); two neighbouring digits
 *   make a range: `两三千万` is 2000–3000.
 * - Ranges joined by `-`, `–`, `—`, `~`, `〜`, `至` or `到`: `1000-2000万`, `1000至2000万元`, `500万至1000万元`,
 *   `1亿-1.5亿`; a bare first number takes the unit of the second (`1-1.5亿` is 10000–15000).
 *
 * Rules:
 *
 * - Vague bounds are read as the number they name: `约3000万元`, `3000万元左右`, `近3000万` give 3000; "up to"
 *   (`不超过2000万`, `2000万以内`, `最多2000万`) and "at least" (`不低于5000万`, `至少5000万`, `5000万元以上`)
 *   give `min = max` = the number too. The words around the amount never change it.
 * - A number counts as money only with 万, 亿 or 元 (or a currency) after it, so `12kV`, `40.5kV`, `2024年`,
 *   `30%`, `3条产线` and model numbers are skipped, and so are counts such as `10万吨`, `1万次`, `10万kWh`. A number
 *   glued to Latin letters (`ZW32`) is a model number, not money.
 * - When several amounts appear, the one nearest to a financing word wins (融资, 募集, 募资, 筹集, 筹资, 贷款, 借款,
 *   授信, 缺口, 需, 资金, 投资; on equal distance the word earlier in that list wins, so in `总投资1亿元，需融资3000万元`
 *   the ask is 3000); with no financing word, the largest amount wins.
 * - Foreign currency is never converted: when the amount chosen is in 美元, 欧元, 港元, 日元, 英镑… (or written with
 *   `$`, `€`, `£`, `USD`…), the result is `undefined` rather than a wrong number in 万元.
 * - Chinese numerals need 万 or 亿 (`三元锂电池` is a battery, not 3 yuan); vague quantities (`数千万`, `上亿`,
 *   `几百万`, `十几亿`) and the shorthand `1000W` (also watts) are not read.
 *
 * Never throws on a string: the result is `undefined` or finite with `0 <= min <= max`.
 *
 * @throws {DuijieError} `INPUT` when `text` is not a string.
 *
 * @example
 * ```ts
 * parseAmount('储能产线扩建需要资金约3000万元，希望对接风险投资和产业基金') // { min: 3000, max: 3000, text: '3000万元' }
 * parseAmount('计划融资1000-2000万')?.max // 2000
 * parseAmount('拟融资100万美元') // undefined
 * ```
 */
export function parseAmount(text: string): AmountRange | undefined {
  if (typeof text !== 'string') {
    throw new DuijieError('INPUT', `duijie: parseAmount: text must be a string, got ${describeValue(text)}`)
  }
  const folded = foldKeepingOffsets(text)
  const chosen = choose(joinRanges(readAmounts(folded.text), folded.text), folded.text)
  if (chosen === undefined || chosen.foreign) return undefined
  return {
    min: chosen.min,
    max: chosen.max,
    text: text.slice(folded.starts[chosen.start], folded.ends[chosen.end - 1]),
  }
}

/** One amount found in the folded text; `start`/`end` index the folded text. */
interface Found {
  start: number
  end: number
  min: number
  max: number
  foreign: boolean
  /** 万元 per unit of the leading number: `1000-2000万` and `三至五千万` lend it to the bare number before. */
  leadUnit: number
  /** 万元 per unit of the leading 万 or 亿 section: `十至十二亿` lends it to a bare number with 十, 百 or 千. */
  sectionUnit: number
}

/** Financial (大写) and traditional numerals, one character each, as the plain ones the patterns know. */
const PLAIN_NUMERALS: Record<string, string> = {
  壹: '一',
  贰: '二',
  貳: '二',
  叁: '三',
  參: '三',
  肆: '四',
  伍: '五',
  陆: '六',
  陸: '六',
  柒: '七',
  捌: '八',
  玖: '九',
  拾: '十',
  佰: '百',
  仟: '千',
  兩: '两',
  萬: '万',
  億: '亿',
}

/**
 * NFKC per code point (and 大写 numerals made plain), remembering where each folded unit came from so `text`
 * can quote the input itself.
 */
function foldKeepingOffsets(text: string): { text: string; starts: number[]; ends: number[] } {
  const parts: string[] = []
  const starts: number[] = []
  const ends: number[] = []
  let at = 0
  for (const char of text) {
    const folded = PLAIN_NUMERALS[char] ?? char.normalize('NFKC')
    for (let k = 0; k < folded.length; k++) {
      starts.push(at)
      ends.push(at + char.length)
    }
    parts.push(folded)
    at += char.length
  }
  return { text: parts.join(''), starts, ends }
}

const ARABIC = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`
const CN_DIGITS = '一二两三四五六七八九'
const CN_CHARS = `〇零${CN_DIGITS}十百千点`
const CN_SECTION = `[${CN_DIGITS}十][${CN_CHARS}]*`
/** A lone digit after 亿 or 万 (`一亿五`): the next unit down, as people say it. */
const CN_TAIL_DIGIT = `[${CN_DIGITS}](?![${CN_CHARS}万亿])`
const FOREIGN_NAMES = '美元|美金|欧元|港元|港币|日元|英镑|韩元|澳元|加元|新加坡元|卢布|新台币|台币'
const FOREIGN_SIGNS = String.raw`US\$|HK\$|\$|€|£|USD|EUR|HKD|GBP|JPY`
/** Follows every amount: a foreign currency, or 元/人民币, or nothing (then what comes next decides). */
const CURRENCY = String.raw`\s?(?:(?<fx>${FOREIGN_NAMES})|(?<yuan>[余多]?元|人民币))?`

const AMOUNT = new RegExp(
  `(?:${[
    // 两三千万: two neighbouring digits are a range.
    `(?<![${CN_CHARS}])(?<low>[${CN_DIGITS}])(?<high>[${CN_DIGITS}])(?<rangeUnit>[十百千])?(?<rangeScale>万|亿)`,
    `(?<![A-Za-z0-9_.])(?:(?:(?<fxSign>${FOREIGN_SIGNS})|¥|RMB|CNY)\\s?)?(?<number>${ARABIC})\\s?[余多]?\\s?` +
      `(?<scale>万亿|千万|百万|万|亿(?:${ARABIC}\\s?[余多]?\\s?万)?|千|百)?`,
    `(?<![${CN_CHARS}])(?<chinese>${CN_SECTION}(?:[余多]?亿(?:[${CN_CHARS}]+[余多]?万|${CN_TAIL_DIGIT})?|[余多]?万(?:${CN_TAIL_DIGIT})?))`,
  ].join('|')})${CURRENCY}`,
  'gi',
)

/** 万元 per unit word. */
const SCALES: Record<string, number> = { 万亿: 1e8, 千万: 1e3, 百万: 1e2, 万: 1, 亿: 1e4, 千: 0.1, 百: 0.01 }
const CN_DIGIT_VALUES: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
}
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }

/** After a bare 万 or 亿, these make it a count of things (10万吨, 1万次), not money. */
const COUNTED =
  /^(?:千瓦|千米|千克|公里|公斤|立方|平|米|光年|小时|像素|分之|火急|亿|[吨台套件个次人名位亩片只辆颗块张瓦度伏克户家条根株字倍级粒枚座册盒箱瓶袋桶卷双例帧])/

const FOREIGN_SIGN_AFTER = new RegExp(`^\\s?(?:${FOREIGN_SIGNS})`, 'i')

function readAmounts(text: string): Found[] {
  const found: Found[] = []
  for (const match of text.matchAll(AMOUNT)) {
    const groups = match.groups ?? {}
    const hasCurrency = groups.fx !== undefined || groups.yuan !== undefined
    const read = readMatch(groups, hasCurrency)
    if (read === undefined) continue
    const start = match.index
    const end = start + match[0].trimEnd().length
    if (!hasCurrency) {
      // A bare 万 or 亿: what follows says whether it is money.
      const after = text.slice(end, end + 8)
      if (FOREIGN_SIGN_AFTER.test(after)) read.foreign = true
      else if (!/^\s?(?:RMB|CNY)/i.test(after) && (/^\s?[A-Za-z%‰]/.test(after) || COUNTED.test(after))) continue
    }
    if (!Number.isFinite(read.max) || !(read.min <= read.max)) continue
    found.push({ start, end, ...read })
  }
  return found
}

function readMatch(
  groups: Record<string, string | undefined>,
  hasCurrency: boolean,
): Omit<Found, 'start' | 'end'> | undefined {
  const foreign = groups.fx !== undefined || groups.fxSign !== undefined
  if (groups.low !== undefined && groups.high !== undefined && groups.rangeScale !== undefined) {
    const low = CN_DIGIT_VALUES[groups.low] ?? 0
    const high = CN_DIGIT_VALUES[groups.high] ?? 0
    if (low >= high) return undefined
    const unit = (groups.rangeUnit ? (CN_UNITS[groups.rangeUnit] ?? 1) : 1) * (SCALES[groups.rangeScale] ?? 1)
    return { min: tidy(low * unit), max: tidy(high * unit), foreign, leadUnit: unit, sectionUnit: unit }
  }
  if (groups.number !== undefined) {
    const number = arabicValue(groups.number)
    const scale = groups.scale
    if (scale === undefined || scale === '千' || scale === '百') {
      // Without 万 or 亿 only a currency makes it money: 500000元, 5千元.
      if (!hasCurrency) return undefined
      const unit = scale === undefined ? 1e-4 : (SCALES[scale] ?? 1)
      return single(number * unit, foreign, unit)
    }
    if (scale.startsWith('亿') && scale.length > 1) {
      const rest = arabicValue(/[\d.,]+/.exec(scale.slice(1))?.[0] ?? '0')
      return single(number * 1e4 + rest, foreign, 1e4)
    }
    const unit = SCALES[scale] ?? 1
    return single(number * unit, foreign, unit)
  }
  if (groups.chinese !== undefined) return readChineseAmount(groups.chinese, foreign)
  return undefined
}

function single(
  value: number,
  foreign: boolean,
  leadUnit: number,
  sectionUnit = leadUnit,
): Omit<Found, 'start' | 'end'> {
  const amount = tidy(value)
  return { min: amount, max: amount, foreign, leadUnit, sectionUnit }
}

/** Rounds away binary noise (1.1 × 10000) without touching huge values. */
function tidy(value: number): number {
  return Math.abs(value) < 1e12 ? Math.round(value * 1e6) / 1e6 : value
}

function arabicValue(written: string): number {
  return Number(written.replaceAll(',', ''))
}

/** `一亿五千万`, `两千多万`, `一点五亿`, `一亿五`, in 万元. */
function readChineseAmount(written: string, foreign: boolean): Omit<Found, 'start' | 'end'> | undefined {
  const parts = /^([^亿万]+)([亿万])(.*)$/.exec(written.replace(/[余多]/g, ''))
  if (parts === null) return undefined
  const [, head = '', unit, rest = ''] = parts
  const headValue = readChineseSection(head)
  if (headValue === undefined) return undefined
  const scale = unit === '亿' ? 1e4 : 1
  let value = headValue * scale
  if (rest.endsWith('万')) {
    const wan = readChineseSection(rest.slice(0, -1))
    if (wan === undefined) return undefined
    value += wan
  } else if (rest !== '') {
    // The lone digit after 亿 or 万 is the next unit down: 一亿五 is 1.5亿, 一万五 is 1.5万.
    value += (CN_DIGIT_VALUES[rest] ?? 0) * (scale / 10)
  }
  return single(value, foreign, highestUnit(head) * scale, scale)
}

function highestUnit(section: string): number {
  const unit = /[十百千]/.exec(section)?.[0]
  return unit === undefined ? 1 : (CN_UNITS[unit] ?? 1)
}

/** A Chinese number below 万, with an optional 点 fraction: `三千五百` 3500, `一点五` 1.5, `两千五` 2500. */
function readChineseSection(section: string): number | undefined {
  const [whole = '', fraction, extra] = section.split('点')
  if (extra !== undefined) return undefined
  const integer = whole === '' ? undefined : readChineseInteger(whole)
  if (integer === undefined) return undefined
  if (fraction === undefined) return integer
  let digits = ''
  for (const char of fraction) {
    const digit = CN_DIGIT_VALUES[char]
    if (digit === undefined) return undefined
    digits += digit
  }
  return digits === '' ? undefined : Number(`${integer}.${digits}`)
}

function readChineseInteger(written: string): number | undefined {
  let total = 0
  let digit: number | undefined
  let lastUnit = Number.POSITIVE_INFINITY
  let afterZero = false
  for (const char of written) {
    const value = CN_DIGIT_VALUES[char]
    if (value !== undefined) {
      if (digit !== undefined && digit !== 0) return undefined
      if (value === 0) afterZero = true
      digit = value
      continue
    }
    const unit = CN_UNITS[char]
    if (unit === undefined || unit >= lastUnit) return undefined
    if (digit === undefined && !(unit === 10 && total === 0)) return undefined
    if (digit === 0) return undefined
    total += (digit ?? 1) * unit
    lastUnit = unit
    digit = undefined
    afterZero = false
  }
  if (digit === undefined) return total
  // 两千五 is 2500 as spoken; after 零 (一千零五) the digit is ones.
  const place = Number.isFinite(lastUnit) && !afterZero ? lastUnit / 10 : 1
  return total + digit * place
}

const SEPARATOR = /^\s*[-–—―~〜至到]\s*$/
const WHOLE_ARABIC = new RegExp(`^${ARABIC}$`)
const WHOLE_CN_SECTION = new RegExp(`^${CN_SECTION}$`)

/** Joins `1000万-2000万` into one range, and lends a bare number the unit after it: `1000-2000万`. */
function joinRanges(found: Found[], text: string): Found[] {
  const joined: Found[] = []
  for (let i = 0; i < found.length; i++) {
    const current = found[i]!
    const next = found[i + 1]
    if (
      next !== undefined &&
      next.start - current.end <= 5 &&
      SEPARATOR.test(text.slice(current.end, next.start)) &&
      current.foreign === next.foreign &&
      current.max <= next.min
    ) {
      joined.push({ ...current, end: next.end, max: next.max })
      i++
      continue
    }
    const bare = bareNumberBefore(text, current.start)
    if (bare !== undefined) {
      const low = tidy(bare.value * (bare.hasUnit ? current.sectionUnit : current.leadUnit))
      if (Number.isFinite(low) && low <= current.min) {
        joined.push({ ...current, start: bare.start, min: low })
        continue
      }
    }
    joined.push(current)
  }
  return joined
}

/** The unit-less number and separator just before `end`, if there are any (`1000-` in `1000-2000万`). */
function bareNumberBefore(text: string, end: number): { start: number; value: number; hasUnit: boolean } | undefined {
  let at = end
  while (at > 0 && /\s/.test(text[at - 1]!)) at--
  if (at === 0 || !/[-–—―~〜至到]/.test(text[at - 1]!)) return undefined
  at--
  while (at > 0 && /\s/.test(text[at - 1]!)) at--
  const numberEnd = at
  if (/\d/.test(text[at - 1] ?? '')) {
    while (at > 0 && /[\d.,]/.test(text[at - 1]!)) at--
    const written = text.slice(at, numberEnd)
    if (!WHOLE_ARABIC.test(written) || /[A-Za-z0-9_.]/.test(text[at - 1] ?? '')) return undefined
    return { start: at, value: arabicValue(written), hasUnit: false }
  }
  while (at > 0 && CN_CHARS.includes(text[at - 1]!)) at--
  const written = text.slice(at, numberEnd)
  if (!WHOLE_CN_SECTION.test(written)) return undefined
  const value = readChineseSection(written)
  return value === undefined ? undefined : { start: at, value, hasUnit: /[十百千]/.test(written) }
}

/** Most specific first: on equal distance, the earlier word decides. */
const FINANCING_WORDS = ['融资', '募集', '募资', '筹集', '筹资', '贷款', '借款', '授信', '缺口', '需', '资金', '投资']
const FINANCING_WORD = new RegExp(FINANCING_WORDS.join('|'), 'g')

function choose(found: Found[], text: string): Found | undefined {
  if (found.length <= 1) return found[0]
  const words = [...text.matchAll(FINANCING_WORD)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    rank: FINANCING_WORDS.indexOf(m[0]),
  }))
  if (words.length === 0) return found.reduce((best, f) => (larger(f, best) ? f : best))
  let best: Found | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  let bestRank = Number.POSITIVE_INFINITY
  for (const amount of found) {
    // Words never overlap amounts, so the nearest ones are the last before it and the first after it.
    const after = firstWordFrom(words, amount.end)
    for (const word of [words[after - 1], words[after]]) {
      if (word === undefined) continue
      const distance = word.start >= amount.end ? word.start - amount.end : Math.max(0, amount.start - word.end)
      const better =
        distance < bestDistance ||
        (distance === bestDistance && word.rank < bestRank) ||
        (distance === bestDistance && word.rank === bestRank && best !== undefined && larger(amount, best))
      if (better) {
        best = amount
        bestDistance = distance
        bestRank = word.rank
      }
    }
  }
  return best
}

function larger(a: Found, b: Found): boolean {
  return a.max > b.max || (a.max === b.max && a.min > b.min)
}

/** Index of the first word starting at or after `at` (binary search; words are in text order). */
function firstWordFrom(words: { start: number }[], at: number): number {
  let low = 0
  let high = words.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (words[middle]!.start < at) low = middle + 1
    else high = middle
  }
  return low
}

const ROUND = String.raw`\+*\d?\s*轮(?![毂胎廓机椅])`
const LETTER_STAGES: Record<string, InvestmentStage> = { a: 'A', b: 'B' }

const STAGE_WORDS: [InvestmentStage, RegExp][] = [
  ['seed', /种子(?:轮|期|阶段)|(?<![a-z])seed(?:[-\s]?(?:round|stage)|\s*轮)/i],
  ['angel', /天使|(?<![a-z])angel(?![a-z])/i],
  ['growth', /成长期|扩张期|成长阶段|扩张阶段|(?<![a-z])growth[-\s]?(?:stage|equity|round)/i],
  ['pre-IPO', /pre[-–—\s]?ipo|(?<![a-z])ipo(?![a-z])|(?<![品药])(?:上市前|拟上市)|上市辅导/i],
]
/** A轮, Pre-A, A+轮, Series B, D轮…: the letter decides; C and later are all C. */
const LETTER_ROUND = new RegExp(
  `(?<![a-z0-9])(?:pre[-–—\\s]?)?([a-h])${ROUND}|(?<![a-z])(?:pre[-–—\\s]?|series\\s*)([a-h])(?![a-z0-9])`,
  'gi',
)

/**
 * Reads the financing stages a need names, in {@link INVESTMENT_STAGES} order, each once.
 *
 * - `seed`: 种子轮, 种子期, 种子阶段, seed round. (种子 alone is also the word for crop seed, so it does not count.)
 * - `angel`: 天使轮, 天使, angel.
 * - `A`, `B`: A轮, A+轮, A1轮, Pre-A, Series A (Pre-A counts as A; likewise Pre-B as B).
 * - `C`: C轮, D轮, E轮 and later, Series C…
 * - `growth`: 成长期, 扩张期, 成长阶段, 扩张阶段, growth stage. Only explicit stage words count: 扩产 and 扩建 say
 *   what the money is for, not the company's stage, so they are not read as `growth`.
 * - `pre-IPO`: Pre-IPO, IPO, 上市前, 拟上市, 上市辅导 (but not `产品上市前` or `新药拟上市`, a product launch).
 *
 * Latin letters match in any case and width (`ｐｒｅ－Ａ`). A letter before 轮 inside a word (`PLC轮`) or 轮 in
 * 轮毂/轮胎 (wheel hub, tyre) is not a round.
 *
 * @throws {DuijieError} `INPUT` when `text` is not a string.
 *
 * @example
 * ```ts
 * parseStages('公司已完成Pre-A轮，拟启动B轮融资，计划三年后IPO') // ['A', 'B', 'pre-IPO']
 * parseStages('储能产线扩建需要资金约3000万元') // []
 * ```
 */
export function parseStages(text: string): InvestmentStage[] {
  if (typeof text !== 'string') {
    throw new DuijieError('INPUT', `duijie: parseStages: text must be a string, got ${describeValue(text)}`)
  }
  const folded = text.normalize('NFKC')
  const named = new Set<InvestmentStage>()
  for (const [stage, pattern] of STAGE_WORDS) if (pattern.test(folded)) named.add(stage)
  for (const match of folded.matchAll(LETTER_ROUND)) {
    const letter = (match[1] ?? match[2] ?? '').toLowerCase()
    named.add(LETTER_STAGES[letter] ?? 'C')
  }
  return INVESTMENT_STAGES.filter((stage) => named.has(stage))
}
