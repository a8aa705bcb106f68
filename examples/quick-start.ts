// Quick start: load the sample district catalogue, match every enterprise need, print who fits and why.
// Each need gets the lists of its route (DEFAULTS.routes), its primary counterpart first: experts and
// universities for technology needs and problems, degree programmes for talent, investors for financing.
// Run with: npm run demo
// Only some kinds: npm run demo -- --kinds talent,financing   (technology, talent, financing, problem)
import { parseArgs } from 'node:util'
import {
  type Degree,
  type InvestmentStage,
  type InvestorType,
  Matcher,
  type MatchResult,
  NEED_KINDS,
  type NeedKind,
  parseAmount,
  parseStages,
} from '../src/index.js'
import { loadSampleData, type SampleNeed } from './sample-data.js'
import { formatTable } from './table.js'

const KIND_LABEL = { technology: '技术需求', talent: '人才需求', financing: '融资需求', problem: '关键问题' } as const
const DEGREE_LABEL: Record<Degree, string> = { bachelor: '本科', master: '硕士', doctorate: '博士' }
const INVESTOR_LABEL: Record<InvestorType, string> = {
  'venture-capital': '创投',
  'industry-fund': '产业基金',
  'guidance-fund': '政府引导基金',
  bank: '银行科技贷',
  guarantee: '担保',
  other: '其他',
}
const STAGE_LABEL: Record<InvestmentStage, string> = {
  seed: '种子轮',
  angel: '天使轮',
  A: 'A轮',
  B: 'B轮',
  C: 'C轮及以后',
  growth: '成长期',
  'pre-IPO': 'Pre-IPO',
}
const TOP = 3
/** Investors whose rules fit rank first; a few more rows show the better-matching ones that do not. */
const TOP_INVESTORS = 5

const { values: args } = parseArgs({ options: { kinds: { type: 'string' } } })
const kinds = args.kinds?.split(/[,，\s]+/).filter(Boolean) ?? [...NEED_KINDS]
const unknown = kinds.filter((k) => !(NEED_KINDS as readonly string[]).includes(k))
if (unknown.length > 0 || kinds.length === 0) {
  console.error(`--kinds takes a comma-separated list of ${NEED_KINDS.join(', ')}, got "${args.kinds}"`)
  process.exit(1)
}

const { universities, experts, needs: allNeeds, investors, programmes, documents } = loadSampleData()
const needs = allNeeds.filter((n) => kinds.includes(n.kind))
const started = performance.now()
const matcher = new Matcher()
matcher
  .addUniversities(universities)
  .addExperts(experts)
  .addDocuments(documents)
  .addProgrammes(programmes)
  .addInvestors(investors)
const results: MatchResult[] = needs.map((need) =>
  matcher.match(need, { topK: need.kind === 'financing' ? TOP_INVESTORS : TOP }),
)
const elapsed = performance.now() - started

const expertName = new Map(experts.map((e) => [e.id, e.name]))
const documentById = new Map(documents.map((d) => [d.id, d]))
const DOCUMENT_LABEL = { paper: '论文', patent: '专利', project: '项目', other: '成果' } as const
const universityName = new Map(universities.map((u) => [u.id, u.name]))
const terms = (list: Array<{ term: string; weight: number }>) =>
  list
    .slice(0, 4)
    .map((t) => `${t.term} ${t.weight.toFixed(2)}`)
    .join('，')
const indent = (text: string) => text.replace(/^/gm, '  ')

/** Experts, then universities, in one table (technology needs and problems; talent after the programmes). */
function printExpertsAndUniversities(r: MatchResult): void {
  const rows = r.experts.map((e, rank) => [
    String(rank + 1),
    `${expertName.get(e.id)} (${e.id})`,
    universityName.get(e.universityId)!,
    e.score.toFixed(3),
    // score = text · boost + prior; the boost is off by default (DEFAULTS.university).
    `${e.textScore.toFixed(2)}${e.boost === 1 ? '' : `×${e.boost.toFixed(2)}`}+${e.prior.toFixed(2)}`,
    terms(e.terms),
  ])
  rows.push(
    ...r.universities.map((u, rank) => [
      rank === 0 ? 'U' : '',
      universityName.get(u.id)!,
      `${u.experts.length} 位专家`,
      u.score.toFixed(3),
      '',
      u.experts.map((id) => expertName.get(id)).join('、'),
    ]),
  )
  const table = formatTable(
    ['#', '专家 / 高校', '单位 / 证据', '得分', '文本+高校先验', '匹配词 (权重) / 计入的专家'],
    rows,
  )
  console.log(indent(table))
  if (r.experts.length === 0) console.log('  （没有专家的画像与该需求共享词语）')
  // The work behind the best match: what a group would show the enterprise.
  const best = r.experts[0]?.documents[0] && documentById.get(r.experts[0].documents[0].id)
  if (best) {
    const when = best.year === undefined ? '' : `，${best.year}`
    console.log(
      `  代表成果（${expertName.get(r.experts[0]!.id)}）：${best.title}（${DOCUMENT_LABEL[best.kind]}${when}，${best.id}）`,
    )
  }
}

function printProgrammes(r: MatchResult): void {
  if (r.programmes.length === 0) {
    console.log('  （没有专业的介绍与该需求共享词语）')
    return
  }
  const rows = r.programmes.map((p, rank) => [
    String(rank + 1),
    `${p.name} (${p.id})`,
    universityName.get(p.universityId)!,
    DEGREE_LABEL[p.degree],
    p.score.toFixed(3),
    terms(p.terms),
  ])
  console.log(indent(formatTable(['#', '专业', '高校', '学位', '得分', '匹配词 (权重)'], rows)))
}

/** What the router reads from a financing need: the amount (万元) and the stages it names. */
function printAsk(need: SampleNeed): void {
  const text = `${need.title}。${need.text}`
  const amount = parseAmount(text)
  const stages = parseStages(text)
  const parts: string[] = []
  if (amount === undefined) parts.push('融资额 未写明')
  else {
    const read = `${amount.min === amount.max ? amount.min : `${amount.min}–${amount.max}`}万元`
    // Quote the text only when it was written otherwise: 两千万, 1.5亿元.
    parts.push(`融资额 ${read}${read === amount.text ? '' : `（原文“${amount.text}”）`}`)
  }
  if (stages.length > 0) parts.push(`阶段 ${stages.map((s) => STAGE_LABEL[s]).join('、')}`)
  console.log(`  ${parts.join(' · ')}`)
}

function printInvestors(r: MatchResult): void {
  if (r.investors.length === 0) {
    console.log('  （没有投资方的关注方向与该需求共享词语）')
    return
  }
  const rows = r.investors.map((v, rank) => [
    String(rank + 1),
    `${v.name} (${v.id})`,
    INVESTOR_LABEL[v.type],
    v.score.toFixed(3),
    v.fits ? '✓' : `✗ ${v.reasons.join('；')}`,
    terms(v.terms),
  ])
  console.log(indent(formatTable(['#', '投资方', '类型', '得分', '条件', '匹配词 (权重)'], rows)))
}

const count = (kind: NeedKind) => allNeeds.filter((n) => n.kind === kind).length
console.log(
  `${allNeeds.length} 条需求：${NEED_KINDS.map((k) => `${KIND_LABEL[k]} ${count(k)}`).join('，')}` +
    (needs.length < allNeeds.length ? `（显示 ${needs.length} 条：${kinds.join(', ')}）` : ''),
)

needs.forEach((need, i) => {
  const r = results[i]!
  console.log(`\n[${need.id}] ${KIND_LABEL[need.kind]} · ${need.enterprise}（${need.industry}）· ${need.title}`)
  console.log(`  ${need.text}`)
  let expertTable = false
  for (const list of r.lists) {
    if (list === 'programmes') printProgrammes(r)
    else if (list === 'investors') {
      printAsk(need)
      printInvestors(r)
    } else if (!expertTable) {
      // Experts and universities share one table, placed where the first of them comes in the route.
      expertTable = true
      printExpertsAndUniversities(r)
    }
  }
})

const { experts: ne, universities: nu, programmes: np, investors: nv, documents: nd, terms: nt } = matcher.stats
console.log(
  `\n${needs.length} needs matched against ${ne} experts (with ${nd} documents) of ${nu} universities, ${np} programmes and ${nv} investors` +
    ` (${nt} terms) in ${elapsed.toFixed(0)} ms.`,
)
