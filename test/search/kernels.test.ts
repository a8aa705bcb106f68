import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import fc from 'fast-check'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { generateCorpus } from '../../bench/lib/corpus.js'
import { Matcher } from '../../src/index.js'
import { analysisPoolSize, closeAnalysisPool, configureAnalysisPool, parallelIn } from '../../src/profile/pool.js'
import { ProfileStore, type TermCounts } from '../../src/profile/store.js'
import { bm25, tfidf } from '../../src/profile/weighting.js'
import { centroidPostings } from '../../src/search/centroid.js'
import { type Parallel, SERIAL, splitRange } from '../../src/search/kernels.js'
import { ScoringModel } from '../../src/search/model.js'
import { Postings } from '../../src/search/postings.js'

// The invariant: an index build whose passes are split into parts (documents or terms per part, on one
// thread or several) gives exactly the arrays of a build in one part.

const VOCABULARY = 10
const GROUPS = 4

/** Parts run one after the other on this thread: the split without the threads. */
const split = (parts: number): Parallel => ({ parts, run: SERIAL.run })

const profile = fc
  .uniqueArray(fc.integer({ min: 0, max: VOCABULARY - 1 }), { maxLength: 5 })
  .chain((ids) =>
    fc
      .array(fc.constantFrom(0.5, 1, 2, 3, 4.5), { minLength: ids.length, maxLength: ids.length })
      .map((tfs): TermCounts => ({ ids: Uint32Array.from(ids), tfs: Float32Array.from(tfs) })),
  )
/** Profiles for docs 0…n−1 (some empty), around a doc-id segment boundary when `offset` puts them there. */
const batch = fc.array(profile, { minLength: 1, maxLength: 40 })

function storeOf(profiles: readonly TermCounts[]): ProfileStore {
  const store = new ProfileStore()
  store.reserve(profiles.length, 0)
  for (const p of profiles) store.add(p)
  return store
}

/** Everything a build makes, as plain arrays. */
function built(old: readonly TermCounts[], fresh: readonly TermCounts[], padding: number, parallel: Parallel) {
  // `padding` empty documents first, so that the new ones can straddle the 65,536-doc segment boundary.
  const first = Postings.empty().merge(
    storeOf([...Array(padding).fill({ ids: new Uint32Array(0), tfs: new Float32Array(0) }), ...old]),
    (tf) => tf,
    VOCABULARY,
  )
  const postings = first.merge(storeOf(fresh), (tf) => 1 + Math.log(1 + tf), VOCABULARY, parallel)
  const idf = Float64Array.from({ length: VOCABULARY }, (_, t) =>
    postings.df(t) > 0 ? tfidf.idf(postings.df(t), postings.documents) : 0,
  )
  const cosine = ScoringModel.build(postings, idf, tfidf, parallel)
  const okapi = ScoringModel.build(postings, idf, bm25({ k1: 1.2, b: 0.75 }), parallel)
  const groupOf = Uint32Array.from({ length: postings.documents }, (_, d) => (d * 7) % GROUPS)
  const centroids = centroidPostings(cosine, groupOf, GROUPS, parallel)
  const arrays = (p: Postings) => ({
    spans: [...p.spans],
    docs: [...p.docs],
    codes: p.values.codes ? [...p.values.codes] : undefined,
    palette: [...p.values.palette],
    lengths: [...p.lengths],
  })
  return {
    postings: arrays(postings),
    cosine: { weights: [...cosine.weights], termMax: [...cosine.termMax] },
    okapi: { weights: [...okapi.weights], termMax: [...okapi.termMax] },
    centroids: arrays(centroids),
  }
}

afterAll(async () => {
  await closeAnalysisPool()
})

describe('index build kernels', () => {
  it('give the same postings, weights and centroids split into 2–5 parts as in one (property)', () => {
    fc.assert(
      fc.property(
        batch,
        batch,
        fc.constantFrom(0, 65_536 - 20),
        fc.integer({ min: 2, max: 5 }),
        (old, fresh, padding, parts) => {
          expect(built(old, fresh, padding, split(parts))).toEqual(built(old, fresh, padding, SERIAL))
        },
      ),
      { numRuns: 60 },
    )
  })

  it('give the same arrays with a part on a worker thread, which the build starts', async () => {
    await closeAnalysisPool()
    const profiles = Array.from({ length: 3000 }, (_, d): TermCounts => {
      const ids = Uint32Array.from(new Set([d % VOCABULARY, (d * 3 + 1) % VOCABULARY, (d >> 4) % VOCABULARY]))
      return { ids, tfs: Float32Array.from(ids, (t) => 1 + ((t + d) % 3)) }
    })
    const threads = built(profiles.slice(0, 1000), profiles.slice(1000), 65_000, parallelIn(2))
    expect(analysisPoolSize()).toBeGreaterThanOrEqual(1)
    expect(threads).toEqual(built(profiles.slice(0, 1000), profiles.slice(1000), 65_000, SERIAL))
  })

  it('give the same arrays when the thread fails, exits or stalls: its part runs here, and a lost thread is reported once', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const profiles = Array.from(
      { length: 2000 },
      (_, d): TermCounts => ({
        ids: Uint32Array.of(d % VOCABULARY),
        tfs: Float32Array.of(1 + (d % 4)),
      }),
    )
    const serial = built(profiles.slice(0, 500), profiles.slice(500), 0, SERIAL)
    for (const mode of ['throw', 'exit', 'stall']) {
      await closeAnalysisPool()
      process.env.DUIJIE_KERNEL_FIXTURE = mode
      configureAnalysisPool({ entry: new URL('./kernel-fixture-worker.ts', import.meta.url), stallMs: 1500 })
      expect(built(profiles.slice(0, 500), profiles.slice(500), 0, parallelIn(2)), mode).toEqual(serial)
    }
    delete process.env.DUIJIE_KERNEL_FIXTURE
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![1]).toMatchObject({ code: 'DUIJIE_WORKER_FALLBACK' })
    warn.mockRestore()
    configureAnalysisPool({ entry: undefined, stallMs: 30_000 })
    await closeAnalysisPool()
  })

  it('make a matcher on 2 threads save the same bytes as on one, before and after more experts', async () => {
    await closeAnalysisPool()
    // About 1.3M postings: above the size from which a collection's build is shared.
    const corpus = generateCorpus(4000)
    const snapshot = (workers: number) => {
      const m = new Matcher({ workers }).addUniversities(corpus.universities).addExperts(corpus.experts.slice(0, 3500))
      m.match(corpus.queries[0]!)
      m.addExperts(corpus.experts.slice(3500))
      m.match(corpus.queries[1]!)
      return Buffer.from(m.toBinary())
    }
    const threaded = snapshot(2)
    expect(analysisPoolSize()).toBeGreaterThanOrEqual(1)
    expect(threaded.equals(snapshot(1))).toBe(true)
  })

  it('leave nothing alive in the threads after a build: neither the analysis buffers nor the shared arrays', async () => {
    await closeAnalysisPool()
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    setFlagsFromString('--no-expose-gc')
    const corpus = generateCorpus(4000)
    const m = new Matcher({ workers: 2 }).addUniversities(corpus.universities).addExperts(corpus.experts)
    m.match(corpus.queries[0]!)
    // The threads collect when told the work is over; their memory goes back a little later (V8 frees
    // buffers in the background), so wait until it stops falling, for a few seconds at most.
    let held = Number.POSITIVE_INFINITY
    for (let poll = 0; poll < 30; poll++) {
      await new Promise((resolve) => setTimeout(resolve, 150))
      gc()
      const now = process.memoryUsage().arrayBuffers
      if (held - now < 5e5) break
      held = now
    }
    // Closing the pool drops whatever its thread still refers to.
    await closeAnalysisPool()
    await new Promise((resolve) => setTimeout(resolve, 100))
    gc()
    expect(held - process.memoryUsage().arrayBuffers).toBeLessThan(2e6)
    expect(m.match(corpus.queries[1]!).experts.length).toBeGreaterThan(0)
  })

  it('split ranges into parts of about equal weight that cover every item once', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 50 }), { maxLength: 60 }), fc.integer({ min: 1, max: 6 }), (sizes, parts) => {
        const cumulative = [0]
        for (const size of sizes) cumulative.push(cumulative.at(-1)! + size)
        const bounds = splitRange(sizes.length, parts, (i) => cumulative[i]!)
        expect(bounds).toHaveLength(parts + 1)
        expect(bounds[0]).toBe(0)
        expect(bounds.at(-1)).toBe(sizes.length)
        for (let k = 1; k < bounds.length; k++) expect(bounds[k]!).toBeGreaterThanOrEqual(bounds[k - 1]!)
        // No part outweighs an equal share by more than its heaviest item.
        const share = cumulative.at(-1)! / parts
        for (let k = 0; k < parts; k++) {
          const weight = cumulative[bounds[k + 1]!]! - cumulative[bounds[k]!]!
          expect(weight).toBeLessThanOrEqual(share + Math.max(0, ...sizes))
        }
      }),
    )
  })
})
