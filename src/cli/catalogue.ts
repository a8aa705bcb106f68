// The catalogue's CSV layout, the one place that knows it: the files of data/catalogue/, their columns, and
// how a row becomes a record for the Matcher and the week planner. examples/sample-data.ts reads through it.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import {
  type Degree,
  type DocumentInput,
  type DocumentKind,
  DuijieError,
  type Enterprise,
  Matcher,
  type Member,
  type ExpertInput,
  type InvestmentStage,
  type InvestorInput,
  type InvestorType,
  type NeedKind,
  type NeedObject,
  type ProgrammeInput,
  type UniversityInput,
} from '../index.js'
import { type CsvRow, type CsvTable, cellError, readCsv } from './csv.js'
import { locateIssues } from './locate.js'

/**
 * The files of a catalogue folder and their columns. `required` columns must be in the header and their
 * cells must not be blank; the others may be left out or left empty. List cells (aliases, specialties,
 * focus, stages, regions) separate their items with `；` (or `;`).
 */
export const CSV_LAYOUT = {
  universities: { file: 'universities.csv', required: ['id', 'name'], optional: ['aliases', 'region', 'description'] },
  experts: {
    file: 'experts.csv',
    required: ['id', 'name', 'university_id'],
    optional: ['title', 'specialties', 'description'],
  },
  programmes: {
    file: 'programmes.csv',
    required: ['id', 'university_id', 'name', 'degree'],
    optional: ['graduates_per_year', 'description'],
  },
  investors: {
    file: 'investors.csv',
    required: ['id', 'name', 'type', 'focus'],
    optional: ['stages', 'ticket_min', 'ticket_max', 'regions', 'description'],
  },
  documents: {
    file: 'documents.csv',
    required: ['id', 'kind', 'title', 'expert_ids'],
    optional: ['text', 'year'],
  },
  needs: {
    file: 'needs.csv',
    required: ['id', 'text'],
    optional: ['enterprise_id', 'enterprise', 'industry', 'kind', 'title', 'region'],
  },
  members: {
    file: 'members.csv',
    required: ['id', 'name', 'university_id'],
    optional: ['expert_id', 'new_visits', 'revisits', 'active'],
  },
  history: { file: 'history.csv', required: ['member_id', 'enterprise_id', 'date'], optional: [] },
} as const

/** Records read from one CSV file; `rows[i]` is the row `records[i]` came from, for error messages. */
export interface Loaded<T> {
  table: CsvTable
  records: T[]
  rows: CsvRow[]
}

/** A need as needs.csv holds it: the need, and the enterprise it belongs to when the file says. */
export interface NeedRecord extends NeedObject {
  id: string
  text: string
  enterpriseId?: string
  enterprise?: string
  industry?: string
}

/** A past visit, as history.csv holds it. */
export interface VisitRecord {
  memberId: string
  enterpriseId: string
  date: string
}

/** The catalogue a Matcher is built from; programmes and investors only when asked for and present. */
export interface District {
  universities: Loaded<UniversityInput>
  experts: Loaded<ExpertInput>
  programmes?: Loaded<ProgrammeInput>
  investors?: Loaded<InvestorInput>
  /** Papers, patents and projects of the experts, when the folder has documents.csv. */
  documents?: Loaded<DocumentInput>
}

/** Splits a list cell written with full-width semicolons: `船舶焊接；焊接机器人`. */
const list = (cell: string | undefined) =>
  cell
    ? cell
        .split(/[；;]/)
        .map((s) => s.trim())
        .filter(Boolean)
    : []
/** An empty CSV cell means "not given". */
const optional = (cell: string | undefined) => (cell?.trim() ? cell : undefined)
/**
 * An id or a code (`bachelor`, `venture-capital`), without the spaces a spreadsheet leaves around it: "just "
 * would name no university, and " n1 " and "n1" would be two needs.
 */
const code = (cell: string | undefined) => cell?.trim() ?? ''

/** A number cell: empty is "not given"; anything else must read as a finite number. */
function numberCell(table: CsvTable, row: CsvRow, column: string): number | undefined {
  const cell = row.cells[column]?.trim()
  if (!cell) return undefined
  const value = Number(cell)
  if (!Number.isFinite(value)) throw cellError(table, row.line, column, `must be a number, got "${cell}"`)
  return value
}

/** A true/false cell: empty is "not given". */
function booleanCell(table: CsvTable, row: CsvRow, column: string): boolean | undefined {
  const cell = row.cells[column]?.trim().toLowerCase()
  if (!cell) return undefined
  if (cell === 'true') return true
  if (cell === 'false') return false
  throw cellError(table, row.line, column, `must be true or false, got "${row.cells[column]!.trim()}"`)
}

function load<T>(
  path: string,
  required: readonly string[],
  context: string,
  convert: (cells: Record<string, string>, row: CsvRow, table: CsvTable) => T,
): Loaded<T> {
  const table = readCsv(path, required, context)
  return { table, records: table.rows.map((row) => convert(row.cells, row, table)), rows: table.rows }
}

/** Reads universities.csv: id, name, aliases, region, description. */
export function readUniversities(path: string, context = '--catalogue'): Loaded<UniversityInput> {
  return load(path, CSV_LAYOUT.universities.required, context, (r) => ({
    id: code(r.id),
    name: r.name!,
    aliases: list(r.aliases),
    region: optional(r.region),
    description: optional(r.description),
  }))
}

/** Reads experts.csv: id, name, university_id, title, specialties, description. */
export function readExperts(path: string, context = '--catalogue'): Loaded<ExpertInput> {
  return load(path, CSV_LAYOUT.experts.required, context, (r) => ({
    id: code(r.id),
    name: r.name!,
    universityId: code(r.university_id),
    title: optional(r.title),
    specialties: list(r.specialties),
    description: optional(r.description),
  }))
}

/** Reads programmes.csv: id, university_id, name, degree, graduates_per_year, description. */
export function readProgrammes(path: string, context = '--catalogue'): Loaded<ProgrammeInput> {
  return load(path, CSV_LAYOUT.programmes.required, context, (r, row, table) => {
    const graduates = numberCell(table, row, 'graduates_per_year')
    return {
      id: code(r.id),
      universityId: code(r.university_id),
      name: r.name!,
      // The Matcher checks the degree and names the allowed ones.
      degree: code(r.degree) as Degree,
      description: optional(r.description),
      ...(graduates !== undefined && { graduatesPerYear: graduates }),
    }
  })
}

/** Reads documents.csv: id, kind, title, text, year, expert_ids (co-authors separated by `；`). */
export function readDocuments(path: string, context = '--catalogue'): Loaded<DocumentInput> {
  return load(path, CSV_LAYOUT.documents.required, context, (r, row, table) => {
    const year = numberCell(table, row, 'year')
    return {
      id: code(r.id),
      // The Matcher checks the kind and names the allowed ones.
      kind: code(r.kind) as DocumentKind,
      title: r.title!,
      ...(optional(r.text) !== undefined && { text: r.text! }),
      ...(year !== undefined && { year }),
      expertIds: list(r.expert_ids),
    }
  })
}

/** Reads investors.csv: id, name, type, focus, stages, ticket_min, ticket_max (万元), regions, description. */
export function readInvestors(path: string, context = '--catalogue'): Loaded<InvestorInput> {
  return load(path, CSV_LAYOUT.investors.required, context, (r, row, table) => {
    const stages = list(r.stages) as InvestmentStage[]
    const regions = list(r.regions)
    const min = numberCell(table, row, 'ticket_min')
    const max = numberCell(table, row, 'ticket_max')
    // Half a ticket cannot be checked against an amount; dropping it silently would let every amount through.
    if ((min === undefined) !== (max === undefined)) {
      const [given, empty] = min === undefined ? ['ticket_max', 'ticket_min'] : ['ticket_min', 'ticket_max']
      throw cellError(
        table,
        row.line,
        empty,
        `is empty while ${given} is given; give both ends of the ticket or neither`,
      )
    }
    return {
      id: code(r.id),
      name: r.name!,
      type: code(r.type) as InvestorType,
      focus: list(r.focus),
      ...(stages.length > 0 && { stages }),
      ...(min !== undefined && max !== undefined && { ticket: { min, max } }),
      ...(regions.length > 0 && { regions }),
      description: optional(r.description),
    }
  })
}

/**
 * Reads a needs file (the columns of needs.csv: id, enterprise_id, enterprise, industry, kind, title, text,
 * and optionally region; only id and text are required, and enterprise_id too with `enterprises`). Ids must
 * be unique: results are keyed by them.
 */
export function readNeeds(path: string, options: { enterprises?: boolean; context?: string } = {}): Loaded<NeedRecord> {
  const required = options.enterprises
    ? [...CSV_LAYOUT.needs.required, 'enterprise_id']
    : [...CSV_LAYOUT.needs.required]
  const loaded = load(path, required, options.context ?? '--needs', (r) => {
    const kind = optional(r.kind)?.trim()
    const title = optional(r.title)
    const enterpriseId = optional(r.enterprise_id)?.trim()
    const enterprise = optional(r.enterprise)
    const industry = optional(r.industry)
    const region = optional(r.region)
    return {
      id: code(r.id),
      // The Matcher checks the kind and names the allowed ones.
      ...(kind !== undefined && { kind: kind as NeedKind }),
      ...(title !== undefined && { title }),
      text: r.text!,
      ...(enterpriseId !== undefined && { enterpriseId }),
      ...(enterprise !== undefined && { enterprise }),
      ...(industry !== undefined && { industry }),
      ...(region !== undefined && { region }),
    }
  })
  const seen = new Map<string, number>()
  loaded.records.forEach((need, i) => {
    const line = loaded.rows[i]!.line
    const first = seen.get(need.id)
    if (first !== undefined)
      throw cellError(loaded.table, line, 'id', `duplicate id "${need.id}" (first on line ${first})`)
    seen.set(need.id, line)
  })
  return loaded
}

/** Reads members.csv: id, name, university_id, expert_id, new_visits, revisits, active (true/false). */
export function readMembers(path: string, context = '--catalogue'): Loaded<Member> {
  return load(path, CSV_LAYOUT.members.required, context, (r, row, table) => {
    const newVisits = numberCell(table, row, 'new_visits')
    const revisits = numberCell(table, row, 'revisits')
    const active = booleanCell(table, row, 'active')
    return {
      id: code(r.id),
      name: r.name!,
      universityId: code(r.university_id),
      ...(optional(r.expert_id) && { expertId: code(r.expert_id) }),
      ...(newVisits !== undefined && { newVisits }),
      ...(revisits !== undefined && { revisits }),
      ...(active !== undefined && { active }),
    }
  })
}

/** Reads history.csv: member_id, enterprise_id, date (ISO 8601). */
export function readHistory(path: string, context = '--catalogue'): Loaded<VisitRecord> {
  return load(path, CSV_LAYOUT.history.required, context, (r) => ({
    memberId: code(r.member_id),
    enterpriseId: code(r.enterprise_id),
    date: r.date!.trim(),
  }))
}

/** The enterprises of some needs, in the order they first appear, each with its needs. */
export function enterprisesOf(needs: readonly NeedRecord[]): Enterprise[] {
  const enterprises = new Map<string, Enterprise>()
  for (const n of needs) {
    const id = n.enterpriseId ?? n.id
    const e = enterprises.get(id) ?? { id, name: n.enterprise ?? id, needs: [] }
    e.needs.push({
      id: n.id,
      ...(n.kind !== undefined && { kind: n.kind }),
      ...(n.title !== undefined && { title: n.title }),
      text: n.text,
      ...(n.region !== undefined && { region: n.region }),
    })
    enterprises.set(id, e)
  }
  return [...enterprises.values()]
}

/**
 * Checks that `dir`, the `--catalogue` folder, is a folder: a mistyped name is worth saying as such, not as
 * universities.csv missing from it. An IO error otherwise.
 */
export function checkCatalogueFolder(dir: string): void {
  let folder: boolean
  try {
    folder = statSync(dir).isDirectory()
  } catch (error) {
    throw new DuijieError('IO', `duijie: --catalogue: ${dir}: no such folder`, { cause: error })
  }
  if (!folder) throw new DuijieError('IO', `duijie: --catalogue: ${dir}: is a file, not a folder of CSV files`)
}

/**
 * Reads a catalogue folder: universities.csv and experts.csv, and programmes.csv and investors.csv when
 * asked for and present (a catalogue without them simply has none).
 */
export function readDistrict(dir: string, parts: { programmes?: boolean; investors?: boolean } = {}): District {
  checkCatalogueFolder(dir)
  const district: District = {
    universities: readUniversities(join(dir, CSV_LAYOUT.universities.file)),
    experts: readExperts(join(dir, CSV_LAYOUT.experts.file)),
  }
  const programmes = join(dir, CSV_LAYOUT.programmes.file)
  if (parts.programmes && existsSync(programmes)) district.programmes = readProgrammes(programmes)
  const investors = join(dir, CSV_LAYOUT.investors.file)
  if (parts.investors && existsSync(investors)) district.investors = readInvestors(investors)
  // Documents are part of their experts' profiles: read whenever the folder has them.
  const documents = join(dir, CSV_LAYOUT.documents.file)
  if (existsSync(documents)) district.documents = readDocuments(documents)
  return district
}

/** A Matcher holding the district; a record the Matcher refuses is reported at its file, line and column. */
export function buildMatcher(district: District): Matcher {
  const matcher = new Matcher()
  locateIssues(() => matcher.addUniversities(district.universities.records), { university: district.universities })
  locateIssues(() => matcher.addExperts(district.experts.records), { expert: district.experts })
  const { programmes, investors } = district
  if (programmes) locateIssues(() => matcher.addProgrammes(programmes.records), { programme: programmes })
  if (investors) locateIssues(() => matcher.addInvestors(investors.records), { investor: investors })
  const { documents } = district
  if (documents) locateIssues(() => matcher.addDocuments(documents.records), { document: documents })
  return matcher
}
