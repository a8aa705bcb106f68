// Options several commands share, and the parsers that turn option text into values. A value a parser
// refuses is a usage error: commander prints it and the run exits 2.
import { type Command, InvalidArgumentError, Option } from 'commander'
import { MATCH_LISTS, type MatchList } from '../index.js'
import { FORMATS, type Format } from './output.js'

/** What every command takes: the catalogue folder, the output format and file. */
export interface CommonOptions {
  catalogue: string
  format: Format
  out?: string
}

/** A whole number of at least `min`: `--top 5`. */
export function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    // A safe integer too: 99999999999999999999 would reach the Matcher, which refuses it with exit 1.
    if (!/^\d+$/.test(value.trim()) || Number(value) < min || !Number.isSafeInteger(Number(value)))
      throw new InvalidArgumentError(`must be a whole number of at least ${min}.`)
    return Number(value)
  }
}

/** A number of zero or more: `--min-score 0.3`. */
export function score(value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number ≥ 0.')
  return n
}

/** A comma-separated choice of lists: `--lists investors,experts`. */
export function matchLists(value: string): MatchList[] {
  const lists = value
    .split(/[,，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)
  const unknown = lists.filter((l) => !(MATCH_LISTS as readonly string[]).includes(l))
  if (lists.length === 0 || unknown.length > 0)
    throw new InvalidArgumentError(`takes a comma-separated list of ${MATCH_LISTS.join(', ')}.`)
  return [...new Set(lists)] as MatchList[]
}

/** A calendar day in ISO 8601: `2026-11-30`. */
export function isoDay(value: string): string {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim())
  const day = parts ? new Date(`${parts[0]}T00:00:00Z`) : undefined
  // Date rolls 2026-02-30 over into March; a real day reads back as itself.
  if (!parts || !day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== parts[0])
    throw new InvalidArgumentError('must be a day such as 2026-11-30.')
  return parts[0]
}

/** Adds `--catalogue`, `--format` and `--out` to a command. */
export function addCommonOptions(command: Command): Command {
  return command
    .requiredOption('--catalogue <dir>', 'folder of catalogue CSV files (the layout of data/catalogue/)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--out <file>', 'write to this file (whole or not at all) instead of stdout')
}
