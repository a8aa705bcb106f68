// Rendering results as csv, json or a table, and writing them to stdout or, whole or not at all, to a file.
import { stringify } from 'csv-stringify/sync'
import { DuijieError } from '../index.js'
import { writeFileAtomically } from '../io.js'
import { inputAt } from './csv.js'

/** The output formats every command writes. */
export const FORMATS = ['table', 'csv', 'json'] as const
/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number]

/** How tables name a programme's degree. */
export const DEGREE_LABEL = { bachelor: '本科', master: '硕士', doctorate: '博士' } as const

/** Separates the items of a list cell, as in the catalogue's own CSV files. */
export const LIST_SEPARATOR = '；'

/** CSV with a header line, the columns in the order given (the header is written even for no rows). */
export function csvText(columns: readonly string[], rows: ReadonlyArray<Record<string, string | number>>): string {
  return stringify(rows as Array<Record<string, string | number>>, { header: true, columns: [...columns] })
}

/** Indented JSON, ending in a newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

/**
 * Writes `text` to stdout, or to `out`: into a temporary file beside it, flushed, then renamed over it, so
 * a run that fails leaves no partial file and an earlier file as it was. Called once, with the whole output.
 * An `out` that is one of the files the run read (the needs file, a catalogue file) is refused.
 */
export function writeOutput(text: string, out?: string): void {
  if (out === undefined) {
    process.stdout.write(text)
    return
  }
  // The rename would replace the file with the results: a needs file or a catalogue file, gone.
  const input = inputAt(out)
  if (input)
    throw new DuijieError(
      'INPUT',
      `duijie: --out: ${out}: is a file this run reads (${input.context} ${input.path}); write the output to another file`,
    )
  try {
    writeFileAtomically(out, [Buffer.from(text, 'utf8')])
  } catch (error) {
    // The system's message names the temporary file; the reader wants the file they asked for.
    const reason = error instanceof Error ? error.message.replace(/, \w+ '[^']*'$/, '') : String(error)
    throw new DuijieError('IO', `duijie: --out: ${out}: cannot write it: ${reason}`, { cause: error })
  }
}
