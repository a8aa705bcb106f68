// assign() at the size the visit planner must handle: 500 people × 5,000 items, 20 candidates each.
//
//   npm run bench:assign -- [--people 500] [--items 5000] [--candidates 20] [--runs 5] [--decimals 3]
import { parseArgs } from 'node:util'
import { assign, type Affinity } from '../src/index.js'
import { seededRandom } from './lib/csl.js'

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '500' },
    items: { type: 'string', default: '5000' },
    candidates: { type: 'string', default: '20' },
    runs: { type: 'string', default: '5' },
    decimals: { type: 'string', default: '3' },
  },
})
const [people, items, candidates, runs] = [values.people, values.items, values.candidates, values.runs].map(Number) as [number, number, number, number]
const scale = 10 ** Number(values.decimals)
const random = seededRandom(11)
const scores: Affinity[] = []
for (let i = 0; i < items; i++) {
  const chosen = new Set<number>()
  while (chosen.size < candidates) chosen.add(Math.floor(random() * people))
  for (const p of chosen) scores.push({ person: `p${p}`, item: `i${i}`, score: Math.round(random() * scale) / scale })
}
// Capacity for about nine in ten items: some must be left out, so the solver works at its hardest.
const capacity = Object.fromEntries(Array.from({ length: people }, (_, p) => [`p${p}`, Math.floor((0.9 * items) / people)]))
const times: number[] = []
let result = assign({ scores, capacity })
for (let r = 0; r < runs; r++) {
  const t = performance.now()
  result = assign({ scores, capacity })
  times.push(performance.now() - t)
}
times.sort((a, b) => a - b)
const total = result.assignments.reduce((s, a) => s + a.score, 0)
console.log(`assign: ${people} people × ${items} items, ${candidates} candidates each (${scores.length} pairs, scores to ${values.decimals} decimals): median ${(times[times.length >> 1]! / 1000).toFixed(2)} s over ${runs} runs (min ${(times[0]! / 1000).toFixed(2)} s)`)
console.log(`  ${result.assignments.length} assigned, ${result.unassigned.length} left out, total score ${total.toFixed(1)}`)
