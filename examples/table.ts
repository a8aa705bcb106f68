// The table printer lives with the command-line interface, which prints the same tables.
export { displayWidth, formatTable } from '../src/cli/table.js'
