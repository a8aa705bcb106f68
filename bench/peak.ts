// Peak memory of a build: a default Matcher (worker threads on) builds N generated experts
// (bench/lib/corpus.ts) in batches of 50,000, then answers one need (which builds the index). Prints the
// process's peak RSS after the adds and after the index build, and the memory at rest after a gc; the
// generated records, which a platform holds anyway, are measured before the build and counted apart.
//
//   node --max-old-space-size=20000 --expose-gc --import tsx bench/peak.ts [--size 1000000]
//   npm run bench:peak -- --size 1000000
import { parseArgs } from 'node:util'
import { Matcher } from '../src/index.js'
import { generateCorpus } from './lib/corpus.js'
import { gc, log } from './lib/stats.js'

const { values } = parseArgs({ options: { size: { type: 'string', default: '1000000' } } })
const size = Number(values.size)
const megabytes = (bytes: number) => (bytes / 1e6).toFixed(0)
const peakRss = () => process.resourceUsage().maxRSS * 1024

log(`generating ${size} experts`)
const corpus = generateCorpus(size)
gc()
const records = process.memoryUsage().rss
log(`records: ${megabytes(records)} MB RSS`)
const started = performance.now()
const m = new Matcher()
m.addUniversities(corpus.universities)
for (let i = 0; i < corpus.experts.length; i += 50_000) m.addExperts(corpus.experts.slice(i, i + 50_000))
const afterAdds = peakRss()
m.match(corpus.queries[0]!)
const afterBuild = peakRss()
const seconds = (performance.now() - started) / 1000
gc()
const rest = process.memoryUsage().rss
const perExpert = (bytes: number) => ((bytes - records) / size / 1000).toFixed(2)
console.log(
  `${size} experts: build ${seconds.toFixed(0)} s; records ${megabytes(records)} MB; peak RSS ${megabytes(afterAdds)} MB ` +
    `after the adds, ${megabytes(afterBuild)} MB after the index build (${perExpert(afterBuild)} KB an expert ` +
    `beyond the records); at rest ${megabytes(rest)} MB (${perExpert(rest)} KB an expert)`,
)
