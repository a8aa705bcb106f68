// The week's visit plan for the sample district: who visits which enterprise (the 321 rule), who takes
// over the enterprises of a member whose term has ended, and which experts come along.
// Run with: npm run week   (add --csv to print only the CSV)
// What if: npm run week -- --new 1 --revisits 1   (everyone's quotas for this week; see what is left out)
import { parseArgs } from 'node:util'
import { stringify } from 'csv-stringify/sync'
import { Matcher, planWeek } from '../src/index.js'
import { loadGroup, loadSampleData } from './sample-data.js'
import { formatTable } from './table.js'

const { values: args } = parseArgs({
  options: { csv: { type: 'boolean', default: false }, new: { type: 'string' }, revisits: { type: 'string' } },
})
const quota = (value: string | undefined) => {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) {
    console.error(`--new and --revisits take a whole number of visits, got "${value}"`)
    process.exit(1)
  }
  return Number(value)
}
const { universities, experts, needs, documents } = loadSampleData()
const group = loadGroup(needs)
const { enterprises, history } = group
const members = group.members.map((m) => ({
  ...m,
  newVisits: quota(args.new) ?? m.newVisits,
  revisits: quota(args.revisits) ?? m.revisits,
}))
const matcher = new Matcher().addUniversities(universities).addExperts(experts).addDocuments(documents)
const plan = planWeek({ matcher, members, enterprises, history, expertsPerVisit: 2, expertCapacity: 2 })

const memberName = new Map(members.map((m) => [m.id, m.name]))
const enterpriseName = new Map(enterprises.map((e) => [e.id, e.name]))
const expertName = new Map(experts.map((e) => [e.id, e.name]))
const rows = plan.visits.map((v) => ({
  member: `${memberName.get(v.memberId)} (${v.memberId})`,
  enterprise: `${enterpriseName.get(v.enterpriseId)} (${v.enterpriseId})`,
  type: v.type === 'new' ? '新走访' : '回访',
  affinity: v.score.toFixed(2),
  needs: v.needIds.join(' '),
  experts: v.experts.map((id) => `${expertName.get(id)} (${id})`).join('、'),
}))

if (args.csv) {
  process.stdout.write(stringify(rows, { header: true }))
} else {
  console.log('本周走访计划 (week plan)\n')
  console.log(
    formatTable(
      ['成员', '企业', '类型', '契合度', '需求', '随行专家'],
      rows.map((r) => Object.values(r)),
    ),
  )
  console.log('\n接力交接 (hand-overs)')
  for (const h of plan.handovers)
    console.log(
      `  ${enterpriseName.get(h.enterpriseId)}: ${memberName.get(h.from)} (${h.from}, 已离任) → ${memberName.get(h.to)} (${h.to})`,
    )
  console.log('\n未能安排 (uncovered)')
  if (plan.uncovered.length === 0) console.log('  无')
  for (const u of plan.uncovered)
    console.log(`  ${enterpriseName.get(u.enterpriseId)}${u.needId ? ` [${u.needId}]` : ''}: ${u.reason}`)
  console.log('\nCSV:')
  process.stdout.write(stringify(rows, { header: true }))
}
