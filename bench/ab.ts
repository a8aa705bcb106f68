// A/B: the Matcher of this checkout against the Matcher of another one (the commit before a refactor, say),
// on the same generated catalogue (bench/lib/corpus.ts) and through the public API only. Each run builds
// both sides, alternating which goes first (build = addUniversities + addExperts + the first match), then,
// after a warm-up, times the same needs interleaved between them (A need i, B need i, B need i+1, A…). Both sides must
// rank the same experts with the same scores for every need. Last, each side saves its matcher with
// saveBinary and loads it back (timed until the first need is answered), and times 10 experts updated → the
// next answer (median of 3). With --expose-gc it also gives the memory each side's index takes.
//
//   git worktree add ../pre <commit> && (cd ../pre && npm ci)   (a baseline checkout)
//   npx tsx --expose-gc bench/ab.ts --baseline ../pre [--size 100000] [--queries 200] [--runs 3] [--allow-diff]
//   npx tsx bench/ab.ts --baseline ../pre --current ../other   (B against another checkout, not this one)
//
// Prints a markdown table of medians across runs (build s, need p50 / p90 ms) with current ÷ baseline, and
// the count of needs whose experts or scores differ; exits 1 if there are any, unless --allow-diff.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { MatchResult } from '../src/index.js'
import { generateCorpus } from './lib/corpus.js'
import { gc, log, median, percentile } from './lib/stats.js'

type Api = typeof import('../src/index.js')
type Matcher = InstanceType<Api['Matcher']>

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    current: { type: 'string' },
    size: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
    'allow-diff': { type: 'boolean', default: false },
  },
})
if (!values.baseline) {
  console.error(
    'usage: npx tsx bench/ab.ts --baseline <checkout> [--current <checkout>] [--size 100000] [--queries 200] [--runs 3] [--allow-diff]',
  )
  process.exit(2)
}
const size = Number(values.size)
const queryCount = Number(values.queries)
const runs = Number(values.runs)
const K = 10
const WARMUP = Math.min(20, queryCount)

interface Side {
  name: 'current' | 'baseline'
  dir: string
  revision: string
  Matcher: Api['Matcher']
  build: number[]
  p50: number[]
  p90: number[]
  save: number[]
  load: number[]
  megabytes: number[]
  /** Heap and array buffers the build added, per expert (only with --expose-gc). */
  kilobytes: number[]
  update: number[]
}

function revision(dir: string): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    const head = git('rev-parse', '--short', 'HEAD')
    return git('status', '--porcelain', '--untracked-files=no') ? `${head}+changes` : head
  } catch {
    return 'unknown'
  }
}

async function side(name: Side['name'], dir: string | undefined): Promise<Side> {
  let api: Api
  if (dir === undefined) {
    api = await import('../src/index.js')
  } else {
    const entry = join(resolve(dir), 'src', 'index.ts')
    if (!existsSync(entry)) {
      console.error(`${name}: no ${entry}`)
      process.exit(2)
    }
    api = (await import(pathToFileURL(entry).href)) as Api
  }
  const root = dir === undefined ? resolve(dirname(fileURLToPath(import.meta.url)), '..') : resolve(dir)
  return {
    name,
    dir: root,
    revision: revision(root),
    Matcher: api.Matcher,
    build: [],
    p50: [],
    p90: [],
    save: [],
    load: [],
    megabytes: [],
    kilobytes: [],
    update: [],
  }
}

const current = await side('current', values.current)
const baseline = await side('baseline', values.baseline)
if (current.dir === baseline.dir) log(`both sides load ${current.dir}: an A/A run`)

log(`generating ${size.toLocaleString('en')} experts`)
const corpus = generateCorpus(size)
const need = (i: number) => corpus.queries[i % corpus.queries.length]!

const exposedGc = typeof globalThis.gc === 'function'
function heap(): number {
  gc()
  gc()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

function build(s: Side): Matcher {
  const before = heap()
  const t = performance.now()
  const m = new s.Matcher()
  m.addUniversities(corpus.universities)
  m.addExperts(corpus.experts)
  m.match(need(0), { topK: K })
  const seconds = (performance.now() - t) / 1000
  s.build.push(seconds)
  // The other side's matcher, if built, is in both readings: the difference is this one's.
  if (exposedGc) s.kilobytes.push((heap() - before) / size / 1024)
  log(`${s.name}: build ${seconds.toFixed(2)} s${exposedGc ? `, ${s.kilobytes.at(-1)!.toFixed(2)} KB an expert` : ''}`)
  return m
}

/** Why two results differ, or undefined when their experts and scores are the same. */
function difference(a: MatchResult, b: MatchResult): string | undefined {
  const ids = (r: MatchResult) => r.experts.map((e) => e.id).join(',')
  if (ids(a) !== ids(b)) return `experts ${ids(a)} vs ${ids(b)}`
  const i = a.experts.findIndex((e, j) => e.score !== b.experts[j]!.score)
  return i < 0 ? undefined : `score of ${a.experts[i]!.id}: ${a.experts[i]!.score} vs ${b.experts[i]!.score}`
}

// Each side loads its own jieba dictionary on first use: do that on a small catalogue, untimed.
for (const s of [current, baseline]) {
  new s.Matcher().addUniversities(corpus.universities).addExperts(corpus.experts.slice(0, 100)).match(need(0))
}

const mismatched = new Set<number>()
for (let run = 0; run < runs; run++) {
  const order = run % 2 === 0 ? [current, baseline] : [baseline, current]
  log(`run ${run + 1}/${runs}: ${order[0]!.name} first`)
  let matchers: Matcher[] | undefined = order.map(build)
  for (let i = 0; i < WARMUP; i++) for (const m of matchers) m.match(need(i), { topK: K })
  const times: number[][] = order.map(() => [])
  const results: MatchResult[][] = order.map(() => [])
  for (let i = 0; i < queryCount; i++) {
    // Who goes first alternates per need too: the second of a pair runs on warmer caches.
    for (const s of i % 2 === 0 ? [0, 1] : [1, 0]) {
      const t = performance.now()
      results[s]!.push(matchers[s]!.match(need(i), { topK: K }))
      times[s]!.push(performance.now() - t)
    }
  }
  // Save and load: saveBinary, then loadBinary until the first need is answered, the same answers.
  const directory = mkdtempSync(join(tmpdir(), 'duijie-ab-'))
  order.forEach((s, j) => {
    const path = join(directory, `${s.name}.duijie`)
    let t = performance.now()
    const bytes = matchers![j]!.saveBinary(path)
    s.save.push((performance.now() - t) / 1000)
    s.megabytes.push(bytes / 1e6)
    gc()
    t = performance.now()
    const loaded = s.Matcher.loadBinary(path)
    const first = loaded.match(need(0), { topK: K })
    s.load.push((performance.now() - t) / 1000)
    log(
      `${s.name}: save ${s.save.at(-1)!.toFixed(2)} s, load ${s.load.at(-1)!.toFixed(2)} s, ${(bytes / 1e6).toFixed(0)} MB`,
    )
    if (difference(first, results[j]![0]!)) throw new Error(`${s.name}: the loaded matcher answers differently`)
    rmSync(path)
  })
  rmSync(directory, { recursive: true })
  // The cost of a change, last: the updates leave the two matchers equal to each other, not to the results above.
  order.forEach((s, j) => {
    const times: number[] = []
    for (let round = 0; round < 3; round++) {
      const t = performance.now()
      const rewritten = corpus.experts.slice(10 * (3 * run + round), 10 * (3 * run + round + 1))
      matchers![j]!.updateExperts(rewritten.map((e) => ({ ...e, description: `${e.description ?? ''}。更新` })))
      matchers![j]!.match(need(round), { topK: K })
      times.push(performance.now() - t)
    }
    s.update.push(median(times))
    log(`${s.name}: 10 updates → answer ${median(times).toFixed(0)} ms`)
  })
  matchers = undefined
  const [a, b] = order[0] === current ? [results[0]!, results[1]!] : [results[1]!, results[0]!]
  for (let i = 0; i < queryCount; i++) {
    const why = difference(a[i]!, b[i]!)
    if (why && !mismatched.has(i)) {
      if (mismatched.size < 5) log(`differs on need ${i} "${need(i)}": ${why}`)
      mismatched.add(i)
    }
  }
  order.forEach((s, j) => {
    const sorted = times[j]!.sort((x, y) => x - y)
    s.p50.push(percentile(sorted, 50))
    s.p90.push(percentile(sorted, 90))
    log(`${s.name}: p50 ${percentile(sorted, 50).toFixed(3)} ms, p90 ${percentile(sorted, 90).toFixed(3)} ms`)
  })
}

const f = (x: number, digits: number) => x.toFixed(digits)
const row = (label: string, pick: (s: Side) => number[], digits: number) => {
  const c = median(pick(current))
  const b = median(pick(baseline))
  return `| ${label} | ${f(c, digits)} | ${f(b, digits)} | ${f(c / b, 3)} |`
}
console.log(
  [
    `A/B, ${new Date().toISOString().slice(0, 10)}: ${size.toLocaleString('en')} experts (${corpus.source === 'csl' ? 'CSL sentences' : 'Zipf synthetic text'}), ${queryCount} needs, top ${K}, medians of ${runs} run${runs === 1 ? '' : 's'}, Node ${process.version}.`,
    `current ${current.revision} (${current.dir}), baseline ${baseline.revision} (${baseline.dir}).`,
    '',
    '| | current | baseline | current ÷ baseline |',
    '|---|---:|---:|---:|',
    row('build (s)', (s) => s.build, 2),
    row('need p50 (ms)', (s) => s.p50, 3),
    row('need p90 (ms)', (s) => s.p90, 3),
    row('saveBinary (s)', (s) => s.save, 2),
    row('loadBinary + first need (s)', (s) => s.load, 2),
    row('snapshot (MB)', (s) => s.megabytes, 0),
    row('10 updates → answer (ms)', (s) => s.update, 0),
    ...(exposedGc ? [row('index memory (KB an expert)', (s) => s.kilobytes, 2)] : []),
    '',
    `needs whose experts or scores differ: ${mismatched.size} of ${queryCount}`,
  ].join('\n'),
)
if (mismatched.size > 0 && !values['allow-diff']) process.exit(1)
