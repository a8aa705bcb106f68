// duijie plan: the group's week of visits (the 321 rule, relay hand-overs, experts along) from members.csv,
// history.csv and the enterprises of a needs file.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { planWeek, type WeekPlan } from '../../index.js'
import {
  buildMatcher,
  CSV_LAYOUT,
  checkCatalogueFolder,
  enterprisesOf,
  type Loaded,
  readDistrict,
  readHistory,
  readMembers,
  readNeeds,
  type VisitRecord,
} from '../catalogue.js'
import { enterpriseSource, locateIssues } from '../locate.js'
import { addCommonOptions, type CommonOptions, isoDay, wholeNumber } from '../options.js'
import { csvText, jsonText, LIST_SEPARATOR, writeOutput } from '../output.js'
import { formatTable } from '../table.js'

/** `duijie plan` options, as commander parses them. */
export interface PlanCommandOptions extends CommonOptions {
  needs: string
  week?: string
  expertsPerVisit?: number
  expertCapacity?: number
}

/** The columns of `plan --format csv`: one row per visit. */
export const PLAN_CSV_COLUMNS = [
  'member_id',
  'member',
  'enterprise_id',
  'enterprise',
  'type',
  'score',
  'needs',
  'experts',
] as const

/** Registers `plan` on the program. */
export function registerPlan(program: Command): void {
  const command = program
    .command('plan')
    .description('plan the group\u2019s week of visits from members.csv, history.csv and the needs\u2019 enterprises')
  addCommonOptions(command)
    .requiredOption('--needs <csv>', 'needs file with an enterprise_id column: the enterprises to visit')
    .option('--week <day>', 'first day of the week (ISO, e.g. 2026-11-30): later history is left out', isoDay)
    .option('--experts-per-visit <n>', 'experts brought along on each visit (default 1)', wholeNumber(0))
    .option('--expert-capacity <n>', 'most visits an expert joins this week (default 2)', wholeNumber(0))
    .addHelpText(
      'after',
      '\nExample:\n  duijie plan --catalogue data/catalogue --needs data/catalogue/needs.csv --week 2026-11-30 --format csv',
    )
    .action((options: PlanCommandOptions) => writeOutput(runPlan(options), options.out))
}

/** Runs `plan` and returns the whole output. */
export function runPlan(options: PlanCommandOptions): string {
  const needs = readNeeds(options.needs, { enterprises: true })
  checkCatalogueFolder(options.catalogue)
  const members = readMembers(join(options.catalogue, CSV_LAYOUT.members.file), 'plan')
  const historyFile = join(options.catalogue, CSV_LAYOUT.history.file)
  const allHistory = existsSync(historyFile) ? readHistory(historyFile, 'plan') : undefined
  const history = allHistory && options.week !== undefined ? before(allHistory, options.week) : allHistory
  const district = readDistrict(options.catalogue)
  const matcher = buildMatcher(district)
  const enterprises = enterprisesOf(needs.records)
  const plan = locateIssues(
    () =>
      planWeek({
        matcher,
        members: members.records,
        enterprises,
        ...(history && { history: history.records }),
        ...(options.expertsPerVisit !== undefined && { expertsPerVisit: options.expertsPerVisit }),
        ...(options.expertCapacity !== undefined && { expertCapacity: options.expertCapacity }),
      }),
    {
      member: members,
      ...(history && { 'history entry': history }),
      enterprise: enterpriseSource(needs, enterprises),
    },
  )
  if (options.format === 'json') return jsonText({ ...(options.week && { week: options.week }), ...plan })
  const memberName = new Map(members.records.map((m) => [m.id, m.name]))
  const enterpriseName = new Map(enterprises.map((e) => [e.id, e.name]))
  if (options.format === 'csv') return csvText(PLAN_CSV_COLUMNS, visitRows(plan, memberName, enterpriseName))
  const expertName = new Map(district.experts.records.map((e) => [e.id, e.name]))
  const named = (names: Map<string, string>, id: string) => `${names.get(id) ?? ''} (${id})`
  const visits = formatTable(
    ['member', 'enterprise', 'type', 'affinity', 'needs', 'experts along'],
    plan.visits.map((v) => [
      named(memberName, v.memberId),
      named(enterpriseName, v.enterpriseId),
      v.type,
      v.score.toFixed(2),
      v.needIds.join(' '),
      v.experts.map((e) => named(expertName, e)).join('、'),
    ]),
  )
  const left = history && allHistory ? allHistory.records.length - history.records.length : 0
  const lines = [
    `Week plan${options.week ? ` for the week of ${options.week}` : ''}: ${plan.visits.length} visits to ${enterprises.length} enterprises` +
      (left > 0 ? ` (${left} later visit${left === 1 ? '' : 's'} in history.csv left out)` : ''),
    '',
    visits,
    '',
    'Hand-overs',
    ...(plan.handovers.length === 0 ? ['  none'] : []),
    ...plan.handovers.map(
      (h) => `  ${named(enterpriseName, h.enterpriseId)}: ${named(memberName, h.from)} → ${named(memberName, h.to)}`,
    ),
    '',
    'Not planned',
    ...(plan.uncovered.length === 0 ? ['  none'] : []),
    ...plan.uncovered.map(
      (u) => `  ${named(enterpriseName, u.enterpriseId)}${u.needId ? ` [${u.needId}]` : ''}: ${u.reason}`,
    ),
    '',
  ]
  return lines.join('\n')
}

/** An ISO day or date-time with Z or an offset: the dates planWeek takes. */
const ISO_VISIT = /^(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/

/**
 * When a visit was, or `undefined` for a date planWeek refuses. Date.parse alone is too kind: it reads
 * 2026/11/20, 11/20/2026 and Excel's serial 45606, and rolls 2026-02-30 over into March.
 */
function visitTime(date: string): number | undefined {
  const day = ISO_VISIT.exec(date)?.[1]
  if (day === undefined) return undefined
  const midnight = Date.parse(`${day}T00:00:00Z`)
  if (Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== day) return undefined
  const time = Date.parse(date)
  return Number.isNaN(time) ? undefined : time
}

/**
 * The visits before the week starts: a visit dated in the week or after it has not happened yet when the
 * week is planned. A date that is not ISO 8601 is kept, for planWeek to report with its line, rather than
 * left out unseen.
 */
function before(history: Loaded<VisitRecord>, week: string): Loaded<VisitRecord> {
  const start = Date.parse(`${week}T00:00:00Z`)
  const keep = history.records.map((v) => !((visitTime(v.date) ?? Number.NEGATIVE_INFINITY) >= start))
  return {
    table: history.table,
    records: history.records.filter((_, i) => keep[i]),
    rows: history.rows.filter((_, i) => keep[i]),
  }
}

function visitRows(
  plan: WeekPlan,
  memberName: Map<string, string>,
  enterpriseName: Map<string, string>,
): Array<Record<string, string | number>> {
  return plan.visits.map((v) => ({
    member_id: v.memberId,
    member: memberName.get(v.memberId) ?? '',
    enterprise_id: v.enterpriseId,
    enterprise: enterpriseName.get(v.enterpriseId) ?? '',
    type: v.type,
    score: v.score,
    needs: v.needIds.join(LIST_SEPARATOR),
    experts: v.experts.join(LIST_SEPARATOR),
  }))
}
