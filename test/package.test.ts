// Packs the library as npm would publish it, installs the tarball into an empty folder on a PATH with node
// and npm but no C++ compiler, make or Python, and uses it from both module systems. Slow (a real install),
// so it runs once per test run.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..')
const consumer = mkdtempSync(join(tmpdir(), 'duijie-consumer-'))
const bareBin = join(consumer, '.bin-no-toolchain')
/** node, npm and npx only: what a machine without build tools has. */
const bareEnv = { ...process.env, PATH: bareBin }
const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

function makeBareBin(): void {
  mkdirSync(bareBin)
  symlinkSync(process.execPath, join(bareBin, 'node'))
  const npmCli = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin')
  symlinkSync(join(npmCli, 'npm-cli.js'), join(bareBin, 'npm'))
  symlinkSync(join(npmCli, 'npx-cli.js'), join(bareBin, 'npx'))
}

const SCRIPT = `
  m.addUniversities([{ id: 'u', name: '大学' }])
  m.addExperts([{ id: 'e', name: '专家', universityId: 'u', specialties: ['碳化硅功率模块'] }])
  const plan = assign({ scores: [{ person: 'a', item: 'x', score: 1 }, { person: 'b', item: 'x', score: 2 }], capacity: { a: 1, b: 1 } })
  console.log(JSON.stringify([m.match('碳化硅').experts.map((e) => [e.id, e.terms.some((t) => t.term === '碳化硅')]), plan.assignments.map((a) => a.person)]))
`

describe('the npm package, installed with no compiler, make or Python on PATH', () => {
  let shipped: string[] = []
  beforeAll(() => {
    makeBareBin()
    run('npm', ['run', 'build'], root)
    const packed = JSON.parse(
      run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', consumer], root),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>
    shipped = packed[0]!.files.map((f) => f.path)
    // No .npmrc with yes=true either: nothing in the install may need npx.
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }))
    run(
      join(bareBin, 'npm'),
      ['install', '--no-audit', '--no-fund', '--prefer-offline', join(consumer, packed[0]!.filename)],
      consumer,
      bareEnv,
    )
  }, 600_000)
  afterAll(() => rmSync(consumer, { recursive: true, force: true }))

  it('was installed on a PATH where no build tool resolves', () => {
    for (const tool of ['g++', 'c++', 'cc', 'gcc', 'make', 'python3', 'python']) {
      expect(spawnSync('/bin/sh', ['-c', `command -v ${tool}`], { env: bareEnv }).status, tool).not.toBe(0)
    }
    expect(spawnSync('/bin/sh', ['-c', 'command -v node'], { env: bareEnv }).status).toBe(0)
  })

  it('imports as ESM', () => {
    const out = run(
      'node',
      ['--input-type=module', '-e', `import { Matcher, assign } from 'duijie'; const m = new Matcher(); ${SCRIPT}`],
      consumer,
    )
    expect(JSON.parse(out)).toEqual([[['e', true]], ['b']])
  })

  it('requires as CommonJS', () => {
    const out = run(
      'node',
      ['-e', `const { Matcher, assign } = require('duijie'); const m = new Matcher(); ${SCRIPT}`],
      consumer,
    )
    expect(JSON.parse(out)).toEqual([[['e', true]], ['b']])
  })

  it('ships type declarations for both, and only runtime dependencies', () => {
    const installed = JSON.parse(readFileSync(join(consumer, 'node_modules/duijie/package.json'), 'utf8'))
    expect(Object.keys(installed.dependencies).sort()).toEqual([
      '@node-rs/jieba',
      'cli-progress',
      'commander',
      'csv-parse',
      'csv-stringify',
      'fuse.js',
      'zod',
    ])
    // nodejieba compiles from source: an optional peer, never installed by default.
    expect(installed.peerDependenciesMeta).toEqual({ nodejieba: { optional: true } })
    // Caret ranges, so a consumer's tree can share one copy of each.
    for (const range of Object.values(installed.dependencies)) expect(range).toMatch(/^\^/)
    // The README's chart is linked by absolute URL into the package, for registry pages.
    expect(shipped).toEqual(
      expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md', 'dist/index.js', 'bench/results/latency.svg']),
    )
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(
      'https://cdn.jsdelivr.net/npm/duijie/bench/results/latency.svg',
    )
    expect(shipped.filter((path) => path.endsWith('.map'))).toEqual([])
    // The CLI is built as ESM only, the file `bin` names: no CommonJS copy of it, and no types for it.
    expect(installed.bin).toEqual({ duijie: './dist/cli.js' })
    expect(shipped.filter((path) => path.startsWith('dist/cli')).sort()).toEqual(['dist/cli.js'])
    expect(installed.exports['.'].import.types).toBe('./dist/index.d.ts')
    expect(installed.exports['.'].require.types).toBe('./dist/index.d.cts')
    expect(readFileSync(join(consumer, 'node_modules/duijie/dist/index.d.ts'), 'utf8')).toContain(
      'declare class Matcher',
    )
    expect(readFileSync(join(consumer, 'node_modules/duijie/dist/index.d.cts'), 'utf8')).toContain(
      'declare class Matcher',
    )
  })

  it('installs the duijie command, which matches the sample district from CSV', () => {
    const catalogue = join(root, 'data', 'catalogue')
    const out = run(
      join(consumer, 'node_modules', '.bin', 'duijie'),
      ['match', '--catalogue', catalogue, '--needs', join(catalogue, 'needs.csv'), '--top', '1', '--format', 'csv'],
      consumer,
      { ...bareEnv, PATH: `${bareBin}` },
    )
    const lines = out.trim().split('\n')
    expect(lines[0]).toBe('need_id,kind,list,rank,id,name,score,terms,documents')
    expect(lines.find((line) => line.startsWith('n01,technology,experts,1,'))).toContain('x016')
  })

  it('analyses a large batch on worker threads from the built package, as one thread would', () => {
    const script = (module: 'esm' | 'cjs') => `
      ${module === 'esm' ? "import { Matcher } from 'duijie'" : "const { Matcher } = require('duijie')"}
      const experts = Array.from({ length: 600 }, (_, i) => ({ id: 'e' + i, name: '专家', universityId: 'u', specialties: ['焊接机器人', i === 3 ? '激光熔覆' : '碳化硅功率模块'] }))
      const build = (workers) => new Matcher({ workers, workerBatch: 100 }).addUniversities([{ id: 'u', name: '大学' }]).addExperts(experts)
      const [pooled, single] = [build(2), build(0)]
      console.log(JSON.stringify(pooled.toJSON()) === JSON.stringify(single.toJSON()), pooled.match('激光熔覆').experts[0].id)
    `
    // Run as `node -e`, whose flags a thread must not inherit; a stalled thread would show as the fallback warning.
    for (const module of ['esm', 'cjs'] as const) {
      // --expose-gc too: a flag threads refuse when it is passed on to them.
      const args =
        module === 'esm' ? ['--expose-gc', '--input-type=module', '-e', script(module)] : ['-e', script(module)]
      const child = spawnSync('node', args, { cwd: consumer, encoding: 'utf8', timeout: 25_000 })
      expect(child.stdout.trim()).toBe('true e3')
      expect(child.stderr).not.toContain('DUIJIE_WORKER_FALLBACK')
    }
  })

  it('says how to install nodejieba when it is asked for and missing', () => {
    const out = run(
      'node',
      [
        '-e',
        `const { NodejiebaSegmenter } = require('duijie'); try { new NodejiebaSegmenter() } catch (e) { console.log(JSON.stringify([e.code, e.message])) }`,
      ],
      consumer,
    )
    const [code, message] = JSON.parse(out) as [string, string]
    expect(code).toBe('MISSING_DEPENDENCY')
    expect(message).toMatch(/^duijie: NodejiebaSegmenter needs the optional package nodejieba/)
    expect(message).toContain('npm install nodejieba')
  })

  // Last: it removes the native binding from the consumer.
  it('falls back to Intl.Segmenter, with a warning, where no @node-rs/jieba binding loads', () => {
    // Every platform's binding that npm installed (@node-rs/jieba-linux-x64-gnu, -darwin-arm64, …), so the
    // fallback is what runs on any machine.
    const scope = join(consumer, 'node_modules', '@node-rs')
    const bindings = readdirSync(scope).filter((name) => name.startsWith('jieba-'))
    expect(bindings.length, 'no @node-rs/jieba-* binding was installed').toBeGreaterThan(0)
    for (const name of bindings) rmSync(join(scope, name), { recursive: true, force: true })
    expect(readdirSync(scope).filter((name) => name.startsWith('jieba-'))).toEqual([])
    const child = spawnSync(
      'node',
      [
        '--input-type=module',
        '-e',
        `import { Matcher, assign } from 'duijie'; const m = new Matcher(); ${SCRIPT}; console.log(m.analyzer.segmenter.id)`,
      ],
      { cwd: consumer, encoding: 'utf8' },
    )
    expect(child.status, child.stderr).toBe(0)
    const lines = child.stdout.trim().split('\n')
    expect(JSON.parse(lines[0]!)).toEqual([[['e', true]], ['b']])
    expect(lines[1]).toMatch(/^intl-segmenter\/icu@/)
    expect(child.stderr).toContain('DUIJIE_SEGMENTER_FALLBACK')
    expect(child.stderr).toContain('Intl.Segmenter')
  })
})
