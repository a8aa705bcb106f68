// Loads the sample district catalogue shipped in data/catalogue/ (CSV, as a platform would export it).
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import type {
  Degree,
  Enterprise,
  ExpertInput,
  InvestmentStage,
  InvestorInput,
  InvestorType,
  Member,
  NeedKind,
  NeedObject,
  ProgrammeInput,
  UniversityInput,
} from '../src/index.js'

/** A need as the sample data holds it: the need plus the enterprise it belongs to. */
export interface SampleNeed extends NeedObject {
  id: string
  kind: NeedKind
  title: string
  enterpriseId: string
  enterprise: string
  industry: string
}

const CATALOGUE = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'catalogue')

function readCsv(file: string): Array<Record<string, string>> {
  return parse(readFileSync(join(CATALOGUE, file), 'utf8'), { columns: true, skip_empty_lines: true, bom: true })
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

export function loadSampleData(): {
  universities: UniversityInput[]
  experts: ExpertInput[]
  needs: SampleNeed[]
  investors: InvestorInput[]
  programmes: ProgrammeInput[]
} {
  const universities = readCsv('universities.csv').map((r) => ({
    id: r.id!,
    name: r.name!,
    aliases: list(r.aliases),
    region: optional(r.region),
    description: optional(r.description),
  }))
  const experts = readCsv('experts.csv').map((r) => ({
    id: r.id!,
    name: r.name!,
    universityId: r.university_id!,
    title: optional(r.title),
    specialties: list(r.specialties),
    description: optional(r.description),
  }))
  const needs = readCsv('needs.csv').map((r) => ({
    id: r.id!,
    kind: r.kind as NeedKind,
    title: r.title!,
    text: r.text!,
    enterpriseId: r.enterprise_id!,
    enterprise: r.enterprise!,
    industry: r.industry!,
  }))
  const investors = readCsv('investors.csv').map((r) => {
    const stages = list(r.stages) as InvestmentStage[]
    const regions = list(r.regions)
    return {
      id: r.id!,
      name: r.name!,
      type: r.type as InvestorType,
      focus: list(r.focus),
      ...(stages.length > 0 && { stages }),
      // A ticket only when both ends are given, in 万元.
      ...(optional(r.ticket_min) &&
        optional(r.ticket_max) && { ticket: { min: Number(r.ticket_min), max: Number(r.ticket_max) } }),
      ...(regions.length > 0 && { regions }),
      description: optional(r.description),
    }
  })
  const programmes = readCsv('programmes.csv').map((r) => ({
    id: r.id!,
    universityId: r.university_id!,
    name: r.name!,
    degree: r.degree as Degree,
    description: optional(r.description),
    ...(optional(r.graduates_per_year) && { graduatesPerYear: Number(r.graduates_per_year) }),
  }))
  return { universities, experts, needs, investors, programmes }
}

/** The group's members (m06's term has ended) and their past visits, for the week planner. */
export function loadGroup(needs: SampleNeed[]): {
  members: Member[]
  enterprises: Enterprise[]
  history: Array<{ memberId: string; enterpriseId: string; date: string }>
} {
  const members = readCsv('members.csv').map((r) => ({
    id: r.id!,
    name: r.name!,
    universityId: r.university_id!,
    ...(optional(r.expert_id) && { expertId: r.expert_id! }),
    newVisits: Number(r.new_visits),
    revisits: Number(r.revisits),
    active: r.active === 'true',
  }))
  const enterprises = new Map<string, Enterprise>()
  for (const n of needs) {
    const e = enterprises.get(n.enterpriseId) ?? { id: n.enterpriseId, name: n.enterprise, needs: [] }
    e.needs.push({ id: n.id, kind: n.kind, title: n.title, text: n.text })
    enterprises.set(n.enterpriseId, e)
  }
  const history = readCsv('history.csv').map((r) => ({
    memberId: r.member_id!,
    enterpriseId: r.enterprise_id!,
    date: r.date!,
  }))
  return { members, enterprises: [...enterprises.values()], history }
}
