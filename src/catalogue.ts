import { DuijieError, type InputIssue, describeRecord, throwIfIssues } from './errors.js'
import { z } from 'zod'
import {
  type BatchCheck,
  type DocumentInput,
  type ExpertInput,
  type InvestorInput,
  type ProgrammeInput,
  type UniversityInput,
  checkBatch,
  type recordSchemas,
  validateBatch,
} from './schema.js'
import { type NameMatch, UniversityNames } from './names.js'
import type { SectionReader, SectionWriter } from './snapshot/sections.js'

type RecordSchemas = ReturnType<typeof recordSchemas>
/** The tables of a catalogue, by the name of their snapshot section. */
export type TableName = 'universities' | 'experts' | 'programmes' | 'investors' | 'documents'

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
  /** Docs removed since the last {@link RecordTable.compact}: their slots stay until then, so docs keep their meaning. */
  private readonly removed = new Set<number>()

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

  /** Number of slots: records held plus those removed since the last compaction. */
  get size(): number {
    return this.records.length
  }

  /** True when the record at `doc` was removed and its slot not yet compacted away. */
  isRemoved(doc: number): boolean {
    return this.removed.has(doc)
  }

  /** Number of records held (slots less removed ones). */
  get count(): number {
    return this.records.length - this.removed.size
  }

  /** True when records were removed since the last compaction. */
  get hasRemovals(): boolean {
    return this.removed.size > 0
  }

  /**
   * Validates a batch of updates: each record passes the same checks as an add, names a record held, and
   * appears once. Returns the parsed records with their docs.
   */
  checkUpdates(records: unknown, context: string): Array<{ doc: number; record: T }> {
    const { parsed, issues } = this.parse(records, context)
    const seen = new Map<string, number>()
    parsed.forEach((record, index) => {
      if (!record) return
      const { id } = record
      if (!this.docOf.has(id)) issues.push({ index, id, field: 'id', message: `no ${this.noun} with this id is held` })
      else if (seen.has(id)) {
        issues.push({
          index,
          id,
          field: 'id',
          message: `updates the record at index ${seen.get(id)} of this batch again`,
        })
      } else seen.set(id, index)
    })
    throwIfIssues(context, this.noun, issues)
    return (parsed as T[]).map((record) => ({ doc: this.docOf.get(record.id)!, record }))
  }

  /** Replaces records that {@link RecordTable.checkUpdates} accepted. */
  update(updates: ReadonlyArray<{ doc: number; record: T }>): void {
    for (const { doc, record } of updates) this.records[doc] = record
  }

  /** The docs of held records named by id, each at most once; an unknown or repeated id is an input error naming `<i>`. */
  checkRemovals(ids: unknown, context: string): number[] {
    const list = validateBatch(z.string({ error: 'must be an id string' }), ids, context, `${this.noun} id`)
    const issues: InputIssue[] = []
    const docs = new Set<number>()
    list.forEach((id, index) => {
      const doc = this.docOf.get(id)
      if (doc === undefined) issues.push({ index, id, field: '(id)', message: `no ${this.noun} with this id is held` })
      else if (docs.has(doc)) issues.push({ index, id, field: '(id)', message: 'is named twice in this batch' })
      else docs.add(doc)
    })
    throwIfIssues(context, `${this.noun} id`, issues)
    return [...docs].sort((a, b) => a - b)
  }

  /** Removes records by doc; their slots stay until {@link RecordTable.compact}, so no other doc moves yet. */
  remove(docs: readonly number[]): void {
    for (const doc of docs) {
      this.docOf.delete(this.records[doc]!.id)
      this.removed.add(doc)
    }
  }

  /** Drops removed slots; returns each old doc's new doc, or -1 for a removed one. */
  compact(): Int32Array {
    const remap = new Int32Array(this.records.length)
    let next = 0
    for (let doc = 0; doc < this.records.length; doc++) {
      if (this.removed.has(doc)) remap[doc] = -1
      else {
        remap[doc] = next
        this.records[next] = this.records[doc]!
        this.docOf.set(this.records[next]!.id, next)
        next++
      }
    }
    this.records.length = next
    this.removed.clear()
    return remap
  }

  /** The records held, without removed slots, each with its doc. */
  *held(): Generator<[number, T]> {
    for (let doc = 0; doc < this.records.length; doc++) if (!this.removed.has(doc)) yield [doc, this.records[doc]!]
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

  /** The doc of an id passed as an argument (`card(universityId)`): an error names the argument, not an option. */
  docOfArgument(id: string, context: string, argument: string): number {
    const doc = this.docOf.get(id)
    if (doc !== undefined) return doc
    const message = `unknown ${this.noun} ${JSON.stringify(id)}`
    throw new DuijieError('INPUT', `duijie: ${context}: ${argument}: ${message}`, {
      issues: [{ field: argument, message }],
    })
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
    const { parsed, issues } = this.parse(records, context)
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
    })
    return { valid: parsed as T[], issues }
  }

  /** The schema's verdict on each record, plus the references it makes (its university, a document's authors). */
  private parse(records: unknown, context: string): BatchCheck<T> {
    const { parsed, issues } = checkBatch(this.schema, records, context, this.noun)
    parsed.forEach((record, index) => {
      if (!record) return
      const { id } = record
      const universityId = (record as { universityId?: string }).universityId
      if (this.universities && universityId !== undefined && this.universities.table.doc(universityId) === undefined) {
        const meant = this.universities.suggest(universityId)
        const guess = meant ? `did you mean ${JSON.stringify(meant.id)} (${meant.name})? Otherwise ` : ''
        const message = `unknown university ${JSON.stringify(universityId)}; ${guess}add it with addUniversities first`
        issues.push({ index, id, field: 'universityId', message })
      }
      for (const issue of this.references?.(record) ?? []) issues.push({ index, id, ...issue })
    })
    return { parsed, issues }
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
  names = new UniversityNames()
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

  /** The document docs of expert doc `expert` (held ones), in the order added. */
  documentsOf(expert: number): number[] {
    return (this.documentsByExpert[expert] ?? []).filter((d) => !this.documents.isRemoved(d))
  }

  /** Rebuilds each expert's documents after documents were updated (their authors may have changed). */
  reindexAuthors(): void {
    this.documentsByExpert.length = 0
    this.documents.records.forEach((d, doc) => {
      for (const id of d.expertIds) {
        const expert = this.experts.doc(id)
        if (expert !== undefined) (this.documentsByExpert[expert] ??= []).push(doc)
      }
    })
  }

  /** Universities' names as they are now, after an update or removal changed them. */
  renameUniversities(): void {
    this.names = new UniversityNames([...this.universities.held()].map(([, u]) => u))
  }

  /**
   * What still refers to records about to be removed: the ids of the experts and programmes of each university,
   * and of the documents of each expert. Removing a record that is still referred to is refused.
   */
  referencesTo(kind: 'universities' | 'experts', docs: readonly number[]): Map<number, string[]> {
    const wanted = new Set(docs)
    const holders = new Map<number, string[]>()
    const note = (doc: number | undefined, id: string) => {
      if (doc !== undefined && wanted.has(doc)) holders.set(doc, [...(holders.get(doc) ?? []), id])
    }
    if (kind === 'universities') {
      for (const [, e] of this.experts.held()) note(this.universities.doc(e.universityId), e.id)
      for (const [, p] of this.programmes.held()) note(this.universities.doc(p.universityId), p.id)
    } else {
      for (const [, d] of this.documents.held()) for (const id of d.expertIds) note(this.experts.doc(id), d.id)
    }
    return holders
  }

  /** A table by name, for code that treats every kind of record alike. */
  table(name: TableName): RecordTable<{ id: string }> {
    return this[name] as unknown as RecordTable<{ id: string }>
  }

  /** True when some table holds removed slots: the index must be compacted with it. */
  get hasRemovals(): boolean {
    return this.tables().some(([, table]) => (table as RecordTable<{ id: string }>).hasRemovals)
  }

  /** Drops removed slots from every table; returns each table's old doc → new doc (-1: removed). */
  compact(): Record<TableName, Int32Array> {
    const remaps = Object.fromEntries(
      this.tables().map(([name, table]) => [name, (table as RecordTable<{ id: string }>).compact()]),
    ) as Record<TableName, Int32Array>
    this.reindexAuthors()
    return remaps
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

  private tables(): Array<[TableName, Pick<RecordTable<{ id: string }>, 'save' | 'load'>]> {
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
