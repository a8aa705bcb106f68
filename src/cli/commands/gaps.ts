// duijie gaps: the needs nobody in the catalogue meets well, and the words they ask for that it lacks (双招双引).
import { type Command, Option } from 'commander'
import { DEFAULTS, type GapReport } from '../../index.js'
import { buildMatcher, readDistrict, readNeeds } from '../catalogue.js'
import { locateIssues } from '../locate.js'
import { addCommonOptions, type CommonOptions, score } from '../options.js'
import { csvText, jsonText, LIST_SEPARATOR, writeOutput } from '../output.js'
import { formatTable } from '../table.js'

/** `duijie gaps` options, as commander parses them. */
export interface GapsCommandOptions extends CommonOptions {
  needs: string
  minScore?: number
  rows: 'terms' | 'needs'
}

/** The columns of `gaps --format csv` with `--rows terms` (the default): one row per word to recruit for. */
export const GAP_TERM_COLUMNS = ['term', 'needs', 'covered', 'examples'] as const
/** The columns of `gaps --format csv --rows needs`: one row per unmet need. */
export const GAP_NEED_COLUMNS = ['need_id', 'kind', 'title', 'list', 'best', 'terms'] as const

/** Registers `gaps` on the program. */
export function registerGaps(program: Command): void {
  const command = program
    .command('gaps')
    .description('the needs no counterpart meets well, and the words they ask for that the catalogue lacks')
  addCommonOptions(command)
    .requiredOption('--needs <csv>', 'needs file (the columns of needs.csv)')
    .option(
      '--min-score <score>',
      `a need is unmet when its best text score is below this (default ${DEFAULTS.gaps.minScore})`,
      score,
    )
    .addOption(
      new Option('--rows <rows>', 'what the rows of --format csv are: the words to recruit for, or the unmet needs')
        .choices(['terms', 'needs'])
        .default('terms'),
    )
    .addHelpText(
      'after',
      '\nExample:\n  duijie gaps --catalogue data/catalogue --needs data/catalogue/needs.csv --min-score 0.3',
    )
    .action((options: GapsCommandOptions) => writeOutput(runGaps(options), options.out))
}

/** Runs `gaps` and returns the whole output. */
export function runGaps(options: GapsCommandOptions): string {
  const needs = readNeeds(options.needs)
  const matcher = buildMatcher(readDistrict(options.catalogue, { programmes: true, investors: true }))
  const minScore = options.minScore === undefined ? {} : { minScore: options.minScore }
  const report = locateIssues(() => matcher.gaps(needs.records, minScore), { need: needs })
  if (options.format === 'json') return jsonText(report)
  if (options.format === 'csv')
    return options.rows === 'needs'
      ? csvText(GAP_NEED_COLUMNS, needRows(report))
      : csvText(GAP_TERM_COLUMNS, termRows(report))
  const enterprise = new Map(needs.records.map((n) => [n.id, n.enterprise ?? '']))
  const unmet = formatTable(
    ['need', 'enterprise', 'kind', 'list', 'best', 'missing words'],
    report.needs.map((n) => [
      [n.needId, n.title].filter(Boolean).join(' '),
      enterprise.get(n.needId ?? '') ?? '',
      n.kind ?? '',
      n.list,
      n.best.toFixed(2),
      n.terms.join('、'),
    ]),
  )
  const terms = formatTable(
    ['word', 'needs', 'covered', 'examples'],
    report.terms.map((t) => [t.term, String(t.needs), String(t.covered), t.examples.join(' ')]),
  )
  return [
    `Unmet needs (${report.needs.length} of ${needs.records.length})`,
    unmet,
    '',
    'Words to recruit for, most asked first',
    terms,
    '',
  ].join('\n')
}

function termRows(report: GapReport): Array<Record<string, string | number>> {
  return report.terms.map((t) => ({
    term: t.term,
    needs: t.needs,
    covered: t.covered,
    examples: t.examples.join(LIST_SEPARATOR),
  }))
}

function needRows(report: GapReport): Array<Record<string, string | number>> {
  return report.needs.map((n) => ({
    need_id: n.needId ?? '',
    kind: n.kind ?? '',
    title: n.title ?? '',
    list: n.list,
    best: n.best,
    terms: n.terms.join(LIST_SEPARATOR),
  }))
}
