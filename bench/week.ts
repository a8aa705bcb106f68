// planWeek() on a district larger than the sample: the sample catalogue and enterprises copied `--copies`
// times (ids suffixed), twelve members. The baseline, in the same run, is matching the same needs alone
// (matchAll with the default topK), so the ratio is what planning adds to matching.
//
//   npm run bench:week -- [--copies 100] [--runs 3]
import { parseArgs } from 'node:util'
import { Matcher, planWeek, type Enterprise, type Member } from '../src/index.js'
import { loadGroup, loadSampleData } from '../examples/sample-data.js'

const { values } = parseArgs({
  options: { copies: { type: 'string', default: '100' }, runs: { type: 'string', default: '3' } },
})
const copies = Number(values.copies)
const runs = Number(values.runs)
const { universities, experts, needs } = loadSampleData()
const group = loadGroup(needs)
const copy = (id: string, c: number) => `${id}-${c}`
const matcher = new Matcher()
  .addUniversities(universities)
  .addExperts(Array.from({ length: copies }, (_, c) => experts.map((e) => ({ ...e, id: copy(e.id, c) }))).flat())
const enterprises: Enterprise[] = Array.from({ length: copies }, (_, c) =>
  group.enterprises.map((e) => ({
    ...e,
    id: copy(e.id, c),
    needs: e.needs.map((n) =>
      typeof n === 'string' ? n : { ...n, id: n.id === undefined ? undefined : copy(n.id, c) },
    ),
  })),
).flat()
const members: Member[] = [0, 1].flatMap((c) =>
  group.members.map((m) => ({
    ...m,
    id: copy(m.id, c),
    ...(m.expertId !== undefined && { expertId: copy(m.expertId, c) }),
  })),
)
const history = Array.from({ length: copies }, (_, c) =>
  group.history.map((h) => ({ ...h, memberId: copy(h.memberId, c % 2), enterpriseId: copy(h.enterpriseId, c) })),
).flat()
const allNeeds = enterprises.flatMap((e) => e.needs)

const median = (run: () => void) => {
  const times: number[] = []
  for (let r = 0; r < runs; r++) {
    const t = performance.now()
    run()
    times.push(performance.now() - t)
  }
  return times.sort((a, b) => a - b)[times.length >> 1]! / 1000
}
matcher.match('预热') // loads the dictionary and builds the index outside the timings
let visits = 0
const plan = median(() => {
  visits = planWeek({ matcher, members, enterprises, history, expertsPerVisit: 2 }).visits.length
})
const match = median(() => matcher.matchAll(allNeeds))
console.log(
  `planWeek: ${matcher.stats.experts} experts, ${enterprises.length} enterprises, ${allNeeds.length} needs, ${members.length} members (${visits} visits planned)`,
)
console.log(
  `  planWeek ${plan.toFixed(2)} s vs matchAll of the same needs ${match.toFixed(2)} s (median of ${runs}): ${(plan / match).toFixed(2)}×`,
)
console.log(`  heap after: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`)
