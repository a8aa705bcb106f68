// Executes examples/notebook.ipynb headlessly, as `jupyter nbconvert --execute` on Deno's Jupyter kernel, and
// checks what the executed notebook shows against the library itself. Needs Jupyter's nbconvert (Debian:
// `apt-get install jupyter-nbconvert`; .ci/run installs it) and deno (a devDependency); skips, saying which
// is missing, without them. Everything Jupyter and Deno write goes to a temporary folder.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadSampleData } from '../../examples/sample-data.js'
import { Matcher, type MatchResult } from '../../src/index.js'

const root = resolve(import.meta.dirname, '../..')
const NOTEBOOK = join(root, 'examples/notebook.ipynb')
const DENO = join(root, 'node_modules/.bin/deno')
// Debian's jupyter by full path: python3 on PATH may be another interpreter (pyenv) without nbconvert.
// DUIJIE_JUPYTER overrides it, e.g. with a virtualenv's jupyter.
const JUPYTER = process.env.DUIJIE_JUPYTER ?? (existsSync('/usr/bin/jupyter') ? '/usr/bin/jupyter' : 'jupyter')
const KERNEL = 'duijie-notebook-test'

const works = (cmd: string, args: string[]) =>
  spawnSync(cmd, args, { stdio: 'ignore', timeout: 30_000, killSignal: 'SIGKILL' }).status === 0
const missing = [
  ...(works(DENO, ['--version']) ? [] : ['deno (the devDependency; run npm install)']),
  ...(works(JUPYTER, ['nbconvert', '--version'])
    ? []
    : [`jupyter nbconvert (${JUPYTER}; on Debian: apt-get install jupyter-nbconvert)`]),
  ...(works('/bin/sh', ['-c', 'true']) ? [] : ['/bin/sh (the test starts the kernel through it)']),
]
if (missing.length > 0)
  console.warn(`examples/notebook.ipynb: skipping the notebook test, missing ${missing.join(' and ')}`)

interface Output {
  output_type: string
  name?: string
  text?: string | string[]
  data?: Record<string, string | string[]>
}
interface Cell {
  cell_type: string
  id: string
  execution_count?: number | null
  outputs?: Output[]
}
const text = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join('') : (value ?? ''))

/** The tables `show()` renders: each list and, per row, the id in the row's second cell (`name (id)`). */
function tables(html: string): Array<{ list: string; ids: string[] }> {
  return [...html.matchAll(/<table data-list="(\w+)">([\s\S]*?)<\/table>/g)].map(([, list, body]) => ({
    list: list!,
    ids: [...body!.matchAll(/<tr><td>[^<]*<\/td><td>[^<]*\(([^()<]+)\)<\/td>/g)].map((m) => m[1]!),
  }))
}

/** What the library ranks for a result, list by list, in the order of `result.lists`. */
const expected = (r: MatchResult) => r.lists.map((list) => ({ list, ids: r[list].map((x) => x.id) }))

/**
 * Runs a command in its own process group, and kills the group on timeout. Jupyter starts each kernel in a
 * session of its own, which outlives a killed nbconvert: the kernelspec below records the kernels' pids in
 * `pids`, and every kernel still running when the command ends is killed too.
 */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, pids: string, timeoutMs: number) {
  return new Promise<{ code: number | null; output: string }>((done, fail) => {
    const proc = spawn(cmd, args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    const stop = () => {
      kill(-proc.pid!)
      killKernels(pids)
    }
    cleanup = stop
    let output = ''
    proc.stdout.on('data', (chunk) => (output += chunk))
    proc.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(stop, timeoutMs)
    proc.on('error', fail)
    proc.on('close', (code) => {
      clearTimeout(timer)
      stop()
      cleanup = undefined
      done({ code, output: code === null ? `${output}\n(killed after ${timeoutMs} ms)` : output })
    })
  })
}
let cleanup: (() => void) | undefined
function kill(pid: number) {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // already gone
  }
}
function killKernels(pids: string) {
  if (!existsSync(pids)) return
  for (const pid of readFileSync(pids, 'utf8').split('\n').filter(Boolean).map(Number)) {
    // Only a process that is still a Deno kernel (on Linux, where /proc says); a pid can be reused.
    const cmdline = `/proc/${pid}/cmdline`
    if (!existsSync('/proc') || (existsSync(cmdline) && readFileSync(cmdline, 'utf8').includes('--kernel'))) kill(pid)
  }
}

describe('examples/notebook.ipynb on the Deno Jupyter kernel', () => {
  let tmp: string | undefined
  afterAll(() => {
    cleanup?.()
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  })

  it('is kept with its outputs cleared, for the Deno kernel', () => {
    const { cells, metadata } = JSON.parse(readFileSync(NOTEBOOK, 'utf8'))
    expect(metadata.kernelspec).toMatchObject({ name: 'deno', language: 'typescript' })
    for (const c of (cells as Cell[]).filter((c) => c.cell_type === 'code')) {
      expect(c.outputs, c.id).toEqual([])
      expect(c.execution_count, c.id).toBeNull()
    }
  })

  it.skipIf(missing.length > 0)(
    'runs headlessly: no errors, each need its own counterparts as tables, the university scores as an SVG chart',
    { timeout: 240_000 },
    async () => {
      tmp = mkdtempSync(join(tmpdir(), 'duijie-notebook-'))
      // The kernelspec `deno jupyter --install` writes (argv: deno jupyter --kernel --conn {connection_file}),
      // written here so that nothing lands in ~/.local, and started through sh to record the kernel's pid.
      const kernelDir = join(tmp, 'data/kernels', KERNEL)
      const pids = join(tmp, 'kernel.pids')
      mkdirSync(kernelDir, { recursive: true })
      writeFileSync(
        join(kernelDir, 'kernel.json'),
        JSON.stringify({
          argv: [
            '/bin/sh',
            '-c',
            'echo $$ >> "$0" && exec "$1" jupyter --kernel --conn "$2"',
            pids,
            DENO,
            '{connection_file}',
          ],
          display_name: 'Deno (duijie test)',
          language: 'typescript',
        }),
      )
      const env = {
        ...process.env,
        JUPYTER_PATH: join(tmp, 'data'),
        JUPYTER_DATA_DIR: join(tmp, 'data'),
        JUPYTER_CONFIG_DIR: join(tmp, 'config'),
        JUPYTER_RUNTIME_DIR: join(tmp, 'runtime'),
        DENO_DIR: join(tmp, 'deno'),
        NO_COLOR: '1',
      }
      const { code, output } = await run(
        JUPYTER,
        [
          'nbconvert',
          '--to',
          'notebook',
          '--execute',
          '--ExecutePreprocessor.timeout=120',
          `--ExecutePreprocessor.kernel_name=${KERNEL}`,
          '--output-dir',
          join(tmp, 'out'),
          '--output',
          'executed',
          NOTEBOOK,
        ],
        env,
        pids,
        200_000,
      )
      expect(code, output).toBe(0)

      const cells: Cell[] = JSON.parse(readFileSync(join(tmp, 'out/executed.ipynb'), 'utf8')).cells
      const codeCells = cells.filter((c) => c.cell_type === 'code')
      expect(codeCells.map((c) => c.id)).toEqual([
        'load',
        'helpers',
        'technology',
        'problem',
        'talent',
        'financing',
        'chart',
      ])
      for (const c of codeCells) {
        expect(c.execution_count, c.id).toBeTypeOf('number')
        expect(
          c.outputs!.filter((o) => o.output_type === 'error'),
          c.id,
        ).toEqual([])
      }
      const cell = (id: string) => codeCells.find((c) => c.id === id)!
      const stderr = (id: string) =>
        cell(id)
          .outputs!.filter((o) => o.output_type === 'stream' && o.name === 'stderr')
          .map((o) => text(o.text))
          .join('')
      // Each cell shows one display_data (awaited in the cell: a last value can arrive after the kernel went idle).
      const result = (id: string, mime: string) => {
        const shown = cell(id).outputs!.filter((o) => o.output_type === 'display_data')
        expect(shown, id).toHaveLength(1)
        return text(shown[0]!.data![mime])
      }

      // jieba loaded in the kernel (its native binding needs ffi and env): no fallback to Intl.Segmenter.
      const loaded = result('load', 'text/plain')
      expect(loaded).toMatch(/^48 needs; 9 universities, 64 experts, 34 programmes, 24 investors/)
      expect(loaded, stderr('load')).toMatch(/^segmenter: \S*jieba\S*$/m)
      expect(stderr('load')).not.toMatch(/DUIJIE_SEGMENTER_FALLBACK/)

      // The same rankings the library gives, routed by kind: experts first for technology needs and
      // problems, programmes for talent, investors alone for financing.
      const data = loadSampleData()
      const m = new Matcher()
      m.addUniversities(data.universities)
        .addExperts(data.experts)
        .addProgrammes(data.programmes)
        .addInvestors(data.investors)
      const need = (id: string) => data.needs.find((n) => n.id === id)!
      const shown = {
        technology: tables(result('technology', 'text/html')),
        problem: tables(result('problem', 'text/html')),
        talent: tables(result('talent', 'text/html')),
        financing: tables(result('financing', 'text/html')),
      }
      expect(shown.technology.map((t) => t.list)).toEqual(['experts', 'universities'])
      expect(shown.problem.map((t) => t.list)).toEqual(['experts', 'universities'])
      expect(shown.talent.map((t) => t.list)).toEqual(['programmes', 'universities', 'experts'])
      expect(shown.financing.map((t) => t.list)).toEqual(['investors'])
      const experts = new Set(data.experts.map((e) => e.id))
      const programmes = new Set(data.programmes.map((p) => p.id))
      const investors = new Set(data.investors.map((v) => v.id))
      expect(shown.technology[0]!.ids.length).toBeGreaterThan(0)
      for (const id of shown.technology[0]!.ids) expect(experts).toContain(id)
      expect(shown.talent[0]!.ids.length).toBeGreaterThan(0)
      for (const id of shown.talent[0]!.ids) expect(programmes).toContain(id)
      expect(shown.financing[0]!.ids.length).toBeGreaterThan(0)
      for (const id of shown.financing[0]!.ids) expect(investors).toContain(id)
      expect(shown.technology).toEqual(expected(m.match(need('n01'), { topK: 5 })))
      expect(shown.problem).toEqual(expected(m.match(need('n02'), { topK: 5 })))
      expect(shown.talent).toEqual(expected(m.match(need('n03'), { topK: 5 })))
      expect(shown.financing).toEqual(expected(m.match(need('n38'), { topK: 5 })))
      // Frontends without HTML get the same rows as text.
      expect(result('financing', 'text/plain')).toContain(`(${shown.financing[0]!.ids[0]})`)

      // One bar per university that scores for n03, labelled with its name, in rank order.
      const svg = result('chart', 'image/svg+xml')
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>$/)
      const ranked = m.match(need('n03'), { topK: data.universities.length, lists: ['universities'] }).universities
      expect(ranked.length).toBeGreaterThan(1)
      expect(svg.match(/<rect /g)).toHaveLength(ranked.length)
      const names = new Map(data.universities.map((u) => [u.id, u.name]))
      const labels = [...svg.matchAll(/<text [^>]*text-anchor="end">([^<]+)<\/text>/g)].map((l) => l[1])
      expect(labels).toEqual(ranked.map((u) => names.get(u.id)))
    },
  )
})
