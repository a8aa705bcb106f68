// The gap report (双招双引) for the sample district: the needs no counterpart in data/ meets well, and the
// words they ask for that the catalogue lacks: what to recruit, and which universities to bring in.
// Run with: npm run gaps   (add -- --csv to print only the CSV, --min-score 0.3 to be stricter)
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { stringify } from 'csv-stringify/sync'
import { Matcher } from '../src/index.js'
import { loadSampleData } from './sample-data.js'
import { formatTable } from './table.js'

/** The matcher the report is read from: the whole sample district, documents, programmes and investors. */
export function gapMatcher(sample = loadSampleData()): Matcher {
  const { universities, experts, programmes, investors, documents } = sample
  return new Matcher()
    .addUniversities(universities)
    .addExperts(experts)
    .addDocuments(documents)
    .addProgrammes(programmes)
    .addInvestors(investors)
}

function main(): void {
  const { values: args } = parseArgs({
    options: { csv: { type: 'boolean', default: false }, 'min-score': { type: 'string' } },
  })
  const sample = loadSampleData()
  const { needs } = sample
  const matcher = gapMatcher(sample)
  const minScore = args['min-score'] === undefined ? undefined : Number(args['min-score'])
  const report = matcher.gaps(needs, minScore === undefined ? {} : { minScore })
  const needById = new Map(needs.map((n) => [n.id, n]))

  const csv = stringify(
    report.terms.map((t) => ({ term: t.term, needs: t.needs, covered: t.covered, examples: t.examples.join(' ') })),
    { header: true },
  )
  if (args.csv) {
    process.stdout.write(csv)
    return
  }
  console.log(`未满足的需求 (needs no counterpart meets; ${report.needs.length} of ${needs.length})`)
  console.log(
    formatTable(
      ['需求', '企业', '类型', '对接', '最佳得分', '缺少的关键词'],
      report.needs.map((n) => {
        const need = needById.get(n.needId!)!
        return [
          `${n.needId} ${n.title ?? ''}`,
          need.enterprise,
          need.kind,
          n.list,
          n.best.toFixed(2),
          n.terms.join('、'),
        ]
      }),
    ),
  )
  console.log('\n建议引进的方向 (words to recruit for, most asked first)')
  console.log(
    formatTable(
      ['关键词', '需求数', '已有画像', '例子'],
      report.terms.map((t) => [t.term, String(t.needs), String(t.covered), t.examples.join(' ')]),
    ),
  )
  console.log(`\nCSV:\n${csv}`)
}

// Prints only when run (npm run gaps); the tests import gapMatcher to read the same report.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main()
