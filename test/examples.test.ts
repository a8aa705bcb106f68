import { execFileSync } from 'node:child_process'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { groupBy } from '../src/plan/group.js'

const week = (...args: string[]) => execFileSync('npx', ['tsx', 'examples/week-plan.ts', ...args], { encoding: 'utf8' })

// Each run starts a process that loads jieba's dictionary; allow for a busy machine.
describe('examples/week-plan.ts (npm run week)', { timeout: 60_000 }, () => {
  it('prints a CSV plan that keeps the 321 quotas and gives the departed member nothing', () => {
    const rows: Array<Record<string, string>> = parse(week('--csv'), { columns: true })
    expect(rows.length).toBeGreaterThan(0)
    const byMember = groupBy(rows, (r) => r.member!.replace(/.*\((m\d+)\)/, '$1'))
    expect(byMember.get('m06')).toBeUndefined()
    expect(byMember.size).toBe(5)
    for (const visits of byMember.values()) {
      expect(visits!.filter((v) => v.type === '新走访').length).toBeLessThanOrEqual(3)
      expect(visits!.filter((v) => v.type === '回访').length).toBeLessThanOrEqual(2)
    }
    expect(new Set(rows.map((r) => r.enterprise)).size).toBe(rows.length)
  })

  it('shows the hand-overs and, for a tighter week, what was left out and what to change', () => {
    const out = week('--new', '1', '--revisits', '1')
    expect(out).toMatch(/接力交接 \(hand-overs\)\n {2}\S+: \S+ \(m06, 已离任\) → \S+ \(m0[1-5]\)/)
    const uncovered = out.slice(out.indexOf('未能安排'), out.indexOf('CSV:')).trim().split('\n').slice(1)
    expect(uncovered.length).toBeGreaterThan(0)
    for (const line of uncovered)
      expect(line).toMatch(/raise (newVisits|revisits|their revisits)|no expert in the catalogue matches this need/)
    expect(uncovered.some((line) => /raise (newVisits|revisits|their revisits)/.test(line))).toBe(true)
  })
})
