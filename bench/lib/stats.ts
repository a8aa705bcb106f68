// Small helpers every bench script uses: progress on stderr, an optional gc, medians and percentiles.

/** Progress on stderr with the time of day, so stdout stays the report. */
export const log = (text: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`)

/** A full gc when node runs with --expose-gc; otherwise nothing. */
export const gc = typeof globalThis.gc === 'function' ? (globalThis.gc as () => void) : () => {}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** The p-th percentile of numbers sorted ascending (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
