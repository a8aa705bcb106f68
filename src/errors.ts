/**
 * One problem found in the input: which record (by position and id) and which field.
 */
export interface InputIssue {
  /** Position of the record in the batch it came in, or `undefined` for a single value. */
  index?: number
  /** The record's id, when it had a readable one. */
  id?: string
  /** Dotted path of the offending field, e.g. `specialties.2`; `(record)` for the record itself. */
  field: string
  /** What is wrong, in plain words. */
  message: string
}

/**
 * The error every duijie API throws. Its message starts with `duijie:` and names the record and field;
 * `issues` holds every problem found, so a caller can show them all.
 *
 * @example
 * ```ts
 * try { m.addExperts(rows) } catch (e) {
 *   if (e instanceof DuijieError) for (const i of e.issues) console.log(i.index, i.id, i.field, i.message)
 * }
 * ```
 */
export class DuijieError extends Error {
  /** Every problem found; the message shows the first few. */
  readonly issues: InputIssue[]

  constructor(message: string, issues: InputIssue[] = []) {
    super(message.startsWith('duijie:') ? message : `duijie: ${message}`)
    this.name = 'DuijieError'
    this.issues = issues
  }
}

const SHOWN_ISSUES = 5

/** Where an issue sits, for a message: `expert at index 3 (id "e-9")`. */
export function describeRecord(issue: InputIssue, noun = 'record'): string {
  const parts: string[] = []
  parts.push(issue.index !== undefined ? `${noun} at index ${issue.index}` : noun)
  if (issue.id !== undefined) parts.push(`(id ${JSON.stringify(issue.id)})`)
  return parts.join(' ')
}

/** One DuijieError listing `issues`: the first few in the message, all in `error.issues`. */
export function inputError(context: string, noun: string, issues: InputIssue[]): DuijieError {
  const lines = issues.slice(0, SHOWN_ISSUES).map((i) => `${describeRecord(i, noun)}: field "${i.field}": ${i.message}`)
  const more = issues.length > SHOWN_ISSUES ? `; and ${issues.length - SHOWN_ISSUES} more` : ''
  return new DuijieError(`duijie: ${context}: ${lines.join('; ')}${more}`, issues)
}

/** Throws {@link inputError} when there are issues; does nothing otherwise. */
export function throwIfIssues(context: string, noun: string, issues: InputIssue[]): void {
  if (issues.length > 0)
    throw inputError(
      context,
      noun,
      [...issues].sort((a, b) => (a.index ?? -1) - (b.index ?? -1)),
    )
}
