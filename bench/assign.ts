// assign() at the size the visit planner must handle: 500 people × 5,000 items, 20 candidates each,
// against the textbook solver it replaced (successive shortest paths, one Dijkstra per unit of flow) and a
// greedy pass, all on the same instance in the same run.
//
//   npm run bench:assign -- [--people 500] [--items 5000] [--candidates 20] [--runs 5] [--decimals 16] [--no-reference]
import { parseArgs } from 'node:util'
import { assign, type Affinity } from '../src/index.js'
import { greedyAssign, shortestPathsAssign } from './lib/assign-baselines.js'
import { seededRandom } from './lib/csl.js'

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '500' },
    items: { type: 'string', default: '5000' },
    candidates: { type: 'string', default: '20' },
    runs: { type: 'string', default: '5' },
    decimals: { type: 'string', default: '16' },
    'no-reference': { type: 'boolean', default: false },
  },
})
const [people, items, candidates, runs] = [values.people, values.items, values.candidates, values.runs].map(Number) as [
  number,
  number,
  number,
  number,
]
const scale = 10 ** Number(values.decimals)
const random = seededRandom(11)
const scores: Affinity[] = []
for (let i = 0; i < items; i++) {
  const chosen = new Set<number>()
  while (chosen.size < candidates) chosen.add(Math.floor(random() * people))
  for (const p of chosen) scores.push({ person: `p${p}`, item: `i${i}`, score: Math.round(random() * scale) / scale })
}
// Capacity for about nine in ten items: some must be left out, so the solver works at its hardest.
const capacity = Object.fromEntries(
  Array.from({ length: people }, (_, p) => [`p${p}`, Math.floor((0.9 * items) / people)]),
)

const timed = <T>(run: () => T): { result: T; ms: number } => {
  const t = performance.now()
  const result = run()
  return { result, ms: performance.now() - t }
}
const total = (chosen: Affinity[]) => chosen.reduce((s, a) => s + a.score, 0)
const describe = (chosen: Affinity[]) => `${chosen.length} assigned, total score ${total(chosen).toFixed(6)}`

assign({ scores, capacity }) // warm-up
const times: number[] = []
let result = assign({ scores, capacity })
for (let r = 0; r < runs; r++) {
  const run = timed(() => assign({ scores, capacity }))
  result = run.result
  times.push(run.ms)
}
times.sort((a, b) => a - b)
const median = times[times.length >> 1]!
console.log(
  `assign: ${people} people × ${items} items, ${candidates} candidates each (${scores.length} pairs, scores to ${values.decimals} decimals)`,
)
console.log(
  `  duijie assign()          median ${(median / 1000).toFixed(2)} s over ${runs} runs (min ${(times[0]! / 1000).toFixed(2)} s): ${describe(result.assignments)}, ${result.unassigned.length} left out`,
)

const greedy = timed(() => greedyAssign(scores, capacity))
console.log(
  `  greedy (best pair first) ${(greedy.ms / 1000).toFixed(2)} s: ${describe(greedy.result)} (${(total(result.assignments) - total(greedy.result)).toFixed(1)} below, ${result.assignments.length - greedy.result.length} fewer placed)`,
)

if (!values['no-reference']) {
  const reference = timed(() => shortestPathsAssign(scores, capacity))
  const same =
    reference.result.length === result.assignments.length &&
    Math.abs(total(reference.result) - total(result.assignments)) < 1e-6
  console.log(
    `  successive shortest paths ${(reference.ms / 1000).toFixed(2)} s, one run: ${describe(reference.result)} — ${same ? 'the same optimum' : 'A DIFFERENT ANSWER'}; assign() ${(reference.ms / median).toFixed(1)}× faster`,
  )
  if (!same) process.exitCode = 1
}
