import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'

const run = (script: string, ...args: string[]) =>
  execFileSync('npx', ['tsx', `examples/${script}.ts`, ...args], { encoding: 'utf8' })

/** The rows of the Markdown table under `## {name}` in the card output, as [term, weight, experts, programmes]. */
function cardRows(markdown: string, name: string): string[][] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(name))
  if (section === undefined) return []
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| 特长'))
    .map((line) => line.slice(2, -2).split(' | '))
}

/** The README's lines after `heading`, from the first that passes `from` to the next that passes `until`. */
function readmeBlock(heading: string, from: (line: string) => boolean, until: (line: string) => boolean): string[] {
  const lines = readFileSync('README.md', 'utf8').split('\n')
  const at = lines.indexOf(heading)
  expect(at, `README.md has ${heading}`).toBeGreaterThanOrEqual(0)
  const start = lines.findIndex((line, i) => i > at && from(line))
  const end = lines.findIndex((line, i) => i > start && until(line))
  expect(start > at && end > start, `README.md quotes output under ${heading}`).toBe(true)
  return lines.slice(start, end)
}

// Each run starts a process that loads jieba's dictionary; allow for a busy machine.
describe('npm run card and npm run gaps', { timeout: 60_000 }, () => {
  it('card: every partner university has a card, and 江苏科技大学’s leads with ships and shows welding', () => {
    const out = run('card')
    expect(out.startsWith('# 科技镇长团 · 后方高校集体名片\n')).toBe(true)
    expect(out.match(/^## /gm)?.length).toBe(9)
    const just = cardRows(out, '江苏科技大学')
    expect(just.length).toBe(8)
    expect(just[0]![0]).toBe('船舶')
    expect(
      just.some(([term]) => term!.includes('焊')),
      just.map((r) => r[0]).join(' '),
    ).toBe(true)
    // 江苏大学's fragments before the fix: 感器 (of 传感器) and 车底 (of 汽车底盘).
    const terms = cardRows(out, '江苏大学').map(([term]) => term)
    expect(terms).not.toContain('感器')
    expect(terms).not.toContain('车底')
  })

  it('card: one university, shorter', () => {
    const out = run('card', '--university', 'just', '--terms', '3')
    expect(out.match(/^## /gm)?.length).toBe(1)
    expect(cardRows(out, '江苏科技大学').length).toBe(3)
  })

  it('gaps: the planted needs n44–n48 in the table, and the words to recruit for as CSV', () => {
    const out = run('gaps')
    expect(out).toMatch(/^未满足的需求 \(needs no counterpart meets; \d+ of 48\)\n/)
    for (const id of ['n44', 'n45', 'n46', 'n47', 'n48']) expect(out).toMatch(new RegExp(`^${id} `, 'm'))
    expect(out).toContain('\nCSV:\nterm,needs,covered,examples\n')
    const n06 = out.split('\n').find((line) => line.startsWith('n06 '))
    if (n06 !== undefined) expect(n06).not.toContain('了解')
    const rows = parse(run('gaps', '--csv'), { columns: true }) as Array<Record<string, string>>
    expect(rows.map((r) => r.term)).toContain('石墨烯')
    expect(rows.find((r) => r.term === '石墨烯')).toMatchObject({ needs: '2', covered: '0', examples: 'n47 n48' })
  })

  it('README quotes the real output of both', () => {
    const card = readmeBlock(
      '### The collective business card (集体名片)',
      (line) => line.startsWith('| 特长'),
      (line) => line === '',
    )
    const printed = run('card', '--university', 'just', '--terms', '6')
    expect(card.filter((line) => line.startsWith('| ') && !line.startsWith('| 特长')).length).toBe(6)
    for (const line of card.filter(Boolean)) expect(printed.split('\n')).toContain(line)
    const gaps = readmeBlock(
      '### The gap report (双招双引)',
      (line) => line.startsWith('未满足的需求'),
      (line) => line.startsWith('```'),
    )
    const report = run('gaps').split('\n')
    expect(gaps.length).toBeGreaterThan(15)
    for (const line of gaps.filter((l) => l !== '' && l !== '…')) expect(report).toContain(line)
  })
})
