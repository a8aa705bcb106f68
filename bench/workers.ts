// Build on every core (issue #14): a default build of N CSL-sentence experts with the analysis on worker
// threads against the same build on one thread, interleaved in one process, median of --runs each; and,
// as the reference, plain single-core segmentation of the same texts by the default segmenter.
// Writes the table to stdout and bench/results/workers.md.
//
//   npm run bench:workers -- --size 100000 --runs 3 --workers 2
import { writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULTS, JiebaSegmenter, Matcher, NodejiebaSegmenter, type Segmenter } from '../src/index.js'
import { analysisPoolSize, closeAnalysisPool } from '../src/profile/pool.js'
import { generateCorpus } from './lib/corpus.js'
import { gc, log, median } from './lib/stats.js'

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    workers: { type: 'string', default: String(DEFAULTS.workers) },
    out: { type: 'string', default: 'bench/results' },
  },
})
const size = Number(values.size)
const runs = Number(values.runs)
const workerCounts = values.workers.split(',').map(Number)
/** Experts per addExperts call, as in bench/scale.ts. */
const BATCH = 50_000

log(`generating ${size} experts`)
const corpus = generateCorpus(size)
const texts = corpus.experts.flatMap((e) => [...(e.specialties ?? []), e.description ?? ''])
const chars = texts.reduce((sum, t) => sum + t.length, 0)
const textMB = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) / 1e6

/** One build: every add, then the first match (which builds the index). Seconds for the adds and in all. */
function build(workers: number): { add: number; total: number } {
  gc()
  const t = performance.now()
  const m = new Matcher({ workers })
  m.addUniversities(corpus.universities)
  for (let i = 0; i < corpus.experts.length; i += BATCH) m.addExperts(corpus.experts.slice(i, i + BATCH))
  const add = (performance.now() - t) / 1000
  m.match(corpus.queries[0]!)
  return { add, total: (performance.now() - t) / 1000 }
}

/** A segmenter alone, on one core: `cut` on each text as it is, nothing else. */
function segmentation(segmenter: Segmenter): number {
  gc()
  segmenter.cut('预热')
  const t = performance.now()
  for (const text of texts) segmenter.cut(text)
  return (performance.now() - t) / 1000
}

/** nodejieba, the reference (an optional peer; the row is left out without it). */
let nodejieba: Segmenter | undefined
try {
  nodejieba = new NodejiebaSegmenter()
} catch {
  log('nodejieba is not installed: its row is left out')
}

const single: Array<{ add: number; total: number }> = []
const pooled = new Map<number, Array<{ add: number; total: number }>>(workerCounts.map((w) => [w, []]))
const segmented: number[] = []
const segmentedNodejieba: number[] = []
// Interleaved, so a change in the machine's load falls on every side alike. The first pooled build of the
// process also starts the threads (about 0.2 s each, in parallel): it is kept, as a first build pays it.
for (let run = 0; run < runs; run++) {
  const s = build(1)
  single.push(s)
  log(`run ${run + 1}: one thread ${s.total.toFixed(1)} s (adds ${s.add.toFixed(1)} s)`)
  for (const w of workerCounts) {
    const p = build(w)
    pooled.get(w)!.push(p)
    log(`run ${run + 1}: ${w} workers ${p.total.toFixed(1)} s (adds ${p.add.toFixed(1)} s), pool ${analysisPoolSize()}`)
  }
  if (run < Math.min(runs, 2)) {
    segmented.push(segmentation(new JiebaSegmenter()))
    if (nodejieba) segmentedNodejieba.push(segmentation(nodejieba))
    log(
      `run ${run + 1}: plain segmentation ${segmented.at(-1)!.toFixed(1)} s, nodejieba ${segmentedNodejieba.at(-1)?.toFixed(1)} s`,
    )
  }
}
await closeAnalysisPool()

const f = (x: number, digits = 2) => x.toFixed(digits)
const singleTotal = median(single.map((r) => r.total))
const seg = median(segmented)
const nodejiebaSeg = segmentedNodejieba.length > 0 ? median(segmentedNodejieba) : Number.NaN
const lines = [
  `${size.toLocaleString('en')} experts (${corpus.source} sentences, ${f(textMB, 0)} MB, ${(chars / 1e6).toFixed(1)}M characters), ` +
    `${availableParallelism()} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; ` +
    `medians of ${runs} interleaved runs (segmentation: ${segmented.length}); a build is every addExperts plus the first match.`,
  '',
  '| build | build (s) | adds (s) | ÷ one thread | ÷ plain segmentation (default) | ÷ plain nodejieba | runs (s) |',
  '|---|---:|---:|---:|---:|---:|---|',
  row('one thread (`workers: 1`)', single),
]
function row(name: string, rows: Array<{ add: number; total: number }>): string {
  const total = median(rows.map((r) => r.total))
  return `| ${name} | ${f(total)} | ${f(median(rows.map((r) => r.add)))} | ${f(total / singleTotal)} | ${f(total / seg)} | ${f(total / nodejiebaSeg)} | ${rows.map((r) => f(r.total, 1)).join(', ')} |`
}
for (const [w, rows] of pooled) lines.push(row(`${w} workers (\`workers: ${w}\`)`, rows))
lines.push(
  `| plain segmentation, one core: default segmenter (\`JiebaSegmenter.cut\` on each text) | ${f(seg)} | | ${f(seg / singleTotal)} | 1.00 | ${f(seg / nodejiebaSeg)} | ${segmented.map((s) => f(s, 1)).join(', ')} |`,
)
if (segmentedNodejieba.length > 0) {
  lines.push(
    `| plain segmentation, one core: nodejieba (\`NodejiebaSegmenter.cut\` on each text) | ${f(nodejiebaSeg)} | | ${f(nodejiebaSeg / singleTotal)} | ${f(nodejiebaSeg / seg)} | 1.00 | ${segmentedNodejieba.map((s) => f(s, 1)).join(', ')} |`,
  )
}
const table = lines.join('\n')
console.log(table)
writeFileSync(join(values.out, 'workers.md'), `${table}\n`)
