// Rendering results as csv, json or a table, and writing them to stdout or, whole or not at all, to a file.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { DuijieError } from '../index.js'

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
 */
export function writeOutput(text: string, out?: string): void {
  if (out === undefined) {
    process.stdout.write(text)
    return
  }
  const temporary = join(dirname(out), `.${basename(out)}.${process.pid}.${Date.now().toString(36)}.tmp`)
  let fd: number | undefined
  try {
    fd = openSync(temporary, 'wx')
    const bytes = Buffer.from(text, 'utf8')
    for (let offset = 0; offset < bytes.byteLength; ) offset += writeSync(fd, bytes, offset)
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    renameSync(temporary, out)
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    try {
      rmSync(temporary, { force: true })
    } catch {
      // The temporary file was never made (the folder is missing): the first error says why.
    }
    // The system's message names the temporary file; the reader wants the file they asked for.
    const reason = error instanceof Error ? error.message.replace(/, \w+ '[^']*'$/, '') : String(error)
    throw new DuijieError('IO', `duijie: --out: ${out}: cannot write it: ${reason}`, { cause: error })
  }
}
