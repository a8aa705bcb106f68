// Relevance on real Chinese research text (CSL), duijie side by side with MiniSearch, a plain TF-IDF and
// natural's TfIdf, all on the same data and through each system's public API.
//
//   npm run bench:relevance -- [--data ../shared/csl/dev.jsonl] [--segmenter jieba|nodejieba|intl] [--no-baselines]
//
// --segmenter cuts the text for every system (the baselines use duijie's analyzer for their tokens).
//
// Prints a task × system table and one JSON line per system.
import { parseArgs } from 'node:util'
import {
  accuracyAt1,
  IntlSegmenter,
  JiebaSegmenter,
  type MatcherOptions,
  mrr,
  NodejiebaSegmenter,
  precisionAtK,
  type Segmenter,
} from '../src/index.js'
import { DEFAULT_CSL, folds, institutionIds, readPapers, type Paper } from './lib/csl.js'
import { duijieExpertSystems, type FoldedScore, miniSearchExperts, runExpertTask } from './lib/expert-task.js'
import { naturalSystem } from './lib/natural-system.js'
import {
  baselineTokenizer,
  duijieSystem,
  miniSearchSystem,
  plainTfidfSystem,
  type RelevanceSystem,
} from './lib/systems.js'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: DEFAULT_CSL },
    options: { type: 'string', default: '{}' },
    baselines: { type: 'boolean', default: true },
    folds: { type: 'string', default: '5' },
    segmenter: { type: 'string', default: 'jieba' },
  },
  allowNegative: true,
})

const papers = readPapers(values.data)
if (!papers) {
  console.log(
    `relevance bench skipped: no CSL data at ${values.data} (it lives in ../shared/csl, absent on a fresh clone)`,
  )
  process.exit(0)
}

const FOLDS = Number(values.folds)
const institutionOf = institutionIds(papers)
const SEGMENTERS: Record<string, () => Segmenter> = {
  jieba: () => new JiebaSegmenter(),
  nodejieba: () => new NodejiebaSegmenter(),
  intl: () => new IntlSegmenter(),
}
const makeSegmenter = SEGMENTERS[values.segmenter]
if (!makeSegmenter) {
  console.error(`--segmenter takes one of ${Object.keys(SEGMENTERS).join(', ')}, got "${values.segmenter}"`)
  process.exit(1)
}
const segmenter = makeSegmenter()
const tokenize = baselineTokenizer(segmenter)
const givenOptions = JSON.parse(values.options) as MatcherOptions
const matcherOptions = { ...givenOptions, segmenter }
const shownOptions = { ...givenOptions, segmenter: segmenter.id }
const systems: RelevanceSystem[] = [duijieSystem(matcherOptions)]
if (values.baselines) systems.push(miniSearchSystem(tokenize), plainTfidfSystem(tokenize), naturalSystem(tokenize))

interface Task {
  name: string
  metric: string
  run(system: RelevanceSystem): number | undefined
}

const knownItem = (query: (p: Paper) => string, withKeywords: boolean) => (system: RelevanceSystem) => {
  system.index({ papers, withKeywords, institutionOf })
  return mrr(
    papers.map((p) => ({ ranked: system.experts(query(p), 10), relevant: [p.id] })),
    10,
  )
}

/** 5-fold cross-validation: profiles from four folds, queries from the fifth; the mean over all queries. */
const crossValidated =
  (evaluate: (system: RelevanceSystem, queries: Paper[]) => number[]) => (system: RelevanceSystem) => {
    if (!system.institutions) return undefined
    const parts = folds(papers, FOLDS)
    const scores: number[] = []
    parts.forEach((held, f) => {
      system.index({ papers: parts.filter((_, g) => g !== f).flat(), withKeywords: true, institutionOf })
      scores.push(...evaluate(system, held))
    })
    return scores.reduce((a, b) => a + b, 0) / scores.length
  }

const institutionAccuracy = (query: (p: Paper) => string) =>
  crossValidated((system, held) =>
    held.map((p) =>
      accuracyAt1([{ ranked: system.institutions!(query(p)), relevant: [institutionOf.get(p.discipline)!] }]),
    ),
  )

const papersOf = new Map<string, string[]>()
for (const p of papers) papersOf.set(p.discipline, [...(papersOf.get(p.discipline) ?? []), p.id])
const fieldPrecision = crossValidated((system, held) =>
  held.map((p) => precisionAtK([{ ranked: system.experts(p.title, 10), relevant: papersOf.get(p.discipline)! }], 10)),
)

const tasks: Task[] = [
  { name: 'known-item, title', metric: 'MRR@10', run: knownItem((p) => p.title, true) },
  { name: 'known-item, keywords', metric: 'MRR@10', run: knownItem((p) => p.keywords.join(' '), false) },
  { name: 'short need → institution', metric: 'acc@1', run: institutionAccuracy((p) => p.title) },
  { name: 'long need → institution', metric: 'acc@1', run: institutionAccuracy((p) => p.abstract) },
  { name: 'short need → experts of the field', metric: 'P@10', run: fieldPrecision },
]

const results = new Map<string, Map<string, number | undefined>>()
const started = performance.now()
for (const system of systems) {
  const row = new Map<string, number | undefined>()
  for (const task of tasks) {
    const t = performance.now()
    row.set(task.name, task.run(system))
    process.stderr.write(
      `${system.name} · ${task.name}: ${row.get(task.name)?.toFixed(4) ?? '—'} (${((performance.now() - t) / 1000).toFixed(1)} s)\n`,
    )
  }
  results.set(system.name, row)
}

const format = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(3))
console.log(
  `\nCSL dev: ${papers.length} papers, ${institutionOf.size} disciplines, ${FOLDS}-fold CV for institution tasks; options ${JSON.stringify(shownOptions)}\n`,
)
console.log(`| task | metric | ${systems.map((s) => s.name).join(' | ')} |`)
console.log(`|---|---|${systems.map(() => '---:').join('|')}|`)
for (const task of tasks)
  console.log(
    `| ${task.name} | ${task.metric} | ${systems.map((s) => format(results.get(s.name)!.get(task.name))).join(' | ')} |`,
  )
console.log('')
for (const system of systems) {
  console.log(
    JSON.stringify({
      system: system.name,
      options: system.name === 'duijie' ? shownOptions : undefined,
      ...Object.fromEntries(results.get(system.name)!),
    }),
  )
}

// The expert task: synthetic experts of 1–8 papers, profiled from documents or from flattened text.
const expertSystems = [
  ...duijieExpertSystems(matcherOptions),
  ...(values.baselines ? [miniSearchExperts(tokenize)] : []),
]
const spread = ({ mean, folds }: FoldedScore) =>
  `${mean.toFixed(3)} (${Math.min(...folds).toFixed(3)}–${Math.max(...folds).toFixed(3)})`
console.log(
  `\nExpert task: each discipline's training papers grouped into seeded experts of 1–8 papers; titles of the held-out fold as needs; ${FOLDS} folds, mean (fold min–max)\n`,
)
console.log('| system | title → experts of the field, P@10 | title → institution, acc@1 |')
console.log('|---|---:|---:|')
for (const system of expertSystems) {
  const t = performance.now()
  const { precision, institution } = runExpertTask(papers, institutionOf, system, FOLDS)
  process.stderr.write(`${system.name} · expert task (${((performance.now() - t) / 1000).toFixed(1)} s)\n`)
  console.log(`| ${system.name} | ${spread(precision)} | ${spread(institution)} |`)
  console.log(JSON.stringify({ system: system.name, precision, institution }))
}
console.error(`total ${((performance.now() - started) / 1000).toFixed(1)} s`)
