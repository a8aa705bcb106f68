// Segmentation speed and agreement on CSL: every Han run of the 1,000 papers' titles, abstracts and keywords,
// cut by each segmenter (after one warm-up pass, so dictionaries are loaded), interleaved per run. Reports the
// median throughput with each ÷ nodejieba, and how many runs each cuts exactly as nodejieba does.
//
//   npm run bench:segmenters -- [--data ../shared/csl/dev.jsonl] [--runs 5]
import { parseArgs } from 'node:util'
import { IntlSegmenter, JiebaSegmenter, NodejiebaSegmenter, type Segmenter } from '../src/index.js'
import { DEFAULT_CSL, readPapers } from './lib/csl.js'
import { log, median } from './lib/stats.js'

const { values } = parseArgs({
  options: { data: { type: 'string', default: DEFAULT_CSL }, runs: { type: 'string', default: '5' } },
})
const papers = readPapers(values.data)
if (!papers) {
  console.log(`segmenter bench skipped: no CSL data at ${values.data} (it lives in ../shared/csl)`)
  process.exit(0)
}
const runs = papers.flatMap((p) =>
  [p.title, p.abstract, ...p.keywords].flatMap((text) => text.match(/\p{Script=Han}+/gu) ?? []),
)
const bytes = runs.reduce((sum, run) => sum + Buffer.byteLength(run), 0)

const segmenters: Array<[string, Segmenter]> = [
  ['nodejieba', new NodejiebaSegmenter()],
  ['@node-rs/jieba (default)', new JiebaSegmenter()],
  ['Intl.Segmenter', new IntlSegmenter()],
]
const cuts = new Map(segmenters.map(([name, s]) => [name, runs.map((run) => s.cut(run).join('|'))]))
const seconds = new Map<string, number[]>(segmenters.map(([name]) => [name, []]))
for (let r = 0; r < Number(values.runs); r++) {
  for (const [name, segmenter] of r % 2 === 0 ? segmenters : [...segmenters].reverse()) {
    const start = performance.now()
    for (const run of runs) segmenter.cut(run)
    seconds.get(name)!.push((performance.now() - start) / 1000)
  }
  log(`run ${r + 1}/${values.runs}`)
}

const reference = cuts.get('nodejieba')!
const baseline = median(seconds.get('nodejieba')!)
console.log(
  `\n${runs.length} Han runs, ${(bytes / 1e6).toFixed(2)} MB of CSL text, median of ${values.runs} (node ${process.version})\n`,
)
console.log('| segmenter | throughput | ÷ nodejieba | runs cut as nodejieba does |')
console.log('|---|---:|---:|---:|')
for (const [name] of segmenters) {
  const s = median(seconds.get(name)!)
  const same = cuts.get(name)!.filter((cut, i) => cut === reference[i]).length
  console.log(
    `| ${name} | ${(bytes / 1e6 / s).toFixed(1)} MB/s | ${(baseline / s).toFixed(2)}× | ${((100 * same) / runs.length).toFixed(1)}% |`,
  )
}
