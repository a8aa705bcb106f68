import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { type MessagePort, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { KERNELS, type KernelArgs, type KernelName } from '../search/kernels.js'
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
 * const task: WorkerTask = {
 *   type: 'analyze', batch: 1, chunk: 0, fingerprint: new Analyzer().fingerprint(),
 *   texts: ['船舶焊接', '焊接机器人'], weights: Float64Array.of(3, 1), records: Uint32Array.of(2),
 * }
 * ```
 */
export type WorkerTask =
  | { type: 'configure'; fingerprint: string; settings: WorkerAnalyzerSettings }
  /** One part of an index build's pass (see `src/search/kernels.ts`), over shared arrays. */
  | { type: 'kernel'; batch: number; part: number; kernel: KernelName; args: KernelArgs }
  /** A batch or a pass is over: drop its terms and collect this thread's garbage now. */
  | { type: 'collect' }
  | {
      type: 'analyze'
      batch: number
      chunk: number
      fingerprint: string
      texts: string[]
      /** How much each text's term occurrences count. */
      weights: Float64Array
      /** Where each record's texts end in `texts`: the worker counts a record's terms over all its texts. */
      records: Uint32Array
    }

/**
 * What a worker answers, on its results port, for each `analyze` task: each record's weighted term counts,
 * added up exactly as {@link ProfileBuilder} adds them on one thread (occurrence by occurrence, in text
 * order, in a Float64 scratch array), over local ids into the worker's own term list for the batch: `terms`
 * are the terms first seen in this chunk (local ids `firstLocal`, `firstLocal + 1`, …); record i's distinct
 * terms, in the order first met, are `ids[ends[i - 1]..ends[i])` with their counts in `tfs`. A term string
 * crosses threads once a batch, not once per use.
 *
 * @example
 * ```ts
 * // 船舶焊接 (weight 1) → 船舶, 焊接 and the bigrams 船舶, 舶焊, 焊接: three distinct terms
 * const reply: WorkerReply = {
 *   type: 'done', batch: 1, chunk: 0, firstLocal: 0, terms: ['船舶', '焊接', '舶焊'],
 *   ids: Uint32Array.of(0, 1, 2), tfs: Float32Array.of(2, 2, 1), ends: Uint32Array.of(3),
 * }
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
      tfs: Float32Array
      ends: Uint32Array
    }
  | { type: 'failed'; batch: number; chunk: number; reason: 'mismatch' | 'error'; message: string }
  /** A kernel part is done: its outputs are in the shared arrays. */
  | { type: 'kernel-done'; batch: number; part: number }

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
  /** Per local term, its count in the record being counted; all zero between records. */
  let scratch = new Float64Array(1 << 12)

  const reply = (message: WorkerReply) => {
    const transfer =
      message.type === 'done'
        ? [message.ids.buffer as ArrayBuffer, message.tfs.buffer as ArrayBuffer, message.ends.buffer as ArrayBuffer]
        : []
    data.results.postMessage(message, transfer)
    wake()
  }

  port.on('message', (task: WorkerTask) => {
    if (task.type === 'configure') {
      if (analyzers.size >= 4) analyzers.clear()
      analyzers.set(task.fingerprint, makeAnalyzer(task.fingerprint, task.settings, wrap))
      return
    }
    if (task.type === 'kernel') {
      Atomics.add(signal, SIGNAL.progress + data.slot, 1)
      try {
        KERNELS[task.kernel]({ ...task.args, progress: signal, progressIndex: SIGNAL.progress + data.slot })
        reply({ type: 'kernel-done', batch: task.batch, part: task.part })
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        reply({ type: 'failed', batch: task.batch, chunk: task.part, reason: 'error', message })
      }
      return
    }
    if (task.type === 'collect') {
      // Its views keep a build's shared arrays alive, and its counts' buffers their memory, until its own
      // heap is collected, which an idle thread's never is: hundreds of MB would outlive the work.
      batch = -1
      local = new Vocabulary()
      collectGarbage()
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
    const seen: number[] = []
    try {
      const { texts, weights, records } = task
      const out = new RecordCounts(records.length)
      let text = 0
      records.forEach((end, record) => {
        for (; text < end; text++) {
          const weight = weights[text]!
          for (const term of analyze(texts[text]!)) {
            const id = local.intern(term)
            if (id >= scratch.length) scratch = grown(scratch, id + 1)
            if (scratch[id] === 0) seen.push(id)
            scratch[id]! += weight
          }
          Atomics.add(signal, SIGNAL.progress + data.slot, 1)
        }
        out.finish(record, seen, scratch)
      })
      const terms: string[] = []
      for (let id = firstLocal; id < local.size; id++) terms.push(local.term(id))
      reply({ type: 'done', batch: task.batch, chunk: task.chunk, firstLocal, terms, ...out.arrays() })
    } catch (error) {
      // The batch is refused; the main thread analyses it itself and throws what it throws there.
      for (const id of seen) scratch[id] = 0
      batch = -1
      local = new Vocabulary()
      const message = error instanceof Error ? error.message : String(error)
      reply({ type: 'failed', batch: task.batch, chunk: task.chunk, reason: 'error', message })
    }
  })
  Atomics.add(signal, SIGNAL.progress + data.slot, 1)
}

/** V8's `gc` for this thread, once asked for; a no-op where the process does not let a thread have it. */
let gc: (() => void) | undefined

/**
 * Collects this thread's garbage now: V8's `gc`, exposed to one fresh context made for it. Where flags are
 * frozen (some embedders), a no-op, and the shared arrays go at the thread's next collection.
 */
function collectGarbage(): void {
  if (!gc) {
    gc = () => {}
    try {
      // The flag is process-wide, so it is turned off again at once: no other context gets `gc`.
      setFlagsFromString('--expose-gc')
      const exposed = runInNewContext('gc') as unknown
      setFlagsFromString('--no-expose-gc')
      if (typeof exposed === 'function') gc = exposed as () => void
    } catch {
      // Leave collection to V8.
    }
  }
  gc()
}

/** The records of a chunk as they are counted: distinct ids and counts end to end, and where each record ends. */
class RecordCounts {
  private ids = new Uint32Array(1 << 12)
  private tfs = new Float32Array(1 << 12)
  private used = 0
  private readonly ends: Uint32Array

  constructor(records: number) {
    this.ends = new Uint32Array(records)
  }

  /** Moves the record's counts out of `scratch` (leaving it zero) in the order its terms were first met. */
  finish(record: number, seen: number[], scratch: Float64Array): void {
    if (this.used + seen.length > this.ids.length) {
      const size = Math.max(2 * this.ids.length, this.used + seen.length)
      this.ids = grown(this.ids, size)
      this.tfs = grown(this.tfs, size)
    }
    for (const id of seen) {
      this.ids[this.used] = id
      this.tfs[this.used++] = scratch[id]!
      scratch[id] = 0
    }
    seen.length = 0
    this.ends[record] = this.used
  }

  /** Copies of the used parts, to transfer. */
  arrays(): { ids: Uint32Array; tfs: Float32Array; ends: Uint32Array } {
    return { ids: this.ids.slice(0, this.used), tfs: this.tfs.slice(0, this.used), ends: this.ends }
  }
}

function grown<T extends Uint32Array | Float32Array | Float64Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(2 * array.length, size))
  bigger.set(array)
  return bigger
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
