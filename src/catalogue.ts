import type { z } from 'zod'
import { type InputIssue, describeRecord, throwIfIssues } from './errors.js'
import {
  type DocumentInput,
  type ExpertInput,
  type InvestorInput,
  type ProgrammeInput,
  type UniversityInput,
  checkBatch,
  type recordSchemas,
} from './schema.js'
import { type NameMatch, UniversityNames } from './names.js'
import type { SectionReader, SectionWriter } from './snapshot/sections.js'

type RecordSchemas = ReturnType<typeof recordSchemas>

/**
 * Records of one kind in the order added, each named by its position (its `doc`) and found by id. It
 * checks a whole batch (fields, ids already held or repeated in the batch, references to universities)
 * before anything is added.
 *
 * @example
 * ```ts
 * const table = new RecordTable(recordSchemas(100_000).university, 'university')
 * table.add(table.check([{ id: 'u', name: '江苏科技大学' }], 'addUniversities'))
 * table.doc('u') // 0
 * ```
 */
export class RecordTable<T extends { id: string }> {
  readonly records: T[] = []
  private readonly docOf = new Map<string, number>()

  constructor(
    private readonly schema: z.ZodType<T>,
    /** What one record is called in messages: `expert at index 3 (id "x")`. */
    readonly noun: string,
    /** Another table this one's records name by `universityId`, and who guesses what an unknown one meant. */
    private readonly universities?: {
      table: { doc(id: string): number | undefined }
      suggest: (text: string) => NameMatch | undefined
    },
    /** Told of every record added (the name index of universities). */
    private readonly onAdd?: (added: readonly T[]) => void,
    /** Other references a record makes (a document's authors): the issues with them. */
    private readonly references?: (record: T) => Array<Omit<InputIssue, 'index' | 'id'>>,
  ) {}

  /** The doc of a record, or `undefined`. */
  doc(id: string): number | undefined {
    return this.docOf.get(id)
  }

  get size(): number {
    return this.records.length
  }

  /** Validates a batch; throws one error listing every issue, or returns the parsed records. */
  check(records: unknown, context: string): T[] {
    const { valid, issues } = this.issues(records, context)
    throwIfIssues(context, this.noun, issues)
    return valid
  }

  /** Adds records that {@link RecordTable.check} accepted. */
  add(valid: readonly T[]): void {
    for (const record of valid) {
      this.docOf.set(record.id, this.records.length)
      this.records.push(record)
    }
    this.onAdd?.(valid)
  }

  /** The docs of records named by id, each once; an unknown id is an input error naming `<field>.<i>`. */
  docs(ids: readonly string[], context: string, field: string): number[] {
    const issues: InputIssue[] = []
    const docs = new Set<number>()
    ids.forEach((id, i) => {
      const doc = this.docOf.get(id)
      if (doc === undefined) issues.push({ field: `${field}.${i}`, message: `unknown ${this.noun} "${id}"` })
      else docs.add(doc)
    })
    throwIfIssues(context, 'options', issues)
    return [...docs]
  }

  /** Writes the records as one section. */
  save(out: SectionWriter, name: string): void {
    out.records(name, this.records)
  }

  /** Adds saved records, checked as strictly as an add; damage is refused naming the section and record. */
  load(reader: SectionReader, name: string): void {
    const { valid, issues } = this.issues(reader.records(name), reader.context)
    const first = issues.sort((a, b) => (a.index ?? -1) - (b.index ?? -1))[0]
    if (first)
      throw reader.corrupt(name, `${describeRecord(first, this.noun)}: field "${first.field}": ${first.message}`)
    this.add(valid)
  }

  private issues(records: unknown, context: string): { valid: T[]; issues: InputIssue[] } {
    const { parsed, issues } = checkBatch(this.schema, records, context, this.noun)
    const firstSeen = new Map<string, number>()
    parsed.forEach((record, index) => {
      if (!record) return
      const { id } = record
      if (this.docOf.has(id)) issues.push({ index, id, field: 'id', message: 'duplicates an id already added' })
      else if (firstSeen.has(id))
        issues.push({
          index,
          id,
          field: 'id',
          message: `duplicates the record at index ${firstSeen.get(id)} of this batch`,
        })
      else firstSeen.set(id, index)
      const universityId = (record as { universityId?: string }).universityId
      if (this.universities && universityId !== undefined && this.universities.table.doc(universityId) === undefined) {
        const meant = this.universities.suggest(universityId)
        const guess = meant ? `did you mean ${JSON.stringify(meant.id)} (${meant.name})? Otherwise ` : ''
        const message = `unknown university ${JSON.stringify(universityId)}; ${guess}add it with addUniversities first`
        issues.push({ index, id, field: 'universityId', message })
      }
      for (const issue of this.references?.(record) ?? []) issues.push({ index, id, ...issue })
    })
    return { valid: parsed as T[], issues }
  }
}

/**
 * The records a matcher holds: universities, their experts and degree programmes, and investors. Each
 * kind is a {@link RecordTable}; experts and programmes refer to a university, and the university doc of
 * each is kept for the stages after.
 *
 * @example
 * ```ts
 * const catalogue = new Catalogue(recordSchemas(100_000))
 * catalogue.universities.add(catalogue.universities.check([{ id: 'u', name: '江苏科技大学' }], 'addUniversities'))
 * catalogue.universities.doc('u') // 0
 * ```
 */
export class Catalogue {
  readonly universities: RecordTable<UniversityInput>
  readonly experts: RecordTable<ExpertInput>
  readonly programmes: RecordTable<ProgrammeInput>
  readonly investors: RecordTable<InvestorInput>
  /** Papers, patents and projects of experts. */
  readonly documents: RecordTable<DocumentInput>
  /** Universities by name and alias, as people write them (江科大, 上海交大, a typo). */
  readonly names = new UniversityNames()
  /** The document docs of each expert doc, in the order added. */
  private readonly documentsByExpert: number[][] = []

  constructor(schemas: RecordSchemas) {
    this.universities = new RecordTable(schemas.university, 'university', undefined, (added) => this.names.add(added))
    const universities = { table: this.universities, suggest: (text: string) => this.names.suggest(text) }
    this.experts = new RecordTable(schemas.expert, 'expert', universities)
    this.programmes = new RecordTable(schemas.programme, 'programme', universities)
    this.investors = new RecordTable(schemas.investor, 'investor')
    this.documents = new RecordTable(
      schemas.document,
      'document',
      undefined,
      (added) => this.indexAuthors(added),
      (d) =>
        d.expertIds.flatMap((id, i) =>
          this.experts.doc(id) === undefined
            ? [
                {
                  field: `expertIds.${i}`,
                  message: `unknown expert ${JSON.stringify(id)}; add it with addExperts first`,
                },
              ]
            : [],
        ),
    )
  }

  /** The document docs of expert doc `expert`, in the order added. */
  documentsOf(expert: number): readonly number[] {
    return this.documentsByExpert[expert] ?? []
  }

  /** The expert docs of documents' authors, each once, ascending. */
  authorsOf(documents: readonly DocumentInput[]): number[] {
    const authors = new Set<number>()
    for (const d of documents) for (const id of d.expertIds) authors.add(this.experts.doc(id)!)
    return [...authors].sort((a, b) => a - b)
  }

  private indexAuthors(added: readonly DocumentInput[]): void {
    let doc = this.documents.size - added.length
    for (const d of added) {
      for (const id of d.expertIds) (this.documentsByExpert[this.experts.doc(id)!] ??= []).push(doc)
      doc++
    }
  }

  /** The university doc of each expert doc. */
  expertUniversity(): Uint32Array {
    return Uint32Array.from(this.experts.records, (e) => this.universities.doc(e.universityId)!)
  }

  /** The university doc of each programme doc. */
  programmeUniversity(): Uint32Array {
    return Uint32Array.from(this.programmes.records, (p) => this.universities.doc(p.universityId)!)
  }

  /** Writes every table as its own section. */
  save(out: SectionWriter): void {
    for (const [name, table] of this.tables()) table.save(out, name)
  }

  /** A catalogue from saved records, checked as strictly as an add: every field, id and reference. */
  static load(reader: SectionReader, schemas: RecordSchemas): Catalogue {
    const catalogue = new Catalogue(schemas)
    // Universities first: the others refer to them.
    for (const [name, table] of catalogue.tables()) table.load(reader, name)
    return catalogue
  }

  private tables(): Array<[string, Pick<RecordTable<{ id: string }>, 'save' | 'load'>]> {
    return [
      ['universities', this.universities],
      ['experts', this.experts],
      ['programmes', this.programmes],
      ['investors', this.investors],
      // After experts: documents refer to them.
      ['documents', this.documents],
    ]
  }
}
