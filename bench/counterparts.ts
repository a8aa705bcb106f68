// What routing by kind costs: financing and talent needs against a technology need (experts and universities,
// the expert match of before), on one Matcher holding the generated universities and experts
// (bench/lib/corpus.ts) plus N investors and N degree programmes. The counterparts take their text from the
// corpus records generated past the experts (same seed, same sentence and keyword pool): an investor's focus
// is a record's keywords, a programme's name its first keyword, and both describe themselves with its
// sentences; types, tickets (万元), regions, stages, degrees and universities are drawn from a seeded PRNG.
// A second Matcher with the same universities and experts and no counterparts is built once, to time the
// technology need without them. After a warm-up, each run times single-need `match` for the same query texts
// as technology, talent and financing needs (the latter with an amount and a region appended, so the ticket
// and region rules run) and as a technology need on the second matcher, interleaved per query and rotating
// which goes first.
//
//   npm run bench:counterparts -- [--experts 100000] [--investors 10000] [--programmes 10000] [--queries 200] [--runs 3]
//
// Prints a markdown table of p50 and p90 per kind (medians over runs) with each one ÷ the technology need,
// and the build times; progress goes to stderr.
import { parseArgs } from 'node:util'
import {
  DEGREES,
  INVESTMENT_STAGES,
  INVESTOR_TYPES,
  Matcher,
  type InvestorInput,
  type MatchResult,
  type NeedObject,
  type ProgrammeInput,
} from '../src/index.js'
import { generateCorpus } from './lib/corpus.js'
import { gc, log, median, percentile } from './lib/stats.js'
import { seededRandom } from './lib/csl.js'

const { values } = parseArgs({
  options: {
    experts: { type: 'string', default: '100000' },
    investors: { type: 'string', default: '10000' },
    programmes: { type: 'string', default: '10000' },
    queries: { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
  },
})
const [expertCount, investorCount, programmeCount, queryCount, runs] = [
  values.experts,
  values.investors,
  values.programmes,
  values.queries,
  values.runs,
].map(Number) as [number, number, number, number, number]
for (const [name, n] of Object.entries({ expertCount, investorCount, programmeCount, queryCount, runs })) {
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${name} must be a whole number ≥ 1`)
    process.exit(2)
  }
}
const K = 10
const WARMUP = Math.min(20, queryCount)
const REGIONS = ['常熟', '苏州', '无锡', '南京', '镇江', '江苏', '上海', '浙江']
const NEED_REGION = '常熟'
const AMOUNTS = [300, 800, 1500, 3000, 5000, 10000]

const seconds = (since: number) => (performance.now() - since) / 1000

// The records past the experts are generated from the same pool; the first `expertCount` are the experts
// generateCorpus(expertCount) would give.
log(
  `generating ${expertCount.toLocaleString('en')} experts and text for ${investorCount + programmeCount} counterparts`,
)
const corpus = generateCorpus(expertCount + investorCount + programmeCount)
const experts = corpus.experts.slice(0, expertCount)
const extra = corpus.experts.slice(expertCount)
corpus.experts = []
const random = seededRandom(23)
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
/** `lo` to `hi` distinct items of `list`, in list order. */
const some = <T>(list: readonly T[], lo: number, hi: number) => {
  const order = list.map((_, i) => i)
  const count = between(lo, hi)
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (order.length - i))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => list[i]!)
}

const investors: InvestorInput[] = extra.slice(0, investorCount).map((r, i) => {
  const min = pick([50, 100, 200, 500, 1000, 2000, 5000])
  return {
    id: `v${String(i).padStart(6, '0')}`,
    name: `投资机构${i}`,
    type: pick(INVESTOR_TYPES),
    focus: r.specialties!,
    ticket: { min, max: min * between(2, 10) },
    ...(random() < 0.4 && { regions: some(REGIONS, 1, 2) }),
    ...(random() < 0.3 && { stages: some(INVESTMENT_STAGES, 1, 3) }),
    description: r.description!,
  }
})
const programmes: ProgrammeInput[] = extra.slice(investorCount).map((r, i) => ({
  id: `p${String(i).padStart(6, '0')}`,
  universityId: pick(corpus.universities).id,
  name: r.specialties![0]!,
  degree: pick(DEGREES),
  description: r.description!,
  graduatesPerYear: between(10, 300),
}))

const texts = corpus.queries
const text = (i: number) => texts[i % texts.length]!
const amounts = texts.map(() => pick(AMOUNTS))
const technology = (i: number): NeedObject => ({ kind: 'technology', text: text(i) })
const talent = (i: number): NeedObject => ({ kind: 'talent', text: text(i) })
const financing = (i: number): NeedObject => ({
  kind: 'financing',
  text: `${text(i)}。需要资金约${amounts[i % texts.length]}万元`,
  region: NEED_REGION,
})

// jieba loads its dictionary on first use: do that on a small catalogue, untimed.
new Matcher().addUniversities(corpus.universities).addExperts(experts.slice(0, 100)).match(text(0))

const BATCH = 50_000
function withExperts(m: Matcher): number {
  const t = performance.now()
  m.addUniversities(corpus.universities)
  for (let i = 0; i < experts.length; i += BATCH) m.addExperts(experts.slice(i, i + BATCH))
  return seconds(t)
}

gc()
const full = new Matcher()
const build = { experts: withExperts(full), investors: 0, programmes: 0, index: 0, plainExperts: 0, plainIndex: 0 }
let t = performance.now()
full.addInvestors(investors)
build.investors = seconds(t)
t = performance.now()
full.addProgrammes(programmes)
build.programmes = seconds(t)
t = performance.now()
full.match(technology(0), { topK: K })
build.index = seconds(t)
log(
  `with counterparts: experts ${build.experts.toFixed(2)} s, investors ${build.investors.toFixed(2)} s, programmes ${build.programmes.toFixed(2)} s, index ${build.index.toFixed(2)} s`,
)
gc()
const plain = new Matcher()
build.plainExperts = withExperts(plain)
t = performance.now()
plain.match(technology(0), { topK: K })
build.plainIndex = seconds(t)
log(`without: experts ${build.plainExperts.toFixed(2)} s, index ${build.plainIndex.toFixed(2)} s`)

interface Kind {
  name: string
  lists: string
  run: (i: number) => MatchResult
  p50: number[]
  p90: number[]
}
const kind = (name: string, lists: string, run: Kind['run']): Kind => ({ name, lists, run, p50: [], p90: [] })
const kinds: Kind[] = [
  kind('technology', 'experts, universities', (i) => full.match(technology(i), { topK: K })),
  kind('talent', 'programmes, universities, experts', (i) => full.match(talent(i), { topK: K })),
  kind('financing', 'investors', (i) => full.match(financing(i), { topK: K })),
  kind('technology, no counterparts', 'experts, universities', (i) => plain.match(technology(i), { topK: K })),
]
const [tech, tal, fin, bare] = kinds as [Kind, Kind, Kind, Kind]

// What the needs got, checked on the first run: the plain matcher must rank the same experts with the same
// scores (counterparts have their own idf), and the counterpart lists must not be empty.
const seen = { differ: 0, noProgrammes: 0, noInvestors: 0, investors: 0, ruledOut: 0 }
function check(i: number, results: MatchResult[]): void {
  const [a, b, c, d] = results as [MatchResult, MatchResult, MatchResult, MatchResult]
  const experts = (r: MatchResult) => r.experts.map((e) => `${e.id}:${e.score}`).join(',')
  if (experts(a) !== experts(d)) {
    if (seen.differ++ < 3) log(`need ${i}: the two matchers rank experts differently`)
  }
  if (b.programmes.length === 0) seen.noProgrammes++
  if (c.investors.length === 0) seen.noInvestors++
  seen.investors += c.investors.length
  seen.ruledOut += c.investors.filter((v) => !v.fits).length
}

for (let run = 0; run < runs; run++) {
  gc()
  log(`run ${run + 1}/${runs}: warm-up`)
  for (let i = 0; i < WARMUP; i++) for (const k of kinds) k.run(i)
  const times: number[][] = kinds.map(() => [])
  for (let i = 0; i < queryCount; i++) {
    const results: MatchResult[] = []
    for (let j = 0; j < kinds.length; j++) {
      const s = (i + run + j) % kinds.length
      const start = performance.now()
      results[s] = kinds[s]!.run(i)
      times[s]!.push(performance.now() - start)
    }
    if (run === 0) check(i, results)
  }
  kinds.forEach((k, s) => {
    const sorted = times[s]!.sort((x, y) => x - y)
    k.p50.push(percentile(sorted, 50))
    k.p90.push(percentile(sorted, 90))
  })
  log(
    `run ${run + 1}/${runs}: ${kinds.map((k) => `${k.name} ${k.p50.at(-1)!.toFixed(3)} / ${k.p90.at(-1)!.toFixed(3)} ms`).join(', ')}`,
  )
}

const f = (x: number, digits: number) => x.toFixed(digits)
const p50 = (k: Kind) => median(k.p50)
const p90 = (k: Kind) => median(k.p90)
const n = (x: number) => x.toLocaleString('en')
console.log(
  [
    `Routing cost, ${new Date().toISOString().slice(0, 10)}: ${n(expertCount)} experts, ${n(investorCount)} investors, ${n(programmeCount)} programmes, ${corpus.universities.length} universities (${corpus.source === 'csl' ? 'CSL sentences' : 'Zipf synthetic text'}), ${n(queryCount)} needs per kind, top ${K}, medians of ${runs} run${runs === 1 ? '' : 's'}, Node ${process.version}, ${process.platform} ${process.arch}.`,
    '',
    '| need | lists ranked | p50 (ms) | p90 (ms) | p50 ÷ technology | p90 ÷ technology |',
    '|---|---|---:|---:|---:|---:|',
    ...kinds.map(
      (k) =>
        `| ${k.name} | ${k.lists} | ${f(p50(k), 3)} | ${f(p90(k), 3)} | ${f(p50(k) / p50(tech), 3)} | ${f(p90(k) / p90(tech), 3)} |`,
    ),
    '',
    `Talent ÷ technology: p50 ${f(p50(tal) / p50(tech), 3)}, p90 ${f(p90(tal) / p90(tech), 3)}. Financing ÷ technology: p50 ${f(p50(fin) / p50(tech), 3)}, p90 ${f(p90(fin) / p90(tech), 3)}. Technology with counterparts ÷ without: p50 ${f(p50(tech) / p50(bare), 3)}, p90 ${f(p90(tech) / p90(bare), 3)}.`,
    `Per run (p50 ms): ${kinds.map((k) => `${k.name} ${k.p50.map((x) => f(x, 3)).join(' / ')}`).join('; ')}.`,
    '',
    '| build (s) | with counterparts | without |',
    '|---|---:|---:|',
    `| addUniversities + addExperts | ${f(build.experts, 2)} | ${f(build.plainExperts, 2)} |`,
    `| addInvestors (${n(investorCount)}) | ${f(build.investors, 2)} | — |`,
    `| addProgrammes (${n(programmeCount)}) | ${f(build.programmes, 2)} | — |`,
    `| index (first match) | ${f(build.index, 2)} | ${f(build.plainIndex, 2)} |`,
    `| total | ${f(build.experts + build.investors + build.programmes + build.index, 2)} | ${f(build.plainExperts + build.plainIndex, 2)} |`,
    '',
    `Checks (first run): technology needs ranked the same experts with the same scores on both matchers for ${queryCount - seen.differ} of ${queryCount}; talent needs with no programme: ${seen.noProgrammes}; financing needs (region ${NEED_REGION}) with no investor: ${seen.noInvestors}, investors returned ${n(seen.investors)}, of them ruled out by ticket, region or stage ${n(seen.ruledOut)}.`,
  ].join('\n'),
)
