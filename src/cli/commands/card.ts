// duijie card: the partner universities' collective business card (集体名片).
import type { Command } from 'commander'
import { DEFAULTS, DuijieError, type Matcher, type UniversityCard } from '../../index.js'
import { buildMatcher, readDistrict } from '../catalogue.js'
import { addCommonOptions, type CommonOptions, wholeNumber } from '../options.js'
import { csvText, DEGREE_LABEL, jsonText, LIST_SEPARATOR, writeOutput } from '../output.js'
import { formatTable } from '../table.js'

/** `duijie card` options, as commander parses them. */
export interface CardCommandOptions extends CommonOptions {
  university?: string
  top?: number
}

/** The columns of `card --format csv`: one row per university and term. */
export const CARD_CSV_COLUMNS = [
  'university_id',
  'university',
  'rank',
  'term',
  'weight',
  'experts',
  'programmes',
] as const

/** Registers `card` on the program. */
export function registerCard(program: Command): void {
  const command = program
    .command('card')
    .description('each university\u2019s most distinctive words, with the experts and programmes behind them')
  addCommonOptions(command)
    .option('--university <id>', 'only this university (default: every one)')
    .option('--top <n>', `words per university (default ${DEFAULTS.cardTerms})`, wholeNumber(1))
    .addHelpText('after', '\nExample:\n  duijie card --catalogue data/catalogue --university just --top 6')
    .action((options: CardCommandOptions) => writeOutput(runCard(options), options.out))
}

/** Runs `card` and returns the whole output. */
export function runCard(options: CardCommandOptions): string {
  const district = readDistrict(options.catalogue, { programmes: true })
  const matcher = buildMatcher(district)
  const topK = options.top === undefined ? {} : { topK: options.top }
  const id = options.university === undefined ? undefined : universityId(matcher, options.university)
  const cards = id === undefined ? matcher.cards(topK) : [matcher.card(id, topK)]
  if (options.format === 'json') return jsonText(cards)
  if (options.format === 'csv') return csvText(CARD_CSV_COLUMNS, cardRows(cards))
  const expertName = new Map(district.experts.records.map((e) => [e.id, e.name]))
  const programmeName = new Map(
    (district.programmes?.records ?? []).map((p) => [p.id, `${p.name}（${DEGREE_LABEL[p.degree] ?? p.degree}）`]),
  )
  const region = new Map(district.universities.records.map((u) => [u.id, u.region]))
  const blocks = cards.map((card) => {
    const rows = card.terms.map((t, rank) => [
      String(rank + 1),
      t.term,
      t.weight.toFixed(2),
      t.experts.map((e) => `${expertName.get(e) ?? ''} (${e})`).join('、') || '—',
      t.programmes.map((p) => programmeName.get(p) ?? p).join('、') || '—',
    ])
    const where = region.get(card.id)
    const heading = `${card.name} (${card.id})${where ? ` · ${where}` : ''}`
    return `${heading}\n${formatTable(['#', 'term', 'weight', 'experts', 'programmes'], rows).replace(/^/gm, '  ')}`
  })
  return `${blocks.join('\n\n')}\n`
}

/** The university `given` names: its id, or its exact name or alias (江科大); otherwise an error with suggestions. */
function universityId(matcher: Matcher, given: string): string {
  if (matcher.hasUniversity(given)) return given
  const like = matcher.findUniversities(given, { limit: 3 })
  if (like[0]?.score === 1) return like[0].id
  const hint = like.length > 0 ? `; did you mean ${like.map((u) => `"${u.id}" (${u.name})`).join(', ')}?` : ''
  throw new DuijieError('INPUT', `duijie: --university: no university "${given}" in the catalogue${hint}`)
}

function cardRows(cards: readonly UniversityCard[]): Array<Record<string, string | number>> {
  return cards.flatMap((card) =>
    card.terms.map((t, rank) => ({
      university_id: card.id,
      university: card.name,
      rank: rank + 1,
      term: t.term,
      weight: t.weight,
      experts: t.experts.join(LIST_SEPARATOR),
      programmes: t.programmes.join(LIST_SEPARATOR),
    })),
  )
}
