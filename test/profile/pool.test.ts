import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadSampleData } from '../../examples/sample-data.js'
import {
  DEFAULTS,
  DuijieError,
  type ExpertInput,
  JiebaSegmenter,
  Matcher,
  type MatcherOptions,
  type Segmenter,
} from '../../src/index.js'
import { analysisPoolSize, closeAnalysisPool, configureAnalysisPool } from '../../src/profile/pool.js'
import { expectDuijieError } from '../helpers/errors.js'

const sample = loadSampleData()
const FIXTURE = new URL('./pool-fixture-worker.ts', import.meta.url)
// Every batch of two records or more goes to two workers, in chunks of a few texts each.
const POOLED: MatcherOptions = { workers: 2, workerBatch: 2 }
const SINGLE: MatcherOptions = { workers: 1 }

/** The sample experts five times over (new ids), so a batch spans many chunks and both workers. */
const EXPERTS: ExpertInput[] = Array.from({ length: 5 }, (_, copy) =>
  sample.experts.map((e) => ({ ...e, id: `${e.id}-${copy}` })),
).flat()

/** The sample documents for the first three copies of their experts. */
const DOCUMENTS = Array.from({ length: 3 }, (_, copy) =>
  sample.documents.map((d) => ({ ...d, id: `${d.id}-${copy}`, expertIds: d.expertIds.map((e) => `${e}-${copy}`) })),
).flat()

function district(options: MatcherOptions): Matcher {
  return new Matcher(options)
    .addUniversities(sample.universities)
    .addExperts(EXPERTS)
    .addProgrammes(sample.programmes)
    .addInvestors(sample.investors)
}

/** Everything a matcher answers and saves; two matchers built alike must agree on all of it. */
function answers(m: Matcher) {
  return {
    stats: m.stats,
    matches: sample.needs.slice(0, 12).map((n) => m.match(n, { topK: 5 })),
    json: m.toJSON(),
  }
}

beforeAll(() => configureAnalysisPool({ chunkChars: 400 }))
afterEach(() => vi.restoreAllMocks())
afterAll(async () => {
  await closeAnalysisPool()
  configureAnalysisPool({ entry: undefined, chunkChars: undefined, stallMs: 30_000 })
  expect(analysisPoolSize()).toBe(0)
})

describe('analysis on worker threads', () => {
  it('gives the same terms, ids, scores and snapshot as one thread, and uses the pool', () => {
    const single = answers(district(SINGLE))
    const pooled = answers(district(POOLED))
    expect(analysisPoolSize()).toBe(2)
    expect(pooled).toEqual(single)
  })

  it('agrees with bigrams off, sub-words on, user words and a stop list of its own', () => {
    const options: MatcherOptions = {
      bigrams: false,
      subwords: true,
      userWords: ['分段焊接', '局部放电'],
      stopWords: { add: ['研究'], remove: ['技术'] },
      minNumberLength: 2,
    }
    expect(answers(district({ ...options, ...POOLED }))).toEqual(answers(district({ ...options, ...SINGLE })))
  })

  it('agrees after addWords re-analyses every record, documents included, through the pool', () => {
    const build = (options: MatcherOptions) => {
      const m = district(options).addDocuments(DOCUMENTS)
      m.match('船舶焊接')
      m.addWords(['焊接变形控制', '平面分段'])
      return answers(m)
    }
    const pooled = build(POOLED)
    expect(pooled.json.sections.addedWords).toBeDefined()
    expect(pooled).toEqual(build(SINGLE))
  })

  it('sends a changed analyzer to the workers: adds after addWords cut the new words there too', () => {
    const build = (options: MatcherOptions) => {
      const m = new Matcher(options).addUniversities(sample.universities)
      m.addExperts(EXPERTS.slice(0, 100))
      m.addWords(['多层多道焊'])
      m.addExperts(EXPERTS.slice(100))
      return answers(m)
    }
    expect(build(POOLED)).toEqual(build(SINGLE))
  })

  it('keeps a small batch (under workerBatch) and workers: 0 or 1 on the calling thread', () => {
    // Profiles are cut a text at a time (cutRuns); cut is for single runs.
    const cuts = [vi.spyOn(JiebaSegmenter.prototype, 'cut'), vi.spyOn(JiebaSegmenter.prototype, 'cutRuns')]
    const calls = () => cuts.reduce((sum, spy) => sum + spy.mock.calls.length, 0)
    const clear = () => {
      for (const spy of cuts) spy.mockClear()
    }
    new Matcher({ workers: 2, workerBatch: 1000 }).addUniversities(sample.universities).addExperts(EXPERTS)
    const small = calls()
    expect(small).toBeGreaterThan(EXPERTS.length)
    clear()
    new Matcher({ workers: 0, workerBatch: 2 }).addUniversities(sample.universities).addExperts(EXPERTS)
    expect(calls()).toBe(small)
    clear()
    new Matcher(POOLED).addUniversities(sample.universities).addExperts(EXPERTS)
    // Pooled, the experts' texts are cut in the workers: this thread cuts only what is outside the batch.
    expect(calls()).toBeLessThan(small / 10)
  })

  it('analyses on the calling thread, with the same results, when the segmenter is user code', () => {
    const jieba = new JiebaSegmenter()
    const runs: string[] = []
    const custom: Segmenter = {
      id: 'custom-jieba@1',
      cut: (run) => {
        runs.push(run)
        return jieba.cut(run)
      },
    }
    const pooled = answers(district({ ...POOLED, segmenter: custom }))
    const cutHere = runs.length
    expect(cutHere).toBeGreaterThan(EXPERTS.length)
    runs.length = 0
    expect(pooled).toEqual(answers(district({ ...SINGLE, segmenter: custom })))
    expect(runs.length).toBe(cutHere)
  })

  it('treats a built-in segmenter with a method patched on as user code', () => {
    const patched = new JiebaSegmenter()
    let calls = 0
    const original = patched.cut.bind(patched)
    patched.cut = (run) => {
      calls++
      return original(run)
    }
    new Matcher({ ...POOLED, segmenter: patched }).addUniversities(sample.universities).addExperts(EXPERTS)
    expect(calls).toBeGreaterThan(EXPERTS.length)
  })

  it('refuses a batch whose segmenter fails, changing nothing, as on one thread', async () => {
    await closeAnalysisPool()
    configureAnalysisPool({ entry: FIXTURE })
    const m = district(POOLED)
    const before = answers(m)
    // The fixture worker refuses the marked text; the batch comes back to this thread, whose (patched)
    // segmenter fails on it: the error is the one a single thread gives, and nothing of the batch stays.
    const cutRuns = JiebaSegmenter.prototype.cutRuns
    vi.spyOn(JiebaSegmenter.prototype, 'cutRuns').mockImplementation(function (this: JiebaSegmenter, runs) {
      if (runs.some((run) => run.includes('抛出'))) throw new DuijieError('INPUT', 'duijie: test segmenter failure')
      return cutRuns.call(this, runs)
    })
    const batch = EXPERTS.slice(0, 40).map((e, i) => ({ ...e, id: `new-${i}` }))
    batch[30] = { ...batch[30]!, description: `${batch[30]!.description}〔抛出〕` }
    const error = expectDuijieError(() => m.addExperts(batch), 'INPUT')
    expect(error.message).toContain('test segmenter failure')
    expect(analysisPoolSize()).toBe(2)
    vi.restoreAllMocks()
    expect(answers(m)).toEqual(before)
    configureAnalysisPool({ entry: undefined })
    await closeAnalysisPool()
  })

  it('falls back to the calling thread when a worker cannot cut a text, or exits, or stalls', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    for (const marker of ['〔抛出〕', '〔退出〕', '〔卡住〕']) {
      await closeAnalysisPool()
      configureAnalysisPool({ entry: FIXTURE, stallMs: 3000 })
      const marked = EXPERTS.map((e, i) => (i === 150 ? { ...e, description: `${e.description}${marker}` } : e))
      const m = new Matcher(POOLED)
        .addUniversities(sample.universities)
        .addExperts(marked)
        .addProgrammes(sample.programmes)
        .addInvestors(sample.investors)
      const result = answers(m)
      const expected = answers(
        new Matcher(SINGLE)
          .addUniversities(sample.universities)
          .addExperts(marked)
          .addProgrammes(sample.programmes)
          .addInvestors(sample.investors),
      )
      expect(result, marker).toEqual(expected)
    }
    // A worker that dies or stalls is reported once; a text it refused is not a crash.
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![1]).toMatchObject({ code: 'DUIJIE_WORKER_FALLBACK' })
    configureAnalysisPool({ entry: undefined, stallMs: 30_000 })
    await closeAnalysisPool()
  })

  it('agrees with one thread on random batches (property)', () => {
    const words = [
      '船舶',
      '焊接',
      '机器人',
      '碳化硅',
      '功率',
      '模块',
      '局部放电',
      '监测',
      '的',
      'PLC',
      '304',
      '5G',
      '，',
      '。',
    ]
    const text = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 12 }).map((w) => w.join(''))
    const expert = fc.record({
      specialties: fc.option(fc.array(text, { minLength: 1, maxLength: 3 }), { nil: undefined }),
      description: text,
    })
    fc.assert(
      fc.property(
        fc.array(fc.array(expert, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 3 }),
        (batches) => {
          const build = (options: MatcherOptions) => {
            const m = new Matcher(options).addUniversities([{ id: 'u', name: '大学' }])
            let n = 0
            for (const batch of batches) {
              m.addExperts(batch.map((e) => ({ ...e, id: `e${n++}`, name: '专家', universityId: 'u' })))
            }
            return { terms: m.stats.terms, json: m.toJSON(), top: m.match('船舶焊接机器人').experts }
          }
          expect(build({ workers: 2, workerBatch: 1 })).toEqual(build(SINGLE))
        },
      ),
      { numRuns: 25 },
    )
  })
})

describe('the workers option', () => {
  it('defaults to one thread per core, at most 8, for batches of 2000 records or more', () => {
    expect(DEFAULTS.workers).toBeGreaterThanOrEqual(1)
    expect(DEFAULTS.workers).toBeLessThanOrEqual(8)
    expect(new Matcher().options).toMatchObject({ workers: DEFAULTS.workers, workerBatch: DEFAULTS.workerBatch })
  })

  it('is checked like every option, naming the field', () => {
    expectDuijieError(() => new Matcher({ workers: -1 }), 'INPUT', ['workers'])
    expectDuijieError(() => new Matcher({ workers: 1.5 }), 'INPUT', ['workers'])
    expectDuijieError(() => new Matcher({ workers: 1000 }), 'INPUT', ['workers'])
    expectDuijieError(() => new Matcher({ workers: '2' as never }), 'INPUT', ['workers'])
    expectDuijieError(() => new Matcher({ workerBatch: 0 }), 'INPUT', ['workerBatch'])
    expectDuijieError(() => Matcher.fromJSON(new Matcher().toJSON(), { workers: -2 }), 'INPUT', ['workers'])
  })

  it('is not saved: a snapshot is the same whatever the threads, and a load takes its own', () => {
    const pooled = district({ ...POOLED, workerBatch: 3 })
    const json = pooled.toJSON()
    expect(json).toEqual(district(SINGLE).toJSON())
    expect(JSON.stringify(json.sections.settings)).not.toContain('worker')
    const loaded = Matcher.fromJSON(json, { workers: 0, workerBatch: 5 })
    expect(loaded.options).toMatchObject({ workers: 0, workerBatch: 5 })
    expect(Matcher.fromJSON(json).options.workers).toBe(DEFAULTS.workers)
  })
})
