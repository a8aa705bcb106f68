import { type InputIssue, describeRecord, throwIfIssues } from './errors.js'
import { type ExpertInput, type UniversityInput, checkBatch, type recordSchemas } from './schema.js'
import type { SectionReader, SectionWriter } from './snapshot/sections.js'

type RecordSchemas = ReturnType<typeof recordSchemas>

/**
 * The records a matcher holds: universities and experts, in the order added, with their ids and the
 * reference from each expert to its university. A record's position is its `doc`, the integer every later
 * stage names it by. It checks whole batches (fields, duplicate ids, unknown references) before anything
 * is added, so a failed batch changes nothing.
 *
 * @example
 * ```ts
 * const catalogue = new Catalogue(recordSchemas(100_000))
 * catalogue.addUniversities(catalogue.checkUniversities([{ id: 'u', name: '江苏科技大学' }], 'addUniversities'))
 * catalogue.universityDoc('u') // 0
 * ```
 */
export class Catalogue {
  readonly universities: UniversityInput[] = []
  readonly experts: ExpertInput[] = []
  /** The university doc of each expert doc. */
  readonly expertUniversity: number[] = []
  private readonly universityDocOf = new Map<string, number>()
  private readonly expertDocOf = new Map<string, number>()

  constructor(private readonly schemas: RecordSchemas) {}

  /** The doc of a university, or `undefined`. */
  universityDoc(id: string): number | undefined {
    return this.universityDocOf.get(id)
  }

  /** The doc of an expert, or `undefined`. */
  expertDoc(id: string): number | undefined {
    return this.expertDocOf.get(id)
  }

  /** The docs of experts named by id, each once; an unknown id is an input error naming `<field>.<i>`. */
  expertDocs(ids: readonly string[], context: string, field = 'include'): number[] {
    const issues: InputIssue[] = []
    const docs = new Set<number>()
    ids.forEach((id, i) => {
      const doc = this.expertDocOf.get(id)
      if (doc === undefined) issues.push({ field: `${field}.${i}`, message: `unknown expert "${id}"` })
      else docs.add(doc)
    })
    throwIfIssues(context, 'options', issues)
    return [...docs]
  }

  /** Validates a batch of universities against the schema and the ids held; throws listing every issue. */
  checkUniversities(records: unknown, context: string): UniversityInput[] {
    const { valid, issues } = this.universityIssues(records, context)
    throwIfIssues(context, 'university', issues)
    return valid
  }

  /** Validates a batch of experts: schema, ids held and in the batch, and known universities. */
  checkExperts(records: unknown, context: string): ExpertInput[] {
    const { valid, issues } = this.expertIssues(records, context)
    throwIfIssues(context, 'expert', issues)
    return valid
  }

  /** Adds universities that {@link Catalogue.checkUniversities} accepted. */
  addUniversities(valid: readonly UniversityInput[]): void {
    for (const u of valid) {
      this.universityDocOf.set(u.id, this.universities.length)
      this.universities.push(u)
    }
  }

  /** Adds experts that {@link Catalogue.checkExperts} accepted. */
  addExperts(valid: readonly ExpertInput[]): void {
    for (const e of valid) {
      this.expertDocOf.set(e.id, this.experts.length)
      this.experts.push(e)
      this.expertUniversity.push(this.universityDocOf.get(e.universityId)!)
    }
  }

  /** Writes the records as two sections. */
  save(out: SectionWriter): void {
    out.records('universities', this.universities)
    out.records('experts', this.experts)
  }

  /** A catalogue from saved records, checked as strictly as an add: every field, id and reference. */
  static load(reader: SectionReader, schemas: RecordSchemas): Catalogue {
    const catalogue = new Catalogue(schemas)
    const sections = [
      ['universities', 'university', (r: unknown) => catalogue.universityIssues(r, reader.context)],
      ['experts', 'expert', (r: unknown) => catalogue.expertIssues(r, reader.context)],
    ] as const
    for (const [section, noun, check] of sections) {
      const { valid, issues } = check(reader.records(section))
      const first = issues.sort((a, b) => (a.index ?? -1) - (b.index ?? -1))[0]
      if (first)
        throw reader.corrupt(section, `${describeRecord(first, noun)}: field "${first.field}": ${first.message}`)
      if (section === 'universities') catalogue.addUniversities(valid as UniversityInput[])
      else catalogue.addExperts(valid as ExpertInput[])
    }
    return catalogue
  }

  private universityIssues(records: unknown, context: string) {
    const { parsed, issues } = checkBatch(this.schemas.university, records, context, 'university')
    for (const issue of duplicateIssues(parsed, this.universityDocOf)) issues.push(issue)
    return { valid: parsed as UniversityInput[], issues }
  }

  private expertIssues(records: unknown, context: string) {
    const { parsed, issues } = checkBatch(this.schemas.expert, records, context, 'expert')
    for (const issue of duplicateIssues(parsed, this.expertDocOf)) issues.push(issue)
    parsed.forEach((e, index) => {
      if (e && !this.universityDocOf.has(e.universityId)) {
        const message = `unknown university ${JSON.stringify(e.universityId)}; add it with addUniversities first`
        issues.push({ index, id: e.id, field: 'universityId', message })
      }
    })
    return { valid: parsed as ExpertInput[], issues }
  }
}

function duplicateIssues(
  records: ReadonlyArray<{ id: string } | undefined>,
  existing: ReadonlyMap<string, number>,
): InputIssue[] {
  const issues: InputIssue[] = []
  const firstSeen = new Map<string, number>()
  records.forEach((record, index) => {
    if (!record) return
    const { id } = record
    if (existing.has(id)) issues.push({ index, id, field: 'id', message: 'duplicates an id already added' })
    else if (firstSeen.has(id))
      issues.push({
        index,
        id,
        field: 'id',
        message: `duplicates the record at index ${firstSeen.get(id)} of this batch`,
      })
    else firstSeen.set(id, index)
  })
  return issues
}
