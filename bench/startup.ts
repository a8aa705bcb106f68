// Start-up: how long a fresh process takes to answer its first match on the sample district, and its peak
// memory, per segmenter. Each run is a new `node` process importing the built package (dist/, built first),
// loading data/catalogue/ and matching one need (bench/lib/first-match.mjs); runs of the segmenters are
// interleaved, and the table gives medians with each one ÷ the default (jieba via @node-rs/jieba).
//
//   npm run bench:startup -- [--runs 7] [--segmenters jieba,nodejieba,intl] [--no-build]
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { log, median } from './lib/stats.js'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    segmenters: { type: 'string', default: 'jieba,nodejieba,intl' },
    build: { type: 'boolean', default: true },
  },
  allowNegative: true,
})
const runs = Number(values.runs)
const segmenters = values.segmenters.split(',')
const root = join(import.meta.dirname, '..')

if (values.build) {
  log('building dist/')
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' })
}

interface Run {
  ms: number
  peakMB: number
  top: string
}
const results = new Map<string, Run[]>(segmenters.map((s) => [s, []]))
for (let run = 0; run < runs; run++) {
  for (const segmenter of segmenters) {
    const out = execFileSync(process.execPath, [join(root, 'bench/lib/first-match.mjs'), segmenter], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    })
    results.get(segmenter)!.push(JSON.parse(out) as Run)
  }
  log(`run ${run + 1}/${runs}`)
}

const base = results.get(segmenters[0]!)!
const baseMs = median(base.map((r) => r.ms))
const baseMB = median(base.map((r) => r.peakMB))
console.log(`\nFirst match in a fresh process, sample district, median of ${runs} (node ${process.version})\n`)
console.log(`| segmenter | first match | ÷ ${segmenters[0]} | peak RSS | ÷ ${segmenters[0]} | top expert |`)
console.log('|---|---:|---:|---:|---:|---|')
for (const [segmenter, rs] of results) {
  const ms = median(rs.map((r) => r.ms))
  const mb = median(rs.map((r) => r.peakMB))
  const tops = [...new Set(rs.map((r) => r.top))].join(', ')
  console.log(
    `| ${segmenter} | ${ms.toFixed(0)} ms | ${(ms / baseMs).toFixed(2)} | ${mb.toFixed(0)} MB | ${(mb / baseMB).toFixed(2)} | ${tops} |`,
  )
}
