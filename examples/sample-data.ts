// Loads the sample district catalogue shipped in data/catalogue/ (CSV, as a platform would export it),
// through the command line's reader (src/cli/catalogue.ts), which owns the layout.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  CSV_LAYOUT,
  enterprisesOf,
  readDistrict,
  readHistory,
  readMembers,
  readNeeds,
  type NeedRecord,
} from '../src/cli/catalogue.js'
import type {
  DocumentInput,
  Enterprise,
  ExpertInput,
  InvestorInput,
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

/** The sample's needs fill every column; the examples rely on it. */
function sampleNeed(n: NeedRecord): SampleNeed {
  const { id, kind, title, text, enterpriseId, enterprise, industry } = n
  if (kind === undefined || title === undefined || !enterpriseId || !enterprise || !industry)
    throw new Error(`data/catalogue/needs.csv: need ${id} leaves a column empty`)
  return { id, kind, title, text, enterpriseId, enterprise, industry }
}

export function loadSampleData(): {
  universities: UniversityInput[]
  experts: ExpertInput[]
  needs: SampleNeed[]
  investors: InvestorInput[]
  programmes: ProgrammeInput[]
  documents: DocumentInput[]
} {
  const district = readDistrict(CATALOGUE, { programmes: true, investors: true })
  return {
    universities: district.universities.records,
    experts: district.experts.records,
    needs: readNeeds(join(CATALOGUE, CSV_LAYOUT.needs.file)).records.map(sampleNeed),
    investors: district.investors?.records ?? [],
    programmes: district.programmes?.records ?? [],
    documents: district.documents?.records ?? [],
  }
}

/** The group's members (m06's term has ended) and their past visits, for the week planner. */
export function loadGroup(needs: SampleNeed[]): {
  members: Member[]
  enterprises: Enterprise[]
  history: Array<{ memberId: string; enterpriseId: string; date: string }>
} {
  return {
    members: readMembers(join(CATALOGUE, CSV_LAYOUT.members.file)).records,
    enterprises: enterprisesOf(needs),
    history: readHistory(join(CATALOGUE, CSV_LAYOUT.history.file)).records,
  }
}
