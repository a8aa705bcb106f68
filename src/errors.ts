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
 * What kind of failure a {@link DuijieError} is, for code that handles errors by kind rather than by message:
 *
 * - `INPUT`: a record, need, option or argument is wrong; `issues` names each one.
 * - `SNAPSHOT_CORRUPT`: a saved matcher is damaged (flipped bytes, truncation, a hand edit); the message names
 *   the section and what is wrong.
 * - `SNAPSHOT_INCOMPATIBLE`: a saved matcher is whole but cannot be used here: another format or version, or
 *   text cut by another segmenter, dictionary or stop list.
 * - `IO`: the file system failed; the message names the path.
 * - `LIMIT`: the work is larger than this build can hold (a snapshot over 4 GB in one array).
 * - `MISSING_DEPENDENCY`: an optional package that was asked for (nodejieba) is not installed; the message
 *   says how to install it.
 * - `INTERNAL`: a bug in duijie; please report it.
 *
 * @example
 * ```ts
 * const code: DuijieErrorCode = 'SNAPSHOT_CORRUPT'
 * ERROR_CODES.includes(code) // true
 * ```
 */
export const ERROR_CODES = Object.freeze([
  'INPUT',
  'SNAPSHOT_CORRUPT',
  'SNAPSHOT_INCOMPATIBLE',
  'IO',
  'LIMIT',
  'MISSING_DEPENDENCY',
  'INTERNAL',
] as const)
/** One of {@link ERROR_CODES}. */
export type DuijieErrorCode = (typeof ERROR_CODES)[number]

/**
 * The error every duijie API throws. Its `code` says what kind of failure it is; its message starts with
 * `duijie:` and names the record and field (or the snapshot section, or the path); `issues` holds every
 * input problem found, so a caller can show them all.
 *
 * @example
 * ```ts
 * try {
 *   m.addExperts(rows)
 * } catch (e) {
 *   if (e instanceof DuijieError && e.code === 'INPUT') for (const i of e.issues) console.log(i.index, i.id, i.field, i.message)
 *   else throw e
 * }
 * ```
 */
export class DuijieError extends Error {
  /** What kind of failure this is; see {@link ERROR_CODES}. */
  readonly code: DuijieErrorCode
  /** Every input problem found; the message shows the first few. Empty for other codes. */
  readonly issues: InputIssue[]

  constructor(code: DuijieErrorCode, message: string, options: { issues?: InputIssue[]; cause?: unknown } = {}) {
    super(message.startsWith('duijie:') ? message : `duijie: ${message}`, { cause: options.cause })
    this.name = 'DuijieError'
    this.code = code
    this.issues = options.issues ?? []
  }
}

/** A damaged snapshot: `section` names the part that is wrong. */
export function corruptSnapshot(context: string, section: string, what: string): DuijieError {
  return new DuijieError(
    'SNAPSHOT_CORRUPT',
    `duijie: ${context}: the snapshot is damaged: section "${section}": ${what}`,
  )
}

/** A file-system failure, with the path and the system's reason. */
export function ioError(context: string, path: string, cause: unknown): DuijieError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new DuijieError('IO', `duijie: ${context}: ${path}: ${reason}`, { cause })
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
  return new DuijieError('INPUT', `duijie: ${context}: ${lines.join('; ')}${more}`, { issues })
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
