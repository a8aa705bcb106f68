// Errors the library raises about records, pointed back at the CSV cells the records came from.
import { DuijieError, describeRecord, type InputIssue } from '../errors.js'
import type { Enterprise } from '../index.js'
import type { Loaded, NeedRecord } from './catalogue.js'
import { type CsvTable, cellLocation } from './csv.js'

/** The CSV column a record field comes from: `universityId` → `university_id`, `ticket.min` → `ticket_min`. */
function fieldColumn(field: string): string {
  const [head = '', sub] = field.split('.')
  if (head === 'ticket' && (sub === 'min' || sub === 'max')) return `ticket_${sub}`
  return head.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

/** Where a batch's issues point: a record's file, and for an issue its line and column there. */
export interface IssueSource {
  table: CsvTable
  locate(issue: InputIssue): { line: number; column?: string } | undefined
  /** The issue's message in the file's terms; without it, the message as the library wrote it. */
  describe?(issue: InputIssue): string
}

/** Issues of a batch read row by row from one file: the record at index i is `rows[i]`. */
function rowSource(loaded: Loaded<unknown>): IssueSource {
  return {
    table: loaded.table,
    locate: (issue) => {
      const row = issue.index === undefined ? undefined : loaded.rows[issue.index]
      return row && { line: row.line, column: fieldColumn(issue.field) }
    },
    describe: (issue) => {
      // A duplicate id names the record it repeats by its index in the batch, or not at all; the reader
      // of a CSV file needs the line of the first one, to pick which of the two rows to fix.
      if (issue.field !== 'id' || issue.index === undefined || !issue.message.startsWith('duplicates ')) {
        return issue.message
      }
      const first = loaded.records.findIndex((r, i) => i < issue.index! && (r as { id?: unknown }).id === issue.id)
      const line = loaded.rows[first]?.line
      if (line === undefined) return issue.message
      const named = issue.message.replace(/the record at index \d+ of this batch/, `the record on line ${line}`)
      return named === issue.message ? `${issue.message} (first on line ${line})` : named
    },
  }
}

/**
 * Issues of `enterprisesOf(needs)`: an enterprise's `needs.2.kind` is the `kind` cell of its third need's
 * row; anything else about an enterprise points at its first need's row.
 */
export function enterpriseSource(needs: Loaded<NeedRecord>, enterprises: readonly Enterprise[]): IssueSource {
  const rowOfNeed = new Map(needs.records.map((n, i) => [n.id, needs.rows[i]!]))
  return {
    table: needs.table,
    locate: (issue) => {
      const enterprise = issue.index === undefined ? undefined : enterprises[issue.index]
      if (!enterprise) return undefined
      const [, need, field] = /^needs\.(\d+)\.?(.*)$/.exec(issue.field) ?? []
      // enterprisesOf gives every need as an object with its id.
      const id = (enterprise.needs[need === undefined ? 0 : Number(need)] as { id?: string } | undefined)?.id
      const row = id === undefined ? undefined : rowOfNeed.get(id)
      if (!row) return undefined
      if (field) return { line: row.line, column: fieldColumn(field) }
      if (need !== undefined) return { line: row.line }
      return { line: row.line, column: issue.field === 'name' ? 'enterprise' : 'enterprise_id' }
    },
  }
}

/** Issues shown one a line; more are counted. */
const SHOWN_ISSUES = 20
/** `duijie: addExperts: expert at index 3 …`: the call and the noun of a batch error. */
const BATCH_MESSAGE = /^duijie: ([^:]+): (.+?) at index \d+/

/**
 * Runs `fn`. A DuijieError about records of a batch (`expert at index 3`) whose noun is in `sources` is
 * thrown again with one line per issue, each naming the file, line and column the record came from; any
 * other error passes through unchanged. A source is the records read from a file (index i is row i) or an
 * {@link IssueSource}.
 */
export function locateIssues<T>(fn: () => T, sources: Record<string, Loaded<unknown> | IssueSource>): T {
  try {
    return fn()
  } catch (error) {
    if (!(error instanceof DuijieError) || error.issues.length === 0) throw error
    const [, context, noun] = BATCH_MESSAGE.exec(error.message) ?? []
    const given = noun === undefined ? undefined : sources[noun]
    if (context === undefined || noun === undefined || given === undefined) throw error
    const source = 'locate' in given ? given : rowSource(given)
    const lines = error.issues.slice(0, SHOWN_ISSUES).map((issue) => {
      const at = source.locate(issue)
      const where = at === undefined ? source.table.path : cellLocation(source.table, at.line, at.column)
      const message = source.describe ? source.describe(issue) : issue.message
      return `duijie: ${where}: ${context}: ${describeRecord(issue, noun)}: field "${issue.field}": ${message}`
    })
    if (error.issues.length > SHOWN_ISSUES) lines.push(`duijie: and ${error.issues.length - SHOWN_ISSUES} more`)
    throw new DuijieError(error.code, lines.join('\n'), { issues: error.issues, cause: error })
  }
}
