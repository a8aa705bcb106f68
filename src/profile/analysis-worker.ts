import { type MessagePort, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { Analyzer } from '../text/analyzer.js'
import { IntlSegmenter, JiebaSegmenter, NodejiebaSegmenter, type Segmenter } from '../text/segmenter.js'
import { Vocabulary } from './vocabulary.js'

/**
 * The built-in segmenters a worker can make for itself; any other segmenter is user code and stays home.
 *
 * @example
 * ```ts
 * const kind: BuiltInSegmenter = 'jieba' // new JiebaSegmenter() in the worker
 * ```
 */
export type BuiltInSegmenter = 'jieba' | 'nodejieba' | 'intl'

/**
 * How a worker makes its analyzer: {@link Analyzer.settings} with the segmenter named instead of passed.
 *
 * @example
 * ```ts
 * const settings: WorkerAnalyzerSettings = { segmenter: 'jieba', userWords: [], stopWords: [], subwords: false, bigrams: true, minNumberLength: 3 }
 * ```
 */
export interface WorkerAnalyzerSettings {
  segmenter: BuiltInSegmenter
  userWords: string[]
  stopWords: string[]
  subwords: boolean
  bigrams: boolean
  minNumberLength: number
}

/**
 * What the main thread posts to a worker.
 *
 * @example
 * ```ts
 * const task: WorkerTask = { type: 'analyze', batch: 1, chunk: 0, fingerprint: new Analyzer().fingerprint(), texts: ['船舶焊接'] }
 * ```
 */
export type WorkerTask =
  | { type: 'configure'; fingerprint: string; settings: WorkerAnalyzerSettings }
  | { type: 'analyze'; batch: number; chunk: number; fingerprint: string; texts: string[] }

/**
 * What a worker answers, on its results port, for each `analyze` task. The terms of the chunk's texts come
 * as local ids into the worker's own term list for the batch: `terms` are the terms first seen in this
 * chunk (local ids `firstLocal`, `firstLocal + 1`, …), `ids` every term occurrence of every text in order,
 * `ends[i]` where text i's occurrences end. A term string crosses threads once a batch, not once per use.
 *
 * @example
 * ```ts
 * // 船舶焊接 → 船舶, 焊接 and the bigrams 船舶, 舶焊, 焊接: three distinct terms, five occurrences
 * const reply: WorkerReply = { type: 'done', batch: 1, chunk: 0, firstLocal: 0, terms: ['船舶', '焊接', '舶焊'], ids: Uint32Array.of(0, 1, 0, 2, 1), ends: Uint32Array.of(5) }
 * ```
 */
export type WorkerReply =
  | {
      type: 'done'
      batch: number
      chunk: number
      firstLocal: number
      terms: string[]
      ids: Uint32Array
      ends: Uint32Array
    }
  | { type: 'failed'; batch: number; chunk: number; reason: 'mismatch' | 'error'; message: string }

/**
 * What a worker is started with.
 *
 * @example
 * ```ts
 * const { port2 } = new MessageChannel()
 * const data: AnalysisWorkerData = { duijie: 'analysis', signal: new SharedArrayBuffer(64), slot: 0, results: port2 as never }
 * ```
 */
export interface AnalysisWorkerData {
  /** `'analysis'` makes this module serve when it is the worker's entry; test entries pass another value. */
  duijie: string
  /** Int32 slots shared with the main thread, see {@link SIGNAL}. */
  signal: SharedArrayBuffer
  /** This worker's number: its progress slot is `SIGNAL.progress + slot`. */
  slot: number
  /** Where replies go; the main thread reads them with `receiveMessageOnPort`, without an event loop. */
  results: MessagePort
}

/**
 * Slots of the shared signal array: `wake` counts replies (the main thread `Atomics.wait`s on it), `exited`
 * counts workers that stopped, `progress + slot` counts the texts each worker has analysed (a worker busy
 * on a long chunk still moves, a dead one does not).
 *
 * @example
 * ```ts
 * const signal = new Int32Array(new SharedArrayBuffer(16))
 * Atomics.wait(signal, SIGNAL.wake, 0, 10) // 'timed-out' when no worker answered within 10 ms
 * ```
 */
export const SIGNAL = { wake: 0, exited: 1, progress: 2 } as const

/**
 * Turns a text into its terms: `Analyzer.analyze`, or a test's wrapper around it.
 *
 * @example
 * ```ts
 * const analyzer = new Analyzer()
 * const analyze: AnalyzeText = (text) => analyzer.analyze(text)
 * ```
 */
export type AnalyzeText = (text: string) => string[]

/**
 * Serves analysis tasks in a worker thread: builds an analyzer like the main thread's (checked by its
 * fingerprint), cuts each chunk's texts and posts their terms back. Never throws: a failure is a reply,
 * so the main thread can analyse the batch itself and fail exactly as it would have.
 *
 * @example
 * ```ts
 * // A test entry, refusing one text (the real entry is this module itself):
 * import { workerData } from 'node:worker_threads'
 * serveAnalysis(workerData as AnalysisWorkerData, (analyze) => (text) => {
 *   if (text.includes('〔抛出〕')) throw new Error('refused')
 *   return analyze(text)
 * })
 * ```
 */
export function serveAnalysis(data: AnalysisWorkerData, wrap: (analyze: AnalyzeText) => AnalyzeText = (a) => a): void {
  const port = parentPort
  if (!port) return
  const signal = new Int32Array(data.signal)
  const wake = () => {
    Atomics.add(signal, SIGNAL.wake, 1)
    Atomics.notify(signal, SIGNAL.wake)
  }
  // A worker that stops (process.exit, a fatal error in a handler) says so at once instead of leaving the
  // main thread to wait for its stall timeout.
  process.on('exit', () => {
    Atomics.add(signal, SIGNAL.exited, 1)
    wake()
  })
  const analyzers = new Map<string, AnalyzeText | undefined>()
  let batch = -1
  // The batch's terms so far, by local id: the vocabulary's own fast path for two-character terms (most
  // words and every bigram) makes this cheap next to the analysis.
  let local = new Vocabulary()
  let ids = new Uint32Array(1 << 16)

  const reply = (message: WorkerReply) => {
    const transfer =
      message.type === 'done' ? [message.ids.buffer as ArrayBuffer, message.ends.buffer as ArrayBuffer] : []
    data.results.postMessage(message, transfer)
    wake()
  }

  port.on('message', (task: WorkerTask) => {
    if (task.type === 'configure') {
      if (analyzers.size >= 4) analyzers.clear()
      analyzers.set(task.fingerprint, makeAnalyzer(task.fingerprint, task.settings, wrap))
      return
    }
    const analyze = analyzers.get(task.fingerprint)
    if (!analyze) {
      const message = `this worker cannot cut text like ${task.fingerprint}`
      reply({ type: 'failed', batch: task.batch, chunk: task.chunk, reason: 'mismatch', message })
      return
    }
    if (task.batch !== batch) {
      batch = task.batch
      local = new Vocabulary()
    }
    const firstLocal = local.size
    try {
      let used = 0
      const ends = new Uint32Array(task.texts.length)
      task.texts.forEach((text, i) => {
        const terms = analyze(text)
        if (used + terms.length > ids.length) {
          const bigger = new Uint32Array(Math.max(2 * ids.length, used + terms.length))
          bigger.set(ids.subarray(0, used))
          ids = bigger
        }
        for (const term of terms) ids[used++] = local.intern(term)
        ends[i] = used
        Atomics.add(signal, SIGNAL.progress + data.slot, 1)
      })
      const terms: string[] = []
      for (let id = firstLocal; id < local.size; id++) terms.push(local.term(id))
      // A copy of the used part: it is transferred, and the big buffer stays here for the next chunk.
      reply({ type: 'done', batch: task.batch, chunk: task.chunk, firstLocal, terms, ids: ids.slice(0, used), ends })
    } catch (error) {
      // The batch is refused; the main thread analyses it itself and throws what it throws there.
      batch = -1
      local = new Vocabulary()
      const message = error instanceof Error ? error.message : String(error)
      reply({ type: 'failed', batch: task.batch, chunk: task.chunk, reason: 'error', message })
    }
  })
  Atomics.add(signal, SIGNAL.progress + data.slot, 1)
}

/** The worker's analyzer, or undefined when it would not cut text exactly like the main thread's. */
function makeAnalyzer(
  fingerprint: string,
  settings: WorkerAnalyzerSettings,
  wrap: (analyze: AnalyzeText) => AnalyzeText,
): AnalyzeText | undefined {
  try {
    const analyzer = new Analyzer({ ...settings, segmenter: makeSegmenter(settings.segmenter) })
    if (analyzer.fingerprint() !== fingerprint) return undefined
    return wrap((text) => analyzer.analyze(text))
  } catch {
    // A segmenter that cannot load here (nodejieba in a thread): the main thread keeps the work.
    return undefined
  }
}

function makeSegmenter(kind: BuiltInSegmenter): Segmenter {
  if (kind === 'jieba') return new JiebaSegmenter()
  if (kind === 'nodejieba') return new NodejiebaSegmenter()
  return new IntlSegmenter()
}

if (!isMainThread && (workerData as Partial<AnalysisWorkerData> | null)?.duijie === 'analysis') {
  serveAnalysis(workerData as AnalysisWorkerData)
}
