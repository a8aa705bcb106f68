// One fresh process, as a script or notebook starts: import the built package, load the sample district
// (universities and experts from data/catalogue/), answer one need. Prints one JSON line: milliseconds from
// process start to the answer, and peak RSS in MB. The segmenter is argv[2]: jieba, nodejieba or intl.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { IntlSegmenter, JiebaSegmenter, Matcher, NodejiebaSegmenter } from '../../dist/index.js'

const SEGMENTERS = { jieba: JiebaSegmenter, nodejieba: NodejiebaSegmenter, intl: IntlSegmenter }
const catalogue = join(import.meta.dirname, '..', '..', 'data', 'catalogue')
const rows = (file) => parse(readFileSync(join(catalogue, file), 'utf8'), { columns: true, bom: true })
const list = (cell) => (cell ? cell.split('；').filter(Boolean) : [])

const matcher = new Matcher({ segmenter: new SEGMENTERS[process.argv[2]]() })
matcher.addUniversities(rows('universities.csv').map((r) => ({ id: r.id, name: r.name, description: r.description })))
matcher.addExperts(
  rows('experts.csv').map((r) => ({
    id: r.id,
    name: r.name,
    universityId: r.university_id,
    specialties: list(r.specialties),
    description: r.description || undefined,
  })),
)
const top = matcher.match('开关柜局部放电在线监测').experts[0]
console.log(JSON.stringify({ ms: performance.now(), peakMB: process.resourceUsage().maxRSS / 1024, top: top?.id }))
