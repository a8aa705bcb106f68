// The command line, run as a subprocess on the shipped sample district (data/catalogue/) and on small broken
// copies of it: every format of every command, the round trip of match's CSV, the exit codes and messages,
// --out leaving no partial file, and the progress bar only on a terminal.
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const catalogue = join(root, 'data/catalogue')
const needsFile = join(catalogue, 'needs.csv')
const work = mkdtempSync(join(tmpdir(), 'duijie-cli-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

interface Run {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs the CLI from source; the timeout kills a run that hangs, so it cannot outlive the test. */
function duijie(...args: string[]): Run {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** A run made the first time a test asks for it, shared by the tests that read it. */
function shared(...args: string[]): () => Run {
  let run: Run | undefined
  return () => (run ??= duijie(...args))
}

const readCsv = (path: string): Array<Record<string, string>> =>
  parse(readFileSync(path, 'utf8'), { columns: true, bom: true, skip_empty_lines: true })
const sample = {
  needs: readCsv(needsFile),
  experts: readCsv(join(catalogue, 'experts.csv')),
  investors: readCsv(join(catalogue, 'investors.csv')),
  universities: readCsv(join(catalogue, 'universities.csv')),
  members: readCsv(join(catalogue, 'members.csv')),
}
const expertById = new Map(sample.experts.map((e) => [e.id!, e]))

interface Entry {
  id: string
  name: string
  score: number
  /** An expert's university prior: its terms add up to `score − prior`. */
  prior?: number
  terms?: Array<{ term: string; weight: number }>
  documents?: Array<{ id: string; score: number }>
  universityId?: string
  fits?: boolean
}
interface JsonResult {
  needId: string
  kind?: string
  lists: Array<'experts' | 'universities' | 'programmes' | 'investors'>
  experts: Entry[]
  universities: Entry[]
  programmes: Entry[]
  investors: Entry[]
  notes: string[]
}

/** What the CSV of `match` must hold, derived from its JSON: one row per need, list and rank. */
function rowsFromJson(results: JsonResult[]): Array<Record<string, string>> {
  return results.flatMap((r) =>
    r.lists.flatMap((list) => {
      const need = { need_id: r.needId, kind: r.kind ?? '', list }
      if (r[list].length === 0) return [{ ...need, rank: '', id: '', name: '', score: '', terms: '', documents: '' }]
      return r[list].map((e, i) => ({
        ...need,
        rank: String(i + 1),
        id: e.id,
        name: e.name,
        score: String(e.score),
        terms: (e.terms ?? []).map((t) => t.term).join('；'),
        documents: (e.documents ?? []).map((d) => d.id).join('；'),
      }))
    }),
  )
}

/** A copy of the sample catalogue in the temp folder, with `change` applied to its files. */
function catalogueCopy(name: string, change: (dir: string) => void): string {
  const dir = join(work, name)
  cpSync(catalogue, dir, { recursive: true })
  change(dir)
  return dir
}

describe('duijie match on the sample district', { timeout: 60_000 }, () => {
  const json = shared(
    'match',
    '--catalogue',
    'data/catalogue',
    '--needs',
    'data/catalogue/needs.csv',
    '--format',
    'json',
  )
  const results = () => JSON.parse(json().stdout) as JsonResult[]

  it('answers every need of needs.csv, in order, with at most --top (default 5) per list', () => {
    expect(json().stderr).toBe('')
    expect(json().status).toBe(0)
    const r = results()
    expect(r.map((x) => x.needId)).toEqual(sample.needs.map((n) => n.id))
    expect(r.map((x) => x.kind)).toEqual(sample.needs.map((n) => n.kind))
    for (const x of r) for (const list of x.lists) expect(x[list].length).toBeLessThanOrEqual(5)
    expect(r.some((x) => x.experts.length === 5)).toBe(true)
  })

  it('lists experts (named, of their university) for a technology need and investors for a financing need', () => {
    const r = new Map(results().map((x) => [x.needId, x]))
    const n01 = r.get('n01')!
    expect(n01.lists[0]).toBe('experts')
    const top = n01.experts[0]!
    // n01 asks for partial-discharge monitoring of switchgear: the expert who lists 局部放电.
    expect(expertById.get(top.id)!.specialties).toContain('局部放电')
    for (const e of n01.experts) {
      expect(e.name).toBe(expertById.get(e.id)!.name)
      expect(e.universityId).toBe(expertById.get(e.id)!.university_id)
    }
    expect(n01.investors).toEqual([])
    const financing = sample.needs.filter((n) => n.kind === 'financing').map((n) => r.get(n.id!)!)
    expect(financing.length).toBeGreaterThan(0)
    const investorName = new Map(sample.investors.map((v) => [v.id!, v.name!]))
    for (const f of financing) {
      expect(f.lists[0]).toBe('investors')
      expect(f.experts).toEqual([])
      for (const v of f.investors) expect(v.name).toBe(investorName.get(v.id))
    }
    expect(r.get('n38')!.investors.length).toBeGreaterThan(0)
  })

  const out = join(work, 'm.csv')
  const csv = shared(
    'match',
    '--catalogue',
    'data/catalogue',
    '--needs',
    'data/catalogue/needs.csv',
    '--format',
    'csv',
    '--out',
    out,
  )

  it('writes CSV to --out that reads back into the rows of the JSON output', () => {
    expect(csv().status).toBe(0)
    expect(csv().stdout).toBe('')
    expect(csv().stderr).toBe('')
    const rows = readCsv(out)
    expect(Object.keys(rows[0]!)).toEqual([
      'need_id',
      'kind',
      'list',
      'rank',
      'id',
      'name',
      'score',
      'terms',
      'documents',
    ])
    // The experts' documents behind the match come along (documents.csv).
    expect(rows.some((row) => row.list === 'experts' && /^d\d+/.test(row.documents!))).toBe(true)
    expect(rows).toEqual(rowsFromJson(results()))
    expect(new Set(rows.map((row) => row.need_id))).toEqual(new Set(sample.needs.map((n) => n.id)))
    // The planted gap n44 shows, with empty rows, rather than vanishing from the file.
    expect(rows.filter((row) => row.need_id === 'n44').map((row) => [row.list, row.rank])).toEqual([
      ['experts', ''],
      ['universities', ''],
    ])
    expect(readdirSync(work).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it("shows each expert's university prior in the table, so that its term weights plus the prior make its score", () => {
    const table = duijie('match', '--catalogue', 'data/catalogue', '--needs', 'data/catalogue/needs.csv')
    expect(table.status).toBe(0)
    const byNeed = new Map(results().map((x) => [x.needId, x]))
    let need: JsonResult | undefined
    let experts = 0
    let folded = 0
    for (const line of table.stdout.split('\n')) {
      const heading = /^\[(n\d+)\] /.exec(line)
      if (heading) need = byNeed.get(heading[1]!)
      if (!line.includes(' +prior ')) continue
      // list (on the first row only), #, id, name, score, detail, terms (weight)
      const cells = line.trim().split(/ {2,}/)
      if (cells[0] === 'experts') cells.shift()
      const [rank, id, , score, detail, terms = ''] = cells
      const expert = need!.experts[Number(rank) - 1]!
      expect(id).toBe(expert.id)
      const prior = Number(/ \+prior (\d+\.\d{2})$/.exec(detail!)![1])
      expect(prior).toBe(Number(expert.prior!.toFixed(2)))
      const weights = terms.split('，').map((t) => {
        const [, more, weight] = /^(?:\S+|(\+\d+ more)) (\d+\.\d{2})$/.exec(t)!
        if (more) folded++
        return Number(weight)
      })
      // Each figure is rounded to 2 decimals (the score to 3), so the sum is exact to within their rounding.
      const sum = weights.reduce((a, b) => a + b, 0) + prior
      expect(
        Math.abs(sum - Number(score)),
        `${need!.needId} ${id}: ${terms} + prior ${prior} vs ${score}`,
      ).toBeLessThanOrEqual(0.005 * (weights.length + 1) + 0.0005 + 1e-9)
      experts++
    }
    expect(experts).toBe(results().reduce((n, x) => n + x.experts.length, 0))
    expect(experts).toBeGreaterThan(0)
    // Experts with more than four terms show the rest as one sum (`+2 more 0.08`).
    expect(folded).toBeGreaterThan(0)
    for (const x of results())
      for (const e of x.experts) expect(e.terms!.reduce((a, t) => a + t.weight, 0) + e.prior!).toBeCloseTo(e.score, 9)
  })

  it('prints a table per need with --top and --lists, and no progress bar on a non-terminal stderr', () => {
    // Four copies of the sample (192 needs): long enough for the bar, were stderr a terminal.
    const many = join(work, 'many.csv')
    const copies = [0, 1, 2, 3].flatMap((k) => sample.needs.map((n) => ({ ...n, id: `${n.id}-${k}` })))
    writeFileSync(many, stringify(copies, { header: true }))
    const run = duijie('match', '--catalogue', catalogue, '--needs', many, '--top', '2', '--lists', 'investors,experts')
    expect(run.status).toBe(0)
    expect(run.stderr).toBe('')
    const headings = run.stdout.split('\n').filter((line) => line.startsWith('['))
    expect(headings.map((h) => h.slice(1, h.indexOf(']')))).toEqual(copies.map((n) => n.id))
    expect(headings[0]).toBe('[n01-0] technology · 润川电力设备有限公司 · 开关柜局部放电监测')
    const block = run.stdout.slice(run.stdout.indexOf('[n01-0]'), run.stdout.indexOf('[n02-0]'))
    const lists = block.split('\n').flatMap((line) => /^ {2}(investors|experts)\s/.exec(line)?.[1] ?? [])
    expect(lists).toEqual(['investors', 'experts'])
    const ranks = block.split('\n').flatMap((line) => /^ {2}(?:investors|experts)?\s+(\d+) {2}/.exec(line)?.[1] ?? [])
    expect(ranks.length).toBeGreaterThan(0)
    expect(ranks.every((rank) => rank === '1' || rank === '2')).toBe(true)
  })

  it.skipIf(process.platform !== 'linux' || !existsSync('/usr/bin/script'))(
    'draws the progress bar on stderr when stderr is a terminal',
    () => {
      const many = join(work, 'many.csv')
      const command = `${process.execPath} --import tsx src/cli/main.ts match --catalogue data/catalogue --needs ${many} --format csv --out ${join(work, 'tty.csv')}`
      // script(1) gives the run a pseudo-terminal and copies what it shows to our stdout.
      const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, encoding: 'utf8', timeout: 60_000 })
      expect(run.status).toBe(0)
      expect(run.stdout).toMatch(/matching \[.*\] 192\/192 needs/)
      expect(readCsv(join(work, 'tty.csv')).length).toBeGreaterThan(192)
    },
  )
})

describe('duijie card, gaps and plan on the sample district', { timeout: 60_000 }, () => {
  it('card: every university, in catalogue order, each word backed by the university’s own experts', () => {
    const run = duijie('card', '--catalogue', 'data/catalogue', '--format', 'json')
    expect(run.status).toBe(0)
    const cards = JSON.parse(run.stdout) as Array<{
      id: string
      name: string
      terms: Array<{ term: string; experts: string[] }>
    }>
    expect(cards.map((c) => [c.id, c.name])).toEqual(sample.universities.map((u) => [u.id, u.name]))
    for (const card of cards) {
      expect(card.terms.length).toBeGreaterThan(0)
      expect(card.terms.length).toBeLessThanOrEqual(8)
      for (const t of card.terms) for (const e of t.experts) expect(expertById.get(e)!.university_id).toBe(card.id)
    }
  })

  it('card: one university, named by its alias, as CSV and as a table', () => {
    const csv = duijie(
      'card',
      '--catalogue',
      'data/catalogue',
      '--university',
      '江科大',
      '--top',
      '3',
      '--format',
      'csv',
    )
    expect(csv.status).toBe(0)
    const rows = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>
    expect(rows.map((r) => [r.university_id, r.university, r.rank])).toEqual([
      ['just', '江苏科技大学', '1'],
      ['just', '江苏科技大学', '2'],
      ['just', '江苏科技大学', '3'],
    ])
    expect(Number(rows[0]!.weight)).toBeGreaterThanOrEqual(Number(rows[2]!.weight))
    const table = duijie('card', '--catalogue', 'data/catalogue', '--university', 'just', '--top', '3')
    expect(table.stdout.split('\n')[0]).toBe('江苏科技大学 (just) · 江苏镇江')
    expect(table.stdout).toContain(rows[0]!.term!)
    const unknown = duijie('card', '--catalogue', 'data/catalogue', '--university', '江苏科大')
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toMatch(
      /^duijie: --university: no university "江苏科大" in the catalogue; did you mean "just"/,
    )
  })

  it('gaps: the planted needs are unmet, as JSON and as CSV rows of needs', () => {
    const json = duijie(
      'gaps',
      '--catalogue',
      'data/catalogue',
      '--needs',
      'data/catalogue/needs.csv',
      '--format',
      'json',
    )
    expect(json.status).toBe(0)
    const report = JSON.parse(json.stdout) as {
      needs: Array<{ needId: string }>
      terms: Array<{ term: string; needs: number }>
    }
    const unmet = report.needs.map((n) => n.needId)
    expect(unmet).toEqual(expect.arrayContaining(['n44', 'n45', 'n46', 'n47', 'n48']))
    expect(report.terms.map((t) => t.needs)).toEqual(report.terms.map((t) => t.needs).sort((a, b) => b - a))
    const csv = duijie(
      'gaps',
      '--catalogue',
      'data/catalogue',
      '--needs',
      'data/catalogue/needs.csv',
      '--format',
      'csv',
      '--rows',
      'needs',
    )
    const rows = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>
    expect(rows.map((r) => r.need_id)).toEqual(unmet)
    expect(rows.find((r) => r.need_id === 'n44')!.best).toBe('0')
  })

  it('plan: the 321 rule, nothing for the member who left, hand-overs of their enterprises', () => {
    const run = duijie(
      'plan',
      '--catalogue',
      'data/catalogue',
      '--needs',
      'data/catalogue/needs.csv',
      '--format',
      'json',
    )
    expect(run.status).toBe(0)
    const plan = JSON.parse(run.stdout) as {
      visits: Array<{ memberId: string; enterpriseId: string; type: string }>
      handovers: Array<{ from: string; to: string }>
    }
    expect(plan.visits.length).toBeGreaterThan(0)
    const left = sample.members.filter((m) => m.active === 'false').map((m) => m.id)
    expect(left).toEqual(['m06'])
    for (const m of sample.members) {
      const visits = plan.visits.filter((v) => v.memberId === m.id)
      if (m.active === 'false') expect(visits).toEqual([])
      expect(visits.filter((v) => v.type === 'new').length).toBeLessThanOrEqual(Number(m.new_visits))
      expect(visits.filter((v) => v.type === 'revisit').length).toBeLessThanOrEqual(Number(m.revisits))
    }
    expect(new Set(plan.visits.map((v) => v.enterpriseId)).size).toBe(plan.visits.length)
    expect(plan.handovers.length).toBeGreaterThan(0)
    expect(plan.handovers.every((h) => h.from === 'm06' && h.to !== 'm06')).toBe(true)
  })

  it('plan --week leaves out the visits on or after its first day', () => {
    // m06's visits were on 11-17 and 11-18: planning the week of 11-16, nobody has visited those yet.
    const run = duijie(
      'plan',
      '--catalogue',
      'data/catalogue',
      '--needs',
      'data/catalogue/needs.csv',
      '--week',
      '2026-11-16',
      '--format',
      'csv',
    )
    expect(run.status).toBe(0)
    const rows = parse(run.stdout, { columns: true }) as Array<Record<string, string>>
    expect(Object.keys(rows[0]!)).toEqual([
      'member_id',
      'member',
      'enterprise_id',
      'enterprise',
      'type',
      'score',
      'needs',
      'experts',
    ])
    const type = new Map(rows.map((r) => [r.enterprise_id, r.type]))
    for (const enterprise of ['c08', 'c11', 'c12']) expect(type.get(enterprise) ?? 'new').toBe('new')
    expect(rows.some((r) => r.type === 'revisit' && r.enterprise_id === 'c01')).toBe(true)
    const table = duijie(
      'plan',
      '--catalogue',
      'data/catalogue',
      '--needs',
      'data/catalogue/needs.csv',
      '--week',
      '2026-11-16',
    )
    expect(table.stdout.split('\n')[0]).toMatch(/^Week plan for the week of 2026-11-16: \d+ visits .*\(3 later visits/)
    expect(table.stdout).toContain('Hand-overs\n  none')
  })
})

describe('duijie on bad input', { timeout: 60_000 }, () => {
  const badNeeds = join(work, 'needs.csv')
  // Line 3 has a quote inside an unquoted cell.
  writeFileSync(badNeeds, 'id,kind,text\nn1,technology,焊接机器人\nn2,technology,需要 "智能" 焊接\nn3,,局部放电\n')

  it('reports a stray quote at needs.csv:3 and its column, exits 1 and writes no --out file', () => {
    const fresh = join(work, 'fresh')
    mkdirSync(fresh)
    const out = join(fresh, 'never.csv')
    const run = duijie('match', '--catalogue', 'data/catalogue', '--needs', badNeeds, '--format', 'csv', '--out', out)
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/^duijie: .*needs\.csv:3:3: column "text": /)
    expect(run.stderr).not.toMatch(/\n\s+at /)
    expect(run.stdout).toBe('')
    expect(readdirSync(fresh)).toEqual([])
  })

  it('leaves an existing --out file as it was', () => {
    const out = join(work, 'kept.csv')
    writeFileSync(out, 'old content\n')
    const run = duijie('match', '--catalogue', 'data/catalogue', '--needs', badNeeds, '--format', 'json', '--out', out)
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('needs.csv:3:')
    expect(readFileSync(out, 'utf8')).toBe('old content\n')
    expect(readdirSync(work).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('counts lines across quoted line breaks and blank lines; a quote never closed is reported where it opens', () => {
    const unclosed = join(work, 'unclosed.csv')
    writeFileSync(unclosed, 'id,kind,text\nn1,technology,焊接机器人\nn2,technology,"需要焊接\nn3,,局部放电\n')
    const u = duijie('match', '--catalogue', 'data/catalogue', '--needs', unclosed)
    expect(u.status).toBe(1)
    expect(u.stderr).toMatch(
      new RegExp(`^duijie: ${unclosed}:3:3: column "text": a quote opens a cell that is never closed`),
    )
    const out = join(work, 'a-folder')
    mkdirSync(join(out, 'inside'), { recursive: true })
    const folder = duijie('card', '--catalogue', 'data/catalogue', '--university', 'just', '--out', out)
    expect(folder.status).toBe(1)
    expect(folder.stderr).toMatch(new RegExp(`^duijie: --out: ${out}: cannot write it: `))
    expect(readdirSync(work).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('names the file, line and column of an empty text cell, a missing column and a bad value', () => {
    const empty = join(work, 'empty-text.csv')
    // The first need's text spans lines 2 and 3, line 4 is blank, and n2 starts on line 5 with a title of two lines.
    writeFileSync(empty, 'id,kind,title,text\nn1,technology,t,"焊接\n机器人"\n\nn2,technology,"两行\n标题",  \n')
    const e = duijie('match', '--catalogue', 'data/catalogue', '--needs', empty)
    expect(e.status).toBe(1)
    expect(e.stderr).toBe(`duijie: ${empty}:5:4: column "text": must not be empty [INPUT]\n`)

    const noColumn = catalogueCopy('no-university-column', (dir) => {
      const rows = readCsv(join(dir, 'experts.csv')).map(({ university_id: _, ...rest }) => rest)
      writeFileSync(join(dir, 'experts.csv'), stringify(rows, { header: true }))
    })
    const c = duijie('card', '--catalogue', noColumn)
    expect(c.status).toBe(1)
    expect(c.stderr).toMatch(
      /^duijie: .*experts\.csv:1: the header lacks the column "university_id" \(it has id, name,/,
    )

    const kind = join(work, 'bad-kind.csv')
    writeFileSync(kind, 'id,kind,text\nn1,technology,焊接机器人\nn2,tech,焊接\n')
    const k = duijie('match', '--catalogue', 'data/catalogue', '--needs', kind, '--format', 'csv')
    expect(k.status).toBe(1)
    expect(k.stderr).toBe(
      `duijie: ${kind}:3:2: matchAll: need at index 1 (id "n2"): field "kind": must be one of technology, talent, financing, problem [INPUT]\n`,
    )
  })

  it('points the Matcher’s own errors at the row they came from', () => {
    // The fifth expert (line 6) names a university the catalogue does not hold.
    const dir = catalogueCopy('unknown-university', (d) => {
      const rows = readCsv(join(d, 'experts.csv'))
      rows[4]!.university_id = 'nowhere'
      writeFileSync(join(d, 'experts.csv'), stringify(rows, { header: true }))
    })
    const run = duijie('match', '--catalogue', dir, '--needs', needsFile)
    expect(run.status).toBe(1)
    expect(run.stderr).toBe(
      `duijie: ${join(dir, 'experts.csv')}:6:3: addExperts: expert at index 4 (id "${sample.experts[4]!.id}"): ` +
        'field "universityId": unknown university "nowhere"; add it with addUniversities first [INPUT]\n',
    )
  })

  it('points a document naming an unknown author at its documents.csv cell', () => {
    // The third document (line 4): its second author does not exist.
    const dir = catalogueCopy('unknown-author', (d) => {
      const rows = readCsv(join(d, 'documents.csv'))
      rows[2]!.expert_ids = `${rows[2]!.expert_ids}；nobody`
      writeFileSync(join(d, 'documents.csv'), stringify(rows, { header: true }))
    })
    const run = duijie('match', '--catalogue', dir, '--needs', needsFile)
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(
      new RegExp(
        `^duijie: ${join(dir, 'documents.csv')}:4:6: addDocuments: document at index 2 \\(id "d003"\\): field "expertIds\\.\\d": unknown expert "nobody"`,
      ),
    )
  })
})

describe('duijie plan on bad input', { timeout: 60_000 }, () => {
  it('names the members.csv cell of a bad value, and the needs.csv cell of a need planWeek refuses', () => {
    const dir = catalogueCopy('bad-member', (d) => {
      const rows = readCsv(join(d, 'members.csv'))
      rows[1]!.active = 'yes'
      writeFileSync(join(d, 'members.csv'), stringify(rows, { header: true }))
    })
    const member = duijie('plan', '--catalogue', dir, '--needs', needsFile)
    expect(member.status).toBe(1)
    expect(member.stderr).toBe(
      `duijie: ${join(dir, 'members.csv')}:3:7: column "active": must be true or false, got "yes" [INPUT]\n`,
    )
    // The second need of enterprise c1 (line 4) has a kind planWeek does not know.
    const needs = join(work, 'plan-needs.csv')
    writeFileSync(
      needs,
      'id,enterprise_id,kind,text\nn1,c0,technology,焊接\nn2,c1,technology,局部放电\nn3,c1,tech,船舶\n',
    )
    // Without history.csv (it is optional): its visits name enterprises this needs file does not hold.
    const noHistory = catalogueCopy('no-history', (d) => rmSync(join(d, 'history.csv')))
    const need = duijie('plan', '--catalogue', noHistory, '--needs', needs)
    expect(need.status).toBe(1)
    expect(need.stderr).toMatch(
      new RegExp(
        `^duijie: ${needs}:4:3: planWeek: enterprise at index 1 \\(id "c1"\\): field "needs\\.1\\.kind": must be one of`,
      ),
    )
    const withoutEnterprises = join(work, 'plan-no-enterprises.csv')
    writeFileSync(withoutEnterprises, 'id,kind,text\nn1,technology,焊接\n')
    const noEnterprise = duijie('plan', '--catalogue', 'data/catalogue', '--needs', withoutEnterprises)
    expect(noEnterprise.status).toBe(1)
    expect(noEnterprise.stderr).toMatch(/plan-no-enterprises\.csv:1: the header lacks the column "enterprise_id"/)
  })
})

describe('duijie usage', { timeout: 60_000 }, () => {
  it('--help lists the commands and an example of each; --version is the package’s', () => {
    const help = duijie('--help')
    expect(help.status).toBe(0)
    for (const command of ['match', 'card', 'gaps', 'plan']) {
      expect(help.stdout).toMatch(new RegExp(`^ {2}${command} \\[options\\]`, 'm'))
      expect(help.stdout).toMatch(new RegExp(`^ {2}duijie ${command} --catalogue data/catalogue`, 'm'))
    }
    const version = duijie('--version')
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version)
  })

  it('exits 2 with commander’s message for an unknown option, a missing --catalogue and bad values', () => {
    const unknown = duijie('match', '--catalogue', 'data/catalogue', '--needs', needsFile, '--bogus')
    expect([unknown.status, unknown.stdout]).toEqual([2, ''])
    expect(unknown.stderr).toMatch(/^error: unknown option '--bogus'/)
    const missing = duijie('match', '--needs', needsFile)
    expect(missing.status).toBe(2)
    expect(missing.stderr).toMatch(/^error: required option '--catalogue <dir>' not specified/)
    const format = duijie('card', '--catalogue', 'data/catalogue', '--format', 'xml')
    expect(format.status).toBe(2)
    expect(format.stderr).toMatch(/argument 'xml' is invalid. Allowed choices are table, csv, json/)
    const top = duijie('match', '--catalogue', 'data/catalogue', '--needs', needsFile, '--top', '0')
    expect(top.status).toBe(2)
    expect(top.stderr).toMatch(/option '--top <n>' argument '0' is invalid/)
    const week = duijie('plan', '--catalogue', 'data/catalogue', '--needs', needsFile, '--week', '2026-02-30')
    expect(week.status).toBe(2)
    expect(duijie().status).toBe(2)
  })
})

describe('duijie on a messy spreadsheet', { timeout: 60_000 }, () => {
  /** The `.tmp` files left in a folder: an atomic --out leaves none, whatever happens. */
  const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'))

  it('refuses a file that is not UTF-8 (GBK, UTF-16), naming the file and line, instead of matching garbage', () => {
    // 焊接机器人 in GBK, Excel's plain "CSV" on Chinese Windows: lines 1 and 2 are ASCII, line 3 is not.
    const gbk = join(work, 'gbk.csv')
    writeFileSync(
      gbk,
      Buffer.concat([
        Buffer.from('id,text\nn1,welding\nn2,'),
        Buffer.from('bab8bdd3bbfac6f7c8cb', 'hex'),
        Buffer.from('\n'),
      ]),
    )
    const g = duijie('match', '--catalogue', 'data/catalogue', '--needs', gbk)
    expect([g.status, g.stdout]).toEqual([1, ''])
    expect(g.stderr).toBe(
      `duijie: ${gbk}:3: the file is not UTF-8 (byte 0xBA is not valid UTF-8; GBK, perhaps); ` +
        'save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)") [INPUT]\n',
    )
    // Excel's "Unicode text" is UTF-16 with a byte-order mark; without the mark, ASCII is valid UTF-8 with NULs.
    const utf16 = join(work, 'utf16.csv')
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,text\nn1,焊接\n', 'utf16le')]))
    const u = duijie('match', '--catalogue', 'data/catalogue', '--needs', utf16)
    expect(u.status).toBe(1)
    expect(u.stderr).toMatch(new RegExp(`^duijie: ${utf16}:1: the file is UTF-16, not UTF-8; save it as UTF-8`))
    writeFileSync(utf16, Buffer.from('id,text\nn1,焊接\n', 'utf16le'))
    const n = duijie('match', '--catalogue', 'data/catalogue', '--needs', utf16)
    expect(n.status).toBe(1)
    expect(n.stderr).toMatch(new RegExp(`^duijie: ${utf16}:1: the file holds NUL bytes, so it is not UTF-8 text`))
    // A catalogue file too, by its own path.
    const dir = catalogueCopy('gbk-experts', (d) => {
      const bytes = readFileSync(join(d, 'experts.csv'))
      writeFileSync(
        join(d, 'experts.csv'),
        Buffer.concat([bytes, Buffer.from('x099,'), Buffer.from('b4acb2b0', 'hex')]),
      )
    })
    const e = duijie('card', '--catalogue', dir)
    expect(e.status).toBe(1)
    expect(e.stderr).toMatch(
      new RegExp(`^duijie: ${join(dir, 'experts.csv')}:${sample.experts.length + 2}: the file is not UTF-8`),
    )
  })

  it('counts a CRLF inside a quoted cell as one line end, and reads files that end lines in CR alone', () => {
    // Windows line ends, and a title of two lines: n2 is on line 4.
    const crlf = join(work, 'crlf.csv')
    writeFileSync(crlf, 'id,kind,title,text\r\nn1,technology,"两行\r\n标题",焊接机器人\r\nn2,technology,t,  \r\n')
    const c = duijie('match', '--catalogue', 'data/catalogue', '--needs', crlf)
    expect(c.status).toBe(1)
    expect(c.stderr).toBe(`duijie: ${crlf}:4:4: column "text": must not be empty [INPUT]\n`)
    // Excel for Mac's "CSV (Macintosh)": CR alone; the title keeps its line break, as a plain \n.
    const cr = join(work, 'cr.csv')
    writeFileSync(cr, 'id,kind,title,text\rn1,technology,"两行\r标题",焊接机器人\rn2,technology,t,局部放电\r')
    const run = duijie('match', '--catalogue', 'data/catalogue', '--needs', cr, '--format', 'json', '--top', '1')
    expect(run.status).toBe(0)
    const results = JSON.parse(run.stdout) as JsonResult[]
    expect(results.map((r) => [r.needId, r.experts[0]?.id])).toEqual([
      ['n1', 'x001'],
      ['n2', 'x016'],
    ])
  })

  it('refuses an --out that is a file the run reads, even by another path, and leaves it as it was', () => {
    const needs = join(work, 'own-needs.csv')
    writeFileSync(needs, 'id,kind,text\nn1,technology,焊接机器人\n')
    const self = duijie('match', '--catalogue', 'data/catalogue', '--needs', needs, '--format', 'csv', '--out', needs)
    expect([self.status, self.stdout]).toEqual([1, ''])
    expect(self.stderr).toBe(
      `duijie: --out: ${needs}: is a file this run reads (--needs ${needs}); write the output to another file [INPUT]\n`,
    )
    expect(readFileSync(needs, 'utf8')).toBe('id,kind,text\nn1,technology,焊接机器人\n')
    // A catalogue file, named through a symbolic link to it.
    const dir = catalogueCopy('out-over-catalogue', () => {})
    const link = join(work, 'experts-link.csv')
    symlinkSync(join(dir, 'experts.csv'), link)
    const before = readFileSync(join(dir, 'experts.csv'))
    const over = duijie('card', '--catalogue', dir, '--format', 'csv', '--out', link)
    expect(over.status).toBe(1)
    expect(over.stderr).toMatch(
      new RegExp(`^duijie: --out: ${link}: is a file this run reads \\(--catalogue ${join(dir, 'experts.csv')}\\)`),
    )
    expect(readFileSync(join(dir, 'experts.csv')).equals(before)).toBe(true)
    expect([...leftovers(work), ...leftovers(dir)]).toEqual([])
  })

  it('names the line of the first record a duplicate id repeats, in a catalogue file and in members.csv', () => {
    // Line 5 (the fourth expert) takes the id of line 3 (the second).
    const dir = catalogueCopy('duplicate-expert', (d) => {
      const rows = readCsv(join(d, 'experts.csv'))
      rows[3]!.id = rows[1]!.id!
      writeFileSync(join(d, 'experts.csv'), stringify(rows, { header: true }))
    })
    const e = duijie('card', '--catalogue', dir)
    expect(e.status).toBe(1)
    expect(e.stderr).toBe(
      `duijie: ${join(dir, 'experts.csv')}:5:1: addExperts: expert at index 3 (id "${sample.experts[1]!.id}"): ` +
        'field "id": duplicates the record on line 3 [INPUT]\n',
    )
    const members = catalogueCopy('duplicate-member', (d) => {
      const rows = readCsv(join(d, 'members.csv'))
      rows[2]!.id = rows[0]!.id!
      writeFileSync(join(d, 'members.csv'), stringify(rows, { header: true }))
    })
    const m = duijie('plan', '--catalogue', members, '--needs', needsFile)
    expect(m.status).toBe(1)
    expect(m.stderr).toBe(
      `duijie: ${join(members, 'members.csv')}:4:1: planWeek: member at index 2 (id "${sample.members[0]!.id}"): ` +
        'field "id": duplicates another member (first on line 2) [INPUT]\n',
    )
  })

  it('plan --week reports a history date that is not ISO 8601 instead of leaving it out as a later visit', () => {
    // Each of these reads, to Date.parse, as a day in the week or after it (2026-11-31 as 2026-12-01).
    const dates: Array<[string, string]> = [
      ['2026/11/20', '2026-11-16'],
      ['11/20/2026', '2026-11-16'],
      ['46346', '2026-11-16'],
      ['2026-11-31', '2026-11-30'],
    ]
    for (const [date, week] of dates) {
      const dir = catalogueCopy(`history-${date.replace(/\W/g, '')}`, (d) =>
        writeFileSync(join(d, 'history.csv'), `member_id,enterprise_id,date\nm01,c09,2026-11-10\nm02,c04,${date}\n`),
      )
      const run = duijie('plan', '--catalogue', dir, '--needs', needsFile, '--week', week)
      expect([date, run.status, run.stdout]).toEqual([date, 1, ''])
      expect(run.stderr).toMatch(
        new RegExp(
          `^duijie: ${join(dir, 'history.csv')}:3:3: planWeek: history entry at index 1: field "date": must be an ISO date`,
        ),
      )
    }
  })

  it('reads ids and codes without the spaces around them', () => {
    // Padded cells, as a spreadsheet keeps them: every expert of just, and the degree of every programme.
    const dir = catalogueCopy('padded-ids', (d) => {
      const experts = readCsv(join(d, 'experts.csv')).map((e) => ({
        ...e,
        id: ` ${e.id} `,
        university_id: `${e.university_id} `,
      }))
      writeFileSync(join(d, 'experts.csv'), stringify(experts, { header: true }))
      const programmes = readCsv(join(d, 'programmes.csv')).map((p) => ({ ...p, degree: `${p.degree} ` }))
      writeFileSync(join(d, 'programmes.csv'), stringify(programmes, { header: true }))
    })
    const card = duijie('card', '--catalogue', dir, '--university', 'just', '--format', 'json')
    expect([card.status, card.stderr]).toEqual([0, ''])
    const [just] = JSON.parse(card.stdout) as Array<{ terms: Array<{ experts: string[] }> }>
    const own = sample.experts.filter((e) => e.university_id === 'just').map((e) => e.id)
    expect(just!.terms.flatMap((t) => t.experts).every((e) => own.includes(e))).toBe(true)
    // " n1 " is n1: the second n1 is a duplicate, not a need of its own.
    const needs = join(work, 'padded-needs.csv')
    writeFileSync(needs, 'id,kind,text\n n1 ,technology,焊接机器人\nn1,technology,局部放电\n')
    const dup = duijie('match', '--catalogue', dir, '--needs', needs)
    expect([dup.status, dup.stderr]).toEqual([
      1,
      `duijie: ${needs}:3:1: column "id": duplicate id "n1" (first on line 2) [INPUT]\n`,
    ])
  })

  it('says what is wrong with the folder, the separator and a --top too large to use', () => {
    const missing = duijie('card', '--catalogue', join(work, 'no-such-catalogue'))
    expect([missing.status, missing.stderr]).toEqual([
      1,
      `duijie: --catalogue: ${join(work, 'no-such-catalogue')}: no such folder [IO]\n`,
    ])
    const file = duijie('plan', '--catalogue', needsFile, '--needs', needsFile)
    expect(file.status).toBe(1)
    expect(file.stderr).toBe(`duijie: --catalogue: ${needsFile}: is a file, not a folder of CSV files [IO]\n`)
    const semicolons = join(work, 'semicolons.csv')
    writeFileSync(semicolons, 'id;kind;text\nn1;technology;焊接机器人\n')
    const s = duijie('match', '--catalogue', 'data/catalogue', '--needs', semicolons)
    expect(s.status).toBe(1)
    expect(s.stderr).toMatch(/\(it has id;kind;text\); its fields are separated by semicolons, and duijie reads commas/)
    const top = duijie('match', '--catalogue', 'data/catalogue', '--needs', needsFile, '--top', '99999999999999999999')
    expect(top.status).toBe(2)
    expect(top.stderr).toMatch(/option '--top <n>' argument '99999999999999999999' is invalid/)
  })
})
