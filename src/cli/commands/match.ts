// duijie match: every need of a needs file, ranked against the catalogue, with the terms behind each match.
import type { Command } from 'commander'
import type { ExpertMatch, MatchList, MatchResult, UniversityMatch } from '../../index.js'
import { buildMatcher, type District, readDistrict, readNeeds } from '../catalogue.js'
import { locateIssues } from '../locate.js'
import { addCommonOptions, type CommonOptions, matchLists, wholeNumber } from '../options.js'
import { csvText, DEGREE_LABEL, jsonText, LIST_SEPARATOR, writeOutput } from '../output.js'
import { needsProgress } from '../progress.js'
import { formatTable } from '../table.js'

/** `duijie match` options, as commander parses them. */
export interface MatchCommandOptions extends CommonOptions {
  needs: string
  top: number
  lists?: MatchList[]
}

/** A match result as the CLI writes it: the need's id, and a name beside every expert and university id. */
export interface NamedResult extends MatchResult {
  needId: string
  experts: Array<ExpertMatch & { name: string }>
  universities: Array<UniversityMatch & { name: string }>
}

/** The columns of `match --format csv`: one row per need, list and rank. */
export const MATCH_CSV_COLUMNS = [
  'need_id',
  'kind',
  'list',
  'rank',
  'id',
  'name',
  'score',
  'terms',
  'documents',
] as const

/** Registers `match` on the program. */
export function registerMatch(program: Command): void {
  const command = program
    .command('match')
    .description('rank experts, universities, degree programmes and investors for every need of a needs file')
  addCommonOptions(command)
    .requiredOption(
      '--needs <csv>',
      'needs file: columns id and text, optionally enterprise_id, enterprise, kind, title…',
    )
    .option('--top <n>', 'results per list', wholeNumber(1), 5)
    .option('--lists <lists>', 'lists to rank, comma-separated (default: by each need\u2019s kind)', matchLists)
    .addHelpText(
      'after',
      '\nExample:\n  duijie match --catalogue data/catalogue --needs data/catalogue/needs.csv --top 3 --format csv --out matches.csv',
    )
    .action((options: MatchCommandOptions) => writeOutput(runMatch(options), options.out))
}

/** Runs `match` and returns the whole output. */
export function runMatch(options: MatchCommandOptions): string {
  // The needs first: a broken needs file fails before the catalogue is read and the dictionary loaded.
  const needs = readNeeds(options.needs)
  const district = readDistrict(options.catalogue, { programmes: true, investors: true })
  const matcher = buildMatcher(district)
  const progress = needsProgress(needs.records.length)
  let results: MatchResult[]
  try {
    results = locateIssues(
      () =>
        matcher.matchAll(needs.records, {
          topK: options.top,
          ...(options.lists && { lists: options.lists }),
          ...(progress.onProgress && { onProgress: progress.onProgress }),
        }),
      { need: needs },
    )
  } finally {
    progress.stop()
  }
  const named = nameResults(
    results,
    needs.records.map((n) => n.id),
    district,
  )
  if (options.format === 'json') return jsonText(named)
  if (options.format === 'csv') return csvText(MATCH_CSV_COLUMNS, matchRows(named))
  return matchTables(named, needs.records, district)
}

function nameResults(results: MatchResult[], needIds: string[], district: District): NamedResult[] {
  const expertName = new Map(district.experts.records.map((e) => [e.id, e.name]))
  const universityName = new Map(district.universities.records.map((u) => [u.id, u.name]))
  return results.map((r, i) => ({
    ...r,
    needId: needIds[i]!,
    experts: r.experts.map((e) => ({ ...e, name: expertName.get(e.id) ?? '' })),
    universities: r.universities.map((u) => ({ ...u, name: universityName.get(u.id) ?? '' })),
  }))
}

/** One entry of any list, as a CSV row needs it. */
interface Entry {
  id: string
  name: string
  score: number
  terms?: ReadonlyArray<{ term: string; weight: number }>
  /** An expert's documents behind the match. */
  documents?: ReadonlyArray<{ id: string }>
}

const entriesOf = (r: NamedResult, list: MatchList): Entry[] => r[list]

/**
 * The CSV rows of some results: one per need, list and rank, in the order of `lists`; a list with no match
 * gives one row with empty rank, id, name, score and terms, so that every need shows. Scores are written in
 * full, so that reading the CSV back gives the JSON output's numbers.
 */
export function matchRows(results: readonly NamedResult[]): Array<Record<string, string | number>> {
  return results.flatMap((r) =>
    r.lists.flatMap((list): Array<Record<string, string | number>> => {
      const entries = entriesOf(r, list)
      const need = { need_id: r.needId, kind: r.kind ?? '', list }
      if (entries.length === 0) return [{ ...need, rank: '', id: '', name: '', score: '', terms: '', documents: '' }]
      return entries.map((e, i) => ({
        ...need,
        rank: i + 1,
        id: e.id,
        name: e.name,
        score: e.score,
        terms: (e.terms ?? []).map((t) => t.term).join(LIST_SEPARATOR),
        documents: (e.documents ?? []).map((d) => d.id).join(LIST_SEPARATOR),
      }))
    }),
  )
}

/** Terms shown by name in the table; the weight of the rest is shown as one sum, so the column adds up. */
const SHOWN_TERMS = 4

/**
 * The table's terms column: the first terms with their weights, then `+N more` with the weight of the others,
 * so that the weights shown add up to the entry's score (less an expert's prior, shown in its detail).
 */
const weighed = (terms: ReadonlyArray<{ term: string; weight: number }>) => {
  const shown = terms.slice(0, SHOWN_TERMS).map((t) => `${t.term} ${t.weight.toFixed(2)}`)
  const rest = terms.slice(SHOWN_TERMS)
  if (rest.length > 0) shown.push(`+${rest.length} more ${rest.reduce((sum, t) => sum + t.weight, 0).toFixed(2)}`)
  return shown.join('，')
}

function matchTables(
  results: readonly NamedResult[],
  needs: ReadonlyArray<{ title?: string; enterprise?: string }>,
  district: District,
): string {
  const universityName = new Map(district.universities.records.map((u) => [u.id, u.name]))
  const blocks = results.map((r, i) => {
    const need = needs[i]!
    const heading = [`[${r.needId}]`, [r.kind, need.enterprise, need.title].filter(Boolean).join(' · ')]
      .filter(Boolean)
      .join(' ')
    const rows: string[][] = []
    for (const list of r.lists) {
      const details = detailsOf(r, list, universityName)
      const entries = entriesOf(r, list)
      if (entries.length === 0) rows.push([list, '-', '', '(no match)', '', '', ''])
      entries.forEach((e, rank) => {
        rows.push([
          rank === 0 ? list : '',
          String(rank + 1),
          e.id,
          e.name,
          e.score.toFixed(3),
          details[rank] ?? '',
          weighed(e.terms ?? []),
        ])
      })
    }
    const table = formatTable(['list', '#', 'id', 'name', 'score', 'detail', 'terms (weight)'], rows)
    const notes = r.notes.map((n) => `note: ${n}`)
    return [heading, ...[table, ...notes].map((text) => text.replace(/^/gm, '  '))].join('\n')
  })
  return `${blocks.join('\n\n')}\n`
}

/**
 * The table's detail column: what else there is to know about each entry of a list. An expert's shows its
 * university and that university's prior (`+prior 0.08`), the part of its score no term of the need carries.
 */
function detailsOf(r: NamedResult, list: MatchList, universityName: Map<string, string>): string[] {
  switch (list) {
    case 'experts':
      return r.experts.map(
        (e) => `${universityName.get(e.universityId) ?? e.universityId} +prior ${e.prior.toFixed(2)}`,
      )
    case 'universities':
      return r.universities.map((u) => `${u.experts.length} expert${u.experts.length === 1 ? '' : 's'}`)
    case 'programmes':
      return r.programmes.map(
        (p) => `${universityName.get(p.universityId) ?? p.universityId} ${DEGREE_LABEL[p.degree]}`,
      )
    case 'investors':
      return r.investors.map((v) => (v.fits ? `${v.type} ✓` : `${v.type} ✗ ${v.reasons.join('；')}`))
  }
}
