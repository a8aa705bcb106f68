import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/**
 * Writes `chunks` to `path` whole or not at all: into a temporary file beside it, flushed to disk, renamed over
 * it, and the rename made durable where the platform allows. A write that fails removes the temporary file,
 * leaves an earlier file at `path` as it was, and throws the system's error for the caller to word. Returns
 * the bytes written.
 *
 * @example
 * ```ts
 * writeFileAtomically('matches.csv', [Buffer.from('need_id,list\n')]) // 14
 * ```
 */
export function writeFileAtomically(path: string, chunks: readonly Uint8Array[]): number {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`)
  let written = 0
  let fd: number | undefined
  try {
    fd = openSync(temporary, 'wx')
    for (const c of chunks) {
      for (let offset = 0; offset < c.byteLength; ) {
        offset += writeSync(fd, c, offset, Math.min(c.byteLength - offset, 1 << 30))
      }
      written += c.byteLength
    }
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    renameSync(temporary, path)
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    try {
      rmSync(temporary, { force: true })
    } catch {
      // The temporary file was never made (the folder is missing): the first error says why.
    }
    throw error
  }
  syncDirectory(dirname(path))
  return written
}

/** Makes the rename durable where the platform allows it (not on Windows, where directories cannot be opened). */
function syncDirectory(directory: string): void {
  try {
    const fd = openSync(directory, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Best effort: the file itself is already flushed.
  }
}
