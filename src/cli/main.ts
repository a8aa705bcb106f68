#!/usr/bin/env node
// duijie's command line: match, card, gaps and plan on a catalogue of CSV files. Exit codes: 0 done, 1 the
// input or a file is wrong (the message names the file, line and column), 2 the command line is wrong.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command, CommanderError } from 'commander'
import { DuijieError } from '../index.js'
import { registerCard } from './commands/card.js'
import { registerGaps } from './commands/gaps.js'
import { registerMatch } from './commands/match.js'
import { registerPlan } from './commands/plan.js'

/** duijie's version, from the package.json above this file (src/cli/ when run from source, dist/ when built). */
function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'duijie' && pkg.version) return pkg.version
    } catch {
      // No package.json here: look further up.
    }
    const parent = dirname(dir)
    if (parent === dir) return 'unknown'
    dir = parent
  }
}

const EXAMPLES = `
Examples:
  duijie match --catalogue data/catalogue --needs data/catalogue/needs.csv --top 3 --format csv --out matches.csv
  duijie card --catalogue data/catalogue --university just --top 6
  duijie gaps --catalogue data/catalogue --needs data/catalogue/needs.csv --min-score 0.2
  duijie plan --catalogue data/catalogue --needs data/catalogue/needs.csv --week 2026-11-30 --format csv

Exit codes: 0 done; 1 bad input or a file that cannot be read or written (nothing is written);
2 a wrong command line.`

const program = new Command()
  .name('duijie')
  .description(
    'Match enterprise needs written in Chinese to university experts, universities, degree programmes and investors.',
  )
  .version(version())
  // Before the commands: they inherit it. Commander's own errors then come back here, to exit 2.
  .exitOverride()
  .showHelpAfterError('(add --help for usage)')
  .addHelpText('after', EXAMPLES)
registerMatch(program)
registerCard(program)
registerGaps(program)
registerPlan(program)

// A reader that stops early (`duijie match … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

try {
  program.parse()
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help, or the version) already.
    process.exitCode = error.exitCode === 0 ? 0 : 2
  } else if (error instanceof DuijieError) {
    // The code on the first line; the others (one a record) name the file, line and column each.
    const [first, ...rest] = error.message.split('\n')
    process.stderr.write(`${[`${first} [${error.code}]`, ...rest].join('\n')}\n`)
    process.exitCode = 1
  } else {
    // Not an input problem: a bug, worth its stack.
    process.stderr.write(
      `duijie: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exitCode = 1
  }
}
