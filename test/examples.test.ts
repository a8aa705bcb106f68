import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
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

const demo = () => execFileSync('npx', ['tsx', 'examples/quick-start.ts'], { encoding: 'utf8' })

/** The fenced block after the README's `<!-- demo-excerpt … -->` marker, as lines. */
function readmeDemoExcerpt(): string[] {
  const lines = readFileSync('README.md', 'utf8').split('\n')
  const marker = lines.findIndex((line) => line.startsWith('<!-- demo-excerpt'))
  expect(marker, 'README.md has a <!-- demo-excerpt --> marker').toBeGreaterThanOrEqual(0)
  const open = lines.findIndex((line, i) => i > marker && line.startsWith('```'))
  const close = lines.findIndex((line, i) => i > open && line.startsWith('```'))
  expect(open).toBeGreaterThan(marker)
  expect(close).toBeGreaterThan(open)
  return lines.slice(open + 1, close)
}

// The needs planted outside the catalogue (test/sample-data.test.ts): nothing in data/ meets them.
const GAPS = new Set(['n44', 'n45', 'n46', 'n47', 'n48'])

describe('examples/quick-start.ts (npm run demo)', { timeout: 60_000 }, () => {
  let printed: string | undefined
  const output = () => (printed ??= demo())
  /** Each need's block of the output, by need id, with its kind label (技术需求, 人才需求, …). */
  const blocks = () =>
    output()
      .split(/\n(?=\[n\d+\] )/)
      .flatMap((block) => {
        const head = /^\[(n\d+)\] (\S+) · /.exec(block)
        return head ? [{ id: head[1]!, kind: head[2]!, text: block }] : []
      })
  const rows = (text: string, id: RegExp) =>
    text.split('\n').filter((line) => /^ {2}\d+ {2}/.test(line) && id.test(line))

  it('lists experts and universities for a technology need, programmes for talent, investors and no experts for financing', () => {
    const all = blocks()
    expect(all.length).toBeGreaterThanOrEqual(30)
    const ofKind = (kind: string) => all.filter((b) => b.kind === kind && !GAPS.has(b.id))
    for (const kind of ['技术需求', '人才需求', '融资需求']) expect(ofKind(kind).length, kind).toBeGreaterThan(0)
    for (const b of ofKind('技术需求')) {
      expect(rows(b.text, /\(x\d+\)/).length, b.id).toBeGreaterThan(0)
      expect(b.text, b.id).toMatch(/^ {2}U {2}\S+ +\d+ 位专家/m)
    }
    for (const b of ofKind('人才需求')) expect(rows(b.text, /\(p\d+\)/).length, b.id).toBeGreaterThan(0)
    for (const b of ofKind('融资需求')) {
      expect(rows(b.text, /\(v\d+\)/).length, b.id).toBeGreaterThan(0)
      expect(b.text, b.id).not.toMatch(/专家 \/ 高校|\(x\d+\)/)
    }
  })

  it('shows the document behind the best expert of a need (代表成果…（…，dNNN）)', () => {
    expect(output()).toMatch(/^ {2}代表成果（[^）]+）：.+（(论文|专利|项目|成果)(，\d{4})?，d\d{3}）$/m)
  })

  it("prints every line of the README's demo excerpt, each need's part of it as one run of lines", () => {
    const excerpt = readmeDemoExcerpt()
    expect(excerpt.filter(Boolean).length).toBeGreaterThan(10)
    const printedLines = new Set(output().split('\n'))
    expect(excerpt.filter((line) => line !== '' && !printedLines.has(line))).toEqual([])
    for (const part of excerpt.join('\n').split(/\n\n+/)) expect(output()).toContain(part)
  })
})
