// Reading one CSV file whole, with every problem reported as file:line:column.
import { isUtf8 } from 'node:buffer'
import { readFileSync, statSync } from 'node:fs'
import { CsvError, type InfoRecord, parse } from 'csv-parse/sync'
import { DuijieError, ioError } from '../errors.js'

/** One data row: its cells by column name, and the line of the file it starts on (the header is line 1). */
export interface CsvRow {
  line: number
  cells: Record<string, string>
}

/** A CSV file read whole: where it came from, its header (trimmed names) and its data rows. */
export interface CsvTable {
  path: string
  header: string[]
  rows: CsvRow[]
}

/**
 * Where a cell sits, for a message: `needs.csv:3:7` (the column is the 1-based position of the field), or
 * `needs.csv:3` when the column is not in the header.
 */
export function cellLocation(table: CsvTable, line: number, column?: string): string {
  const position = column === undefined ? -1 : table.header.indexOf(column)
  return position < 0 ? `${table.path}:${line}` : `${table.path}:${line}:${position + 1}`
}

/** An INPUT error at a cell: `duijie: needs.csv:3:7: column "text": must not be empty`. */
export function cellError(table: CsvTable, line: number, column: string, message: string): DuijieError {
  return new DuijieError('INPUT', `duijie: ${cellLocation(table, line, column)}: column "${column}": ${message}`)
}

/**
 * Reads `path` as CSV with a header line (UTF-8, a byte-order mark allowed, empty lines skipped; lines may end
 * in LF, CRLF or CR). The header must hold every `required` column, and those cells must not be blank; a
 * malformed file (a stray quote, a row with more fields than the header) or one that is not UTF-8 is an
 * INPUT error naming the file, line and column. An unreadable file is an IO error. `context` says who asked,
 * for the IO message (`--needs`, `catalogue`).
 */
export function readCsv(path: string, required: readonly string[], context: string): CsvTable {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new DuijieError('IO', `duijie: ${context}: ${path}: no such file`, { cause: error })
    throw ioError(context, path, error)
  }
  rememberInput(path, context)
  // One line end: csv-parse counts a CRLF inside a quoted cell as two lines, so every line after it was off.
  const text = utf8Text(path, bytes).replace(/\r\n?/g, '\n')
  const table: CsvTable = { path, header: [], rows: [] }
  // The line the last good record ended on: where a quote that never closes must have opened, after it.
  let lastLine = 1
  let records: Array<{ info: InfoRecord; record: Record<string, string> }>
  try {
    records = parse<{ info: InfoRecord; record: Record<string, string> }>(text, {
      bom: true,
      skip_empty_lines: true,
      info: true,
      columns: (names: string[]) => {
        table.header = names.map((name) => name.trim())
        return table.header
      },
      on_record: (record: { info: InfoRecord; record: Record<string, string> }) => {
        lastLine = record.info.lines
        return record
      },
    })
  } catch (error) {
    if (error instanceof CsvError) throw csvSyntaxError(table, text, error, lastLine)
    throw error
  }
  checkHeader(table, required)
  for (const { info, record } of records) {
    // info.lines is the line the record ends on; a quoted cell may span lines.
    let breaks = 0
    for (const value of Object.values(record)) breaks += value.split('\n').length - 1
    const line = info.lines - breaks
    for (const column of required)
      if (!record[column]?.trim()) throw cellError(table, line, column, 'must not be empty')
    table.rows.push({ line, cells: record })
  }
  return table
}

/** The files this run has read, by device and inode, with who asked for each: `--out` must not replace one. */
const inputs = new Map<string, { path: string; context: string }>()

function rememberInput(path: string, context: string): void {
  try {
    const { dev, ino } = statSync(path)
    if (!inputs.has(`${dev}:${ino}`)) inputs.set(`${dev}:${ino}`, { path, context })
  } catch {
    // It was just read; a file that vanished since cannot be written over by mistake either.
  }
}

/**
 * The input file `path` is (the same file, also through a link), with the option it came from, or
 * `undefined` when `path` is no file this run has read.
 */
export function inputAt(path: string): { path: string; context: string } | undefined {
  try {
    const { dev, ino } = statSync(path)
    return inputs.get(`${dev}:${ino}`)
  } catch {
    return undefined
  }
}

/**
 * The bytes of a CSV file as text, or an INPUT error naming the file and line when they are not UTF-8:
 * Excel saves "CSV" in the system's code page (GBK on Chinese Windows) and "Unicode text" as UTF-16, and
 * either, read as UTF-8, would match garbage rather than fail.
 */
function utf8Text(path: string, bytes: Buffer): string {
  const save = 'save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)")'
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new DuijieError('INPUT', `duijie: ${path}:1: the file is UTF-16, not UTF-8; ${save}`)
  const nul = bytes.indexOf(0)
  if (nul >= 0)
    throw new DuijieError(
      'INPUT',
      `duijie: ${path}:${lineAt(bytes, nul)}: the file holds NUL bytes, so it is not UTF-8 text (UTF-16, or not a CSV file); ${save}`,
    )
  const text = bytes.toString('utf8')
  if (isUtf8(bytes)) return text
  // The first replacement character that the file does not spell itself (EF BF BD) is the first bad byte.
  let offset = 0
  for (const ch of text) {
    if (ch === '\ufffd' && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) break
    offset += Buffer.byteLength(ch)
  }
  const byte = bytes[offset]!.toString(16).toUpperCase().padStart(2, '0')
  throw new DuijieError(
    'INPUT',
    `duijie: ${path}:${lineAt(bytes, offset)}: the file is not UTF-8 (byte 0x${byte} is not valid UTF-8; GBK, perhaps); ${save}`,
  )
}

/** The line of a byte offset, counting CRLF, CR and LF each as one line end. */
function lineAt(bytes: Buffer, offset: number): number {
  return (
    (bytes
      .subarray(0, offset)
      .toString('latin1')
      .match(/\r\n?|\n/g)?.length ?? 0) + 1
  )
}

function checkHeader(table: CsvTable, required: readonly string[]): void {
  const seen = new Map<string, number>()
  table.header.forEach((name, c) => {
    if (name === '') return
    const first = seen.get(name)
    if (first !== undefined)
      throw new DuijieError(
        'INPUT',
        `duijie: ${table.path}:1:${c + 1}: column "${name}" appears twice in the header (also column ${first + 1})`,
      )
    seen.set(name, c)
  })
  const missing = required.filter((name) => !seen.has(name))
  if (missing.length > 0) {
    const has = table.header.length > 0 ? `it has ${table.header.join(', ')}` : 'the file is empty'
    // Excel in many locales saves "CSV" with semicolons, and "Unicode text" with tabs: one long column.
    const separator = table.header.length === 1 ? /[;\t]/.exec(table.header[0]!)?.[0] : undefined
    const hint = separator
      ? `; its fields are separated by ${separator === ';' ? 'semicolons' : 'tabs'}, and duijie reads commas`
      : ''
    throw new DuijieError(
      'INPUT',
      `duijie: ${table.path}:1: the header lacks the column${missing.length > 1 ? 's' : ''} ${missing
        .map((m) => `"${m}"`)
        .join(', ')} (${has})${hint}`,
    )
  }
}

/** csv-parse's error, located. Its `lines` is where parsing stopped; its `index` the field it was in. */
function csvSyntaxError(table: CsvTable, text: string, error: CsvError, lastLine: number): DuijieError {
  let line = typeof error.lines === 'number' ? error.lines : lastLine
  let message = error.message
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    // Parsing ran to the end of the file looking for the closing quote; the record opened after the last
    // good one, on its first non-empty line.
    const lines = text.split('\n')
    line = lastLine + 1
    while (line < lines.length && lines[line - 1]!.trim() === '') line++
    message = 'a quote opens a cell that is never closed (a quote inside a cell must be doubled: "")'
  }
  const column = typeof error.column === 'string' ? error.column : undefined
  const field = typeof error.index === 'number' && column !== undefined ? `:${error.index + 1}` : ''
  const name = column === undefined ? '' : ` column "${column}":`
  return new DuijieError('INPUT', `duijie: ${table.path}:${line}${field}:${name} ${message}`, { cause: error })
}
