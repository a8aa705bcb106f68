// Grid search over Matcher options on the CSL tasks, fold by fold, to see whether a change helps on every
// fold or only on some. Tuning aid, not part of the published numbers.
//
//   npx tsx bench/tune.ts '[{"university":{"decay":0.7}}, {"fieldWeights":{"specialties":2}}]'
import { accuracyAt1, mrr, precisionAtK, type MatcherOptions } from '../src/index.js'
import { folds, institutionIds, readPapers } from './lib/csl.js'
import { duijieSystem } from './lib/systems.js'

const papers = readPapers()
if (!papers) {
  console.log('tune skipped: no CSL data')
  process.exit(0)
}
const grid = JSON.parse(process.argv[2] ?? '[{}]') as MatcherOptions[]
const knownItems = process.argv.includes('--known')
const institutionOf = institutionIds(papers)
const parts = folds(papers, 5)
const papersOf = new Map<string, string[]>()
for (const p of papers) papersOf.set(p.discipline, [...(papersOf.get(p.discipline) ?? []), p.id])
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

for (const options of grid) {
  const system = duijieSystem(options)
  const perFold: Array<[number, number, number]> = []
  parts.forEach((held, f) => {
    system.index({ papers: parts.filter((_, g) => g !== f).flat(), withKeywords: true, institutionOf })
    const truth = (p: (typeof papers)[number]) => [institutionOf.get(p.discipline)!]
    const title = accuracyAt1(held.map((p) => ({ ranked: system.institutions!(p.title), relevant: truth(p) })))
    const abstract = accuracyAt1(held.map((p) => ({ ranked: system.institutions!(p.abstract), relevant: truth(p) })))
    const p10 = mean(
      held.map((p) =>
        precisionAtK([{ ranked: system.experts(p.title, 10), relevant: papersOf.get(p.discipline)! }], 10),
      ),
    )
    perFold.push([title, abstract, p10])
  })
  const cols = [0, 1, 2].map((c) => mean(perFold.map((r) => r[c]!)))
  let known = ''
  if (knownItems) {
    system.index({ papers, withKeywords: true, institutionOf })
    const t = mrr(papers.map((p) => ({ ranked: system.experts(p.title, 10), relevant: [p.id] })))
    system.index({ papers, withKeywords: false, institutionOf })
    const k = mrr(papers.map((p) => ({ ranked: system.experts(p.keywords.join(' '), 10), relevant: [p.id] })))
    known = ` known ${t.toFixed(4)} / ${k.toFixed(4)}`
  }
  console.log(
    `${cols.map((c) => c.toFixed(3)).join(' / ')}${known}  folds title ${perFold.map((r) => r[0].toFixed(2)).join(' ')} | abs ${perFold.map((r) => r[1].toFixed(2)).join(' ')} | p10 ${perFold.map((r) => r[2].toFixed(3)).join(' ')}  ${JSON.stringify(options)}`,
  )
}
