// Quick start: load the sample district catalogue, match every enterprise need, print who fits and why.
// Run with: npm run demo
import { Matcher, type MatchResult } from '../src/index.js'
import { loadSampleData } from './sample-data.js'
import { formatTable } from './table.js'

const KIND_LABEL = { technology: '技术需求', talent: '人才需求', financing: '融资需求', problem: '关键问题' } as const
const TOP = 3

const { universities, experts, needs } = loadSampleData()
const started = performance.now()
const matcher = new Matcher()
matcher.addUniversities(universities).addExperts(experts)
const results: MatchResult[] = matcher.matchAll(needs, { topK: TOP })
const elapsed = performance.now() - started

const expertName = new Map(experts.map((e) => [e.id, e.name]))
const universityName = new Map(universities.map((u) => [u.id, u.name]))
const terms = (list: Array<{ term: string; weight: number }>) =>
  list
    .slice(0, 4)
    .map((t) => `${t.term} ${t.weight.toFixed(2)}`)
    .join('，')

needs.forEach((need, i) => {
  const r = results[i]!
  console.log(`\n[${need.id}] ${KIND_LABEL[need.kind]} · ${need.enterprise}（${need.industry}）· ${need.title}`)
  console.log(`  ${need.text}`)
  const rows = r.experts.map((e, rank) => [
    String(rank + 1),
    `${expertName.get(e.id)} (${e.id})`,
    universityName.get(e.universityId)!,
    e.score.toFixed(3),
    `${e.textScore.toFixed(2)}×${e.boost.toFixed(2)}`,
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
    ['#', '专家 / 高校', '单位 / 证据', '得分', '文本×加成', '匹配词 (权重) / 计入的专家'],
    rows,
  )
  console.log(table.replace(/^/gm, '  '))
  if (r.experts.length === 0) console.log('  （没有专家的画像与该需求共享词语）')
})

const { experts: ne, universities: nu, terms: nt } = matcher.stats
console.log(
  `\n${needs.length} needs matched against ${ne} experts of ${nu} universities (${nt} terms) in ${elapsed.toFixed(0)} ms.`,
)
