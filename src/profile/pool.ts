import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads'
import { DuijieError } from '../errors.js'
import { KERNELS, type KernelArgs, type KernelName, type Parallel, SERIAL, allShared } from '../search/kernels.js'
import type { Analyzer } from '../text/analyzer.js'
import { IntlSegmenter, JiebaSegmenter, NodejiebaSegmenter, type Segmenter } from '../text/segmenter.js'
import {
  type AnalysisWorkerData,
  type BuiltInSegmenter,
  SIGNAL,
  type WorkerAnalyzerSettings,
  type WorkerReply,
  type WorkerTask,
} from './analysis-worker.js'

/**
 * Receives the counted records of a batch, in order: record `r`'s distinct term ids (already interned, in the
 * order its terms were first met) are `ids[from..to)`, with their weighted counts in `tfs[from..to)`.
 *
 * @example
 * ```ts
 * const profiles: Array<{ ids: Uint32Array; tfs: Float32Array }> = []
 * const sink: RecordSink = (ids, tfs, from, to) => profiles.push({ ids: ids.subarray(from, to), tfs: tfs.subarray(from, to) })
 * ```
 */
export type RecordSink = (ids: Uint32Array, tfs: Float32Array, from: number, to: number) => void

/**
 * A batch to count: its texts, how much each text's occurrences count, and where each record's texts end
 * (a record may have none).
 *
 * @example
 * ```ts
 * const batch: PoolBatch = { texts: ['船舶焊接', '焊接机器人', '碳化硅'], weights: Float64Array.of(3, 1, 1), recordEnds: Uint32Array.of(2, 3) }
 * ```
 */
export interface PoolBatch {
  texts: readonly string[]
  weights: Float64Array
  recordEnds: Uint32Array
}

/** Chunks of about this many characters go to a worker at a time (bounded by {@link chunkBounds}). */
const CHUNK_CHARS = { min: 16_000, max: 400_000 }
/** Chunks each worker has queued: one to work on and one waiting, so it never idles while the main thread counts. */
const WINDOW = 2
/** How long the main thread sleeps between checks that the workers are alive, in ms. */
const WAIT_SLICE_MS = 500
/** Most worker threads the signal array has room for (the `workers` option's limit). */
const MAX_WORKERS = 256

const testing: { entry?: URL; stallMs: number; chunkChars?: number } = { stallMs: 30_000 }

/**
 * Test hooks, not part of the public API: another worker entry (a module calling `serveAnalysis`, to make
 * workers fail on purpose), the time without progress after which workers are taken for dead, and a chunk
 * size in characters (small, so that small test batches still span many chunks and every worker).
 *
 * @example
 * ```ts
 * configureAnalysisPool({ entry: new URL('file:///repo/test/profile/pool-fixture-worker.ts'), stallMs: 2000 })
 * ```
 */
export function configureAnalysisPool(options: {
  entry?: URL | undefined
  stallMs?: number
  chunkChars?: number | undefined
}): void {
  if ('entry' in options) testing.entry = options.entry
  if (options.stallMs !== undefined) testing.stallMs = options.stallMs
  if ('chunkChars' in options) testing.chunkChars = options.chunkChars
}

/** Fingerprints no worker reproduced: their batches stay on the calling thread without asking again. */
const unpoolable = new Set<string>()
let shared: AnalysisPool | undefined
let warned = false
/** Set when threads could not start here: nothing asks again until the pool is closed. */
let threadsRefused = false

/**
 * Counts the records of a batch in the shared pool of worker threads (started on first use, then kept,
 * never keeping the process alive): each worker cuts its chunk's texts and adds up each record's weighted
 * term counts exactly as a single thread would; this thread interns the terms with `intern` in the order a
 * single thread would meet them, and hands each record to `sink` in order. Blocks until done: the public
 * API is synchronous.
 *
 * Returns false, having handed over nothing that counts, when the pool cannot do the batch as this analyzer
 * would: a custom segmenter (user code cannot cross threads), a worker whose analyzer fingerprint differs, a
 * text a worker failed on (the caller analyses the batch itself and fails as it would have), or a worker
 * that died or stalled. The caller must then undo what `intern` added and analyse on its own thread.
 *
 * @example
 * ```ts
 * const batch = { texts: ['船舶焊接', '碳化硅'], weights: Float64Array.of(1, 1), recordEnds: Uint32Array.of(1, 2) }
 * const ok = countInPool(new Analyzer(), batch, 2, (term) => vocabulary.intern(term), (ids, tfs, from, to) => {
 *   console.log(ids.subarray(from, to), tfs.subarray(from, to))
 * })
 * // ok false: nothing was handed over that counts, and the caller analyses on its own thread
 * ```
 */
export function countInPool(
  analyzer: Analyzer,
  batch: PoolBatch,
  workers: number,
  intern: (term: string) => number,
  sink: RecordSink,
): boolean {
  const segmenter = builtInSegmenter(analyzer.segmenter)
  if (!segmenter || batch.texts.length === 0) return false
  const fingerprint = analyzer.fingerprint()
  if (unpoolable.has(fingerprint)) return false
  const pool = sharedPool(Math.min(workers, MAX_WORKERS))
  if (!pool) return false
  const { userWords, stopWords, subwords = false, bigrams = false, minNumberLength = 0 } = analyzer.settings()
  const settings: WorkerAnalyzerSettings = { segmenter, userWords, stopWords, subwords, bigrams, minNumberLength }
  const outcome = pool.run(fingerprint, settings, batch, Math.min(workers, MAX_WORKERS), intern, sink)
  if (outcome === 'done') return true
  if (outcome === 'mismatch') unpoolable.add(fingerprint)
  if (outcome === 'crashed') dropCrashed(pool, 'this batch was analysed')
  return false
}

/**
 * Runs an index build's passes on `workers` threads: this one and `workers - 1` of the shared pool (started
 * if need be). A part whose arrays are not all shared, or that no thread finished (one failed, died or
 * stalled), runs on this thread; the results are the same either way.
 *
 * @example
 * ```ts
 * const postings = Postings.empty().merge(store, sublinearTf, vocabulary.size, parallelIn(2))
 * ```
 */
export function parallelIn(workers: number): Parallel {
  const parts = Math.min(workers, MAX_WORKERS)
  if (parts < 2) return SERIAL
  // After a thread is lost, the rest of the passes this object runs stay on this thread.
  let lost = false
  return {
    parts,
    run(kernel, args) {
      const pool = !lost && args.length > 1 && allShared(args) ? sharedPool(args.length - 1) : undefined
      if (!pool) return SERIAL.run(kernel, args)
      const unfinished = pool.kernel(kernel, args)
      if (pool.broken) {
        // A thread that stalled is stopped before its part runs again here, so that only one writes it.
        lost = true
        dropCrashed(pool, 'part of the index build ran')
      }
      for (const part of unfinished) KERNELS[kernel](args[part]!)
    },
  }
}

/** The shared pool with at least `size` threads, or undefined when threads cannot run here. */
function sharedPool(size: number): AnalysisPool | undefined {
  if (threadsRefused) return undefined
  if (shared?.broken) {
    void shared.close()
    shared = undefined
  }
  try {
    if (!shared) shared = AnalysisPool.start(size)
    else shared.grow(size)
  } catch {
    // Threads that cannot start (a platform or flag that refuses them): everything runs on this thread.
    threadsRefused = true
    return undefined
  }
  return shared
}

/** Closes a pool one of whose threads stopped or stalled, and says so once. */
function dropCrashed(pool: AnalysisPool, what: string): void {
  if (shared === pool) shared = undefined
  void pool.close()
  if (warned) return
  warned = true
  process.emitWarning(
    `duijie: an analysis worker thread stopped or stalled; ${what} on the calling thread ` +
      '(the results are the same). Set `workers: 1` to keep analysis off threads.',
    { code: 'DUIJIE_WORKER_FALLBACK' },
  )
}

/**
 * Stops the shared pool's threads; the next large batch starts a new one. For tests and for programs that
 * want their threads back: the pool's threads never keep a process alive anyway.
 *
 * @example
 * ```ts
 * void closeAnalysisPool().then(() => analysisPoolSize()) // 0
 * ```
 */
export async function closeAnalysisPool(): Promise<void> {
  const pool = shared
  shared = undefined
  unpoolable.clear()
  threadsRefused = false
  await pool?.close()
}

/**
 * The live threads of the shared pool (0 when none is running): for tests that check nothing leaks.
 *
 * @example
 * ```ts
 * analysisPoolSize() // 2 after a large batch with `workers: 2`
 * ```
 */
export function analysisPoolSize(): number {
  return shared && !shared.broken ? shared.size : 0
}

/**
 * Names the built-in segmenter a worker can make for itself, or undefined for user code: an object of
 * exactly a built-in class, with no method of its own patched on.
 */
function builtInSegmenter(segmenter: Segmenter): BuiltInSegmenter | undefined {
  if (Object.hasOwn(segmenter, 'cut') || Object.hasOwn(segmenter, 'subwords')) return undefined
  const proto = Object.getPrototypeOf(segmenter)
  if (proto === JiebaSegmenter.prototype) return 'jieba'
  if (proto === NodejiebaSegmenter.prototype) return 'nodejieba'
  if (proto === IntlSegmenter.prototype) return 'intl'
  return undefined
}

/** How a worker thread is started: its module, or (for a `.ts` module) a script that loads it through tsx. */
interface Entry {
  /** The module, or the script to evaluate. */
  code: URL | string
  eval: boolean
  /** `workerData.duijie`: the real module serves only when it is `'analysis'`. */
  duijie: string
}

/** Where the worker module is: beside this one, as `.ts` under tsx or vitest and `.js`/`.cjs` when built. */
function workerEntry(): Entry | undefined {
  if (testing.entry) return entryFor(testing.entry, 'test')
  const url = new URL(`./analysis-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url)
  return existsSync(url) ? entryFor(url, 'analysis') : undefined
}

/**
 * A `.ts` worker (tests, benchmarks: the source run as is) needs tsx's hooks registered inside the thread:
 * vitest's transform does not reach worker threads, and on Node 20 `--import tsx` in a worker's `execArgv`
 * does not apply to the worker's own entry. A built `.js`/`.cjs` worker is started as it is.
 */
function entryFor(url: URL, duijie: string): Entry | undefined {
  if (!url.pathname.endsWith('.ts')) return { code: url, eval: false, duijie }
  let api: string
  try {
    api = createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs')
  } catch {
    return undefined
  }
  if (!existsSync(api)) return undefined
  const script = `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}) })`
  return { code: script, eval: true, duijie }
}

interface Slot {
  worker: Worker
  /** The main thread's end of the worker's results channel. */
  port: MessagePort
  /** The fingerprint of the analyzer last sent, so an unchanged one is not sent again. */
  fingerprint?: string
  /** The worker's local term ids → strings, for the current batch. */
  names: string[]
  /** The worker's local term ids → vocabulary ids, -1 until first met in counting order. */
  global: Int32Array
  /** Chunks posted and not yet answered. */
  inFlight: number
}

type Outcome = 'done' | 'mismatch' | 'error' | 'crashed'

type Done = Extract<WorkerReply, { type: 'done' }> & { slot: Slot }

/** The threads, their result ports and the shared signal array. */
class AnalysisPool {
  private readonly slots: Slot[] = []
  private readonly signal = new Int32Array(new SharedArrayBuffer(4 * (SIGNAL.progress + MAX_WORKERS)))
  private batch = 0
  /** Set when a worker errs or exits outside a batch (seen by the event loop): the next batch starts afresh. */
  broken = false

  private constructor(private readonly entry: Entry) {}

  /** A pool of `size` threads, or undefined when the worker module is not there (a bundle without it). */
  static start(size: number): AnalysisPool | undefined {
    const entry = workerEntry()
    if (!entry) return undefined
    const pool = new AnalysisPool(entry)
    pool.grow(size)
    return pool
  }

  get size(): number {
    return this.slots.length
  }

  /** Adds threads up to `size`. */
  grow(size: number): void {
    while (this.slots.length < size) {
      const { port1, port2 } = new MessageChannel()
      const data: AnalysisWorkerData = {
        duijie: this.entry.duijie,
        signal: this.signal.buffer as SharedArrayBuffer,
        slot: this.slots.length,
        results: port2,
      }
      const worker = new Worker(this.entry.code, {
        eval: this.entry.eval,
        // None of the process's flags: `-e`/`--input-type` would stop a thread from starting, and flags such as
        // --expose-gc are refused per thread. A `.ts` entry registers its own loader.
        execArgv: [],
        workerData: data,
        transferList: [port2],
      })
      // Threads never keep a process alive, and their failures never become this thread's uncaught errors.
      worker.unref()
      port1.unref()
      worker.on('error', () => {
        this.broken = true
      })
      worker.on('exit', () => {
        this.broken = true
      })
      this.slots.push({ worker, port: port1, names: [], global: new Int32Array(0), inFlight: 0 })
    }
  }

  /** Terminates every thread. */
  async close(): Promise<void> {
    this.broken = true
    const slots = this.slots.splice(0)
    for (const s of slots) s.port.close()
    await Promise.all(slots.map((s) => s.worker.terminate()))
  }

  /** Counts a batch on the first `workers` threads; see {@link countInPool}. */
  run(
    fingerprint: string,
    settings: WorkerAnalyzerSettings,
    { texts, weights, recordEnds }: PoolBatch,
    workers: number,
    intern: (term: string) => number,
    sink: RecordSink,
  ): Outcome {
    const batch = ++this.batch
    const slots = this.slots.slice(0, workers)
    for (const slot of slots) {
      if (slot.fingerprint !== fingerprint) {
        slot.worker.postMessage({ type: 'configure', fingerprint, settings } satisfies WorkerTask)
        slot.fingerprint = fingerprint
      }
      slot.names = []
      slot.global = new Int32Array(0)
      slot.inFlight = 0
    }
    // Chunks are runs of whole records: record `r`'s texts are [recordEnds[r - 1], recordEnds[r]).
    const bounds = chunkBounds(texts, recordEnds, slots.length)
    const chunks = bounds.length - 1
    const textStart = (record: number) => (record === 0 ? 0 : recordEnds[record - 1]!)
    let next = 0
    const post = (slot: Slot) => {
      if (next >= chunks) return
      const [first, end] = [bounds[next]!, bounds[next + 1]!]
      const [from, to] = [textStart(first), textStart(end)]
      const task: WorkerTask = {
        type: 'analyze',
        batch,
        chunk: next,
        fingerprint,
        texts: texts.slice(from, to),
        weights: weights.slice(from, to),
        records: recordEnds.slice(first, end).map((e) => e - from),
      }
      slot.worker.postMessage(task)
      slot.inFlight++
      next++
    }
    for (let w = 0; w < WINDOW; w++) for (const slot of slots) post(slot)

    const ready = new Map<number, Done>()
    let counted = 0
    const allCounted = () => {
      for (let done = ready.get(counted); done; done = ready.get(counted)) {
        ready.delete(counted)
        this.hand(done, intern, sink)
        counted++
      }
      return counted >= chunks
    }
    const outcome = this.await(slots, batch, allCounted, (reply, slot) => {
      if (reply.type === 'failed') return reply.reason
      if (reply.type !== 'done') return undefined
      if (reply.firstLocal !== slot.names.length) {
        throw new DuijieError(
          'INTERNAL',
          `duijie: analysis worker sent terms from local id ${reply.firstLocal}, expected ${slot.names.length}`,
        )
      }
      for (const term of reply.terms) slot.names.push(term)
      slot.inFlight--
      ready.set(reply.chunk, { ...reply, slot })
      post(slot)
      return undefined
    })
    if (outcome === 'done') this.collect(slots)
    return outcome
  }

  /** Tells threads that their work is over, so that they free what it left (see `collect` in the worker). */
  private collect(slots: readonly Slot[]): void {
    for (const slot of slots) slot.worker.postMessage({ type: 'collect' } satisfies WorkerTask)
  }

  /**
   * Runs parts 1, 2, … of a kernel on the first threads and part 0 here, and waits for them; returns the
   * parts no thread finished (a thread that failed, died or stalled), for the caller to run.
   */
  kernel(kernel: KernelName, parts: readonly KernelArgs[]): number[] {
    const batch = ++this.batch
    const slots = this.slots.slice(0, parts.length - 1)
    slots.forEach((slot, k) => {
      slot.worker.postMessage({ type: 'kernel', batch, part: k + 1, kernel, args: parts[k + 1]! } satisfies WorkerTask)
    })
    KERNELS[kernel](parts[0]!)
    const pending = new Set(slots.map((_, k) => k + 1))
    const failed: number[] = []
    const outcome = this.await(
      slots,
      batch,
      () => pending.size === 0,
      (reply) => {
        const part = reply.type === 'kernel-done' ? reply.part : reply.type === 'failed' ? reply.chunk : -1
        if (!pending.delete(part)) return undefined
        if (reply.type === 'failed') failed.push(part)
        return undefined
      },
    )
    if (outcome === 'crashed') this.broken = true
    else this.collect(slots)
    return [...failed, ...pending].sort((a, b) => a - b)
  }

  /**
   * Reads the replies to `batch` from `slots`' ports and hands each to `onReply` until `finished()`, or
   * until `onReply` returns an outcome, or a thread exits or stalls ('crashed'). The thread sleeps on the
   * shared signal between replies.
   */
  private await(
    slots: readonly Slot[],
    batch: number,
    finished: () => boolean,
    onReply: (reply: WorkerReply, slot: Slot) => Outcome | undefined,
  ): Outcome {
    let progress = this.progress(slots.length)
    let lastProgressAt = performance.now()
    while (!finished()) {
      const wake = Atomics.load(this.signal, SIGNAL.wake)
      let received = false
      for (const slot of slots) {
        for (let got = receiveMessageOnPort(slot.port); got; got = receiveMessageOnPort(slot.port)) {
          const reply = got.message as WorkerReply
          // Answers to an earlier, abandoned batch are still in the ports: drop them.
          if (reply.batch !== batch) continue
          received = true
          const outcome = onReply(reply, slot)
          if (outcome) return outcome
        }
      }
      if (received) continue
      // Any of this pool's threads gone (it is closed after one is): its chunks would never come.
      if (Atomics.load(this.signal, SIGNAL.exited) > 0) return 'crashed'
      if (Atomics.wait(this.signal, SIGNAL.wake, wake, WAIT_SLICE_MS) === 'timed-out') {
        const now = this.progress(slots.length)
        if (now !== progress) {
          progress = now
          lastProgressAt = performance.now()
        } else if (performance.now() - lastProgressAt > testing.stallMs) return 'crashed'
      }
    }
    return 'done'
  }

  /** Maps a chunk's local term ids to vocabulary ids, interning in counting order, and hands its records on. */
  private hand(done: Done, intern: (term: string) => number, sink: RecordSink): void {
    const { slot, ids, tfs, ends } = done
    if (slot.global.length < slot.names.length) {
      const bigger = new Int32Array(Math.max(2 * slot.global.length, slot.names.length)).fill(-1)
      bigger.set(slot.global)
      slot.global = bigger
    }
    const global = slot.global
    for (let k = 0; k < ids.length; k++) {
      const local = ids[k]!
      let id = global[local]!
      if (id < 0) {
        id = intern(slot.names[local]!)
        global[local] = id
      }
      ids[k] = id
    }
    let from = 0
    for (let i = 0; i < ends.length; i++) {
      sink(ids, tfs, from, ends[i]!)
      from = ends[i]!
    }
  }

  private progress(workers: number): number {
    let sum = 0
    for (let w = 0; w < workers; w++) sum += Atomics.load(this.signal, SIGNAL.progress + w)
    return sum
  }
}

/**
 * Chunk boundaries (record indexes, first 0, last the number of records): about the same number of
 * characters each, at least eight chunks a worker so a slow one is not waited for long, within
 * {@link CHUNK_CHARS}.
 */
function chunkBounds(texts: readonly string[], recordEnds: Uint32Array, workers: number): number[] {
  let total = 0
  for (const t of texts) total += t.length
  const target =
    testing.chunkChars ?? Math.min(CHUNK_CHARS.max, Math.max(CHUNK_CHARS.min, Math.ceil(total / (8 * workers))))
  const bounds = [0]
  let chars = 0
  let text = 0
  recordEnds.forEach((end, record) => {
    for (; text < end; text++) chars += texts[text]!.length
    if (chars >= target) {
      bounds.push(record + 1)
      chars = 0
    }
  })
  if (bounds.at(-1) !== recordEnds.length) bounds.push(recordEnds.length)
  return bounds
}
