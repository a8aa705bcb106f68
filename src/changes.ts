import type { Catalogue, TableName } from './catalogue.js'
import { throwIfIssues } from './errors.js'
import type { ProfileBuilder } from './profile/builder.js'
import type { TermCounts } from './profile/store.js'
import type { DocumentInput } from './schema.js'
import type { MatchIndex } from './search/match-index.js'

/** What a change to the catalogue touches: the records, the profile builder and the index. */
export interface ChangeContext {
  catalogue: Catalogue
  profiles: ProfileBuilder
  index: MatchIndex
}

/** The collection of the index that holds each table's own profiles. */
const KIND_OF = {
  universities: 'descriptions',
  experts: 'experts',
  programmes: 'programmes',
  investors: 'investors',
  documents: 'documents',
} as const satisfies Record<TableName, string>

/** What names a record of each table, and so blocks its removal. */
const HELD_BY = { universities: 'its experts and programmes', experts: 'documents naming it as an author' } as const

/**
 * Adds documents: checked like every add, then the documents' own profiles and their authors' new
 * profiles are all counted before anything changes, so a failure leaves the matcher as it was.
 */
export function addDocuments({ catalogue, profiles, index }: ChangeContext, records: unknown): void {
  const table = catalogue.documents
  const valid = table.check(records, 'addDocuments')
  const authors = catalogue.authorsOf(valid)
  const byAuthor = new Map(authors.map((a) => [a, catalogue.documentsOf(a).map((d) => table.records[d]!)]))
  for (const d of valid) for (const id of d.expertIds) byAuthor.get(catalogue.experts.doc(id)!)!.push(d)
  // Batch calls, so that a large batch is analysed on the worker threads.
  const { own, experts } = profiles.atomically(() => ({
    own: profiles.documents(valid),
    experts: profiles.expertsWithDocuments(authors.map((a) => [catalogue.experts.records[a]!, byAuthor.get(a)!])),
  }))
  table.add(valid)
  for (const counts of own) index.add('documents', counts)
  authors.forEach((a, i) => index.replace('experts', a, experts[i]!))
}

/**
 * Replaces records in place (same ids), re-profiling them; for documents, their old and new authors are
 * re-profiled too. Checked like an add and counted before anything changes: all or nothing.
 */
export function updateRecords(context: ChangeContext, name: TableName, records: unknown, caller: string): void {
  const { catalogue, profiles, index } = context
  const table = catalogue.table(name)
  const updates = table.checkUpdates(records, caller)
  const before = updates.map(({ doc }) => ({ doc, record: table.records[doc]! }))
  const oldAuthors = name === 'documents' ? catalogue.authorsOf(before.map((u) => u.record as DocumentInput)) : []
  table.update(updates)
  if (name === 'documents') catalogue.reindexAuthors()
  let counts: TermCounts[]
  let authors: number[] = []
  let authorCounts: TermCounts[] = []
  try {
    counts = profiles.atomically(() => {
      const own = updates.map(({ doc, record }) => ownProfile(context, name, doc, record))
      if (name === 'documents') {
        const newAuthors = catalogue.authorsOf(updates.map((u) => u.record as DocumentInput))
        authors = [...new Set([...oldAuthors, ...newAuthors])].sort((a, b) => a - b)
        authorCounts = authors.map((a) => expertProfile(context, a))
      }
      return own
    })
  } catch (error) {
    table.update(before)
    if (name === 'documents') catalogue.reindexAuthors()
    throw error
  }
  if (name === 'universities') catalogue.renameUniversities()
  updates.forEach(({ doc }, i) => index.replace(KIND_OF[name], doc, counts[i]!))
  authors.forEach((a, i) => index.replace('experts', a, authorCounts[i]!))
}

/**
 * Removes records by id. A university that experts or programmes still name, or an expert that documents
 * name as an author, is refused with the ids that hold it. Removing documents re-profiles their authors.
 * The slots are dropped from the index at the next build.
 */
export function removeRecords(context: ChangeContext, name: TableName, ids: unknown, caller: string): void {
  const { catalogue, profiles, index } = context
  const table = catalogue.table(name)
  const docs = table.checkRemovals(ids, caller)
  if (name === 'universities' || name === 'experts') {
    const holders = catalogue.referencesTo(name, docs)
    throwIfIssues(
      caller,
      `${table.noun} id`,
      docs.flatMap((doc) => {
        const held = holders.get(doc)
        if (!held) return []
        // The record's place in the batch as given (checkRemovals has made every id a string).
        const index = (ids as string[]).indexOf(table.records[doc]!.id)
        const shown = held.slice(0, 8).join(', ') + (held.length > 8 ? ` and ${held.length - 8} more` : '')
        return [
          {
            index,
            id: table.records[doc]!.id,
            field: '(id)',
            message: `is still named by ${HELD_BY[name]}: ${shown}; remove or update them first`,
          },
        ]
      }),
    )
  }
  let authors: number[] = []
  let authorCounts: TermCounts[] = []
  if (name === 'documents') {
    const removed = new Set(docs)
    authors = catalogue.authorsOf(docs.map((d) => catalogue.documents.records[d]!))
    authorCounts = profiles.atomically(() => authors.map((a) => expertProfile(context, a, (d) => !removed.has(d))))
  }
  table.remove(docs)
  if (name === 'universities') catalogue.renameUniversities()
  authors.forEach((a, i) => index.replace('experts', a, authorCounts[i]!))
  index.changed()
}

/** A record's own profile, as its add counted it. */
function ownProfile(context: ChangeContext, name: TableName, doc: number, record: { id: string }): TermCounts {
  const { profiles } = context
  switch (name) {
    case 'universities':
      return profiles.university(record as Parameters<ProfileBuilder['university']>[0])
    case 'experts':
      return expertProfile(context, doc)
    case 'programmes':
      return profiles.programme(record as Parameters<ProfileBuilder['programme']>[0])
    case 'investors':
      return profiles.investor(record as Parameters<ProfileBuilder['investor']>[0])
    case 'documents':
      return profiles.document(record as DocumentInput)
  }
}

/** An expert's profile with its held documents (those `keep` accepts). */
function expertProfile({ catalogue, profiles }: ChangeContext, expert: number, keep = (_: number) => true) {
  const documents = catalogue.documentsOf(expert).filter(keep)
  return profiles.expert(
    catalogue.experts.records[expert]!,
    documents.map((d) => catalogue.documents.records[d]!),
  )
}
