// A progress bar for long batches, on stderr and only when stderr is a terminal: stdout stays the output, and
// logs or pipes get no control characters.
import progress from 'cli-progress'

/** Batches shorter than this finish before a bar would be worth drawing. */
export const PROGRESS_MIN_NEEDS = 100

/** What a batch reports to, and when it is over, `stop()` (also after a failure, to restore the terminal). */
export interface Progress {
  onProgress?: (done: number, total: number) => void
  stop(): void
}

/**
 * A bar for `total` needs on `stream` (default stderr), to pass as `matchAll`'s `onProgress`; nothing at all
 * when the stream is not a terminal or the batch is short.
 */
export function needsProgress(
  total: number,
  stream: NodeJS.WriteStream | (NodeJS.WritableStream & { isTTY?: boolean }) = process.stderr,
): Progress {
  if (!stream.isTTY || total < PROGRESS_MIN_NEEDS) return { stop: () => {} }
  const bar = new progress.SingleBar(
    { stream, format: 'matching [{bar}] {value}/{total} needs, {eta_formatted} left', clearOnComplete: true },
    progress.Presets.shades_classic,
  )
  let started = false
  return {
    onProgress: (done, all) => {
      // Started at the first need, not before: the index is built (and jieba loaded) before it.
      if (!started) {
        bar.start(all, 0)
        started = true
      }
      bar.update(done)
    },
    stop: () => {
      if (started) bar.stop()
    },
  }
}
