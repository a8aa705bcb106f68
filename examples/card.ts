// The partner universities' collective business card (集体名片) as Markdown: for each university of the
// sample district, the words that set it apart and the experts and programmes behind them.
// Run with: npm run card   (add -- --university just for one card, --terms 10 for longer ones)
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { Matcher } from '../src/index.js'
import { loadSampleData } from './sample-data.js'

/** The matcher the cards are read from: the sample district with its experts' documents and programmes. */
export function cardMatcher(sample = loadSampleData()): Matcher {
  const { universities, experts, programmes, documents } = sample
  return new Matcher()
    .addUniversities(universities)
    .addExperts(experts)
    .addDocuments(documents)
    .addProgrammes(programmes)
}

function main(): void {
  const { values: args } = parseArgs({
    options: { university: { type: 'string' }, terms: { type: 'string', default: '8' } },
  })
  const sample = loadSampleData()
  const { universities, experts, programmes } = sample
  const matcher = cardMatcher(sample)
  const expertName = new Map(experts.map((e) => [e.id, e.name]))
  const DEGREE = { bachelor: '本科', master: '硕士', doctorate: '博士' } as const
  const programmeName = new Map(programmes.map((p) => [p.id, `${p.name}（${DEGREE[p.degree]}）`]))
  const topK = Number(args.terms)
  const cards = args.university ? [matcher.card(args.university, { topK })] : matcher.cards({ topK })

  const lines = ['# 科技镇长团 · 后方高校集体名片', '']
  for (const card of cards) {
    const university = universities.find((u) => u.id === card.id)!
    lines.push(`## ${card.name}${university.region ? `（${university.region}）` : ''}`, '')
    lines.push('| 特长 | 权重 | 专家 | 专业 |', '|---|---:|---|---|')
    for (const t of card.terms) {
      const people = t.experts.map((id) => `${expertName.get(id)} (${id})`).join('、') || '—'
      const trained = t.programmes.map((id) => programmeName.get(id)!).join('、') || '—'
      lines.push(`| ${t.term} | ${t.weight.toFixed(2)} | ${people} | ${trained} |`)
    }
    lines.push('')
  }
  console.log(lines.join('\n'))
}

// Prints only when run (npm run card); the tests import cardMatcher to read the same cards.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main()
