// Packs the library as npm would publish it, installs the tarball into an empty folder, and uses it from
// both module systems. Slow (a real install, with nodejieba's native build), so it runs once per test run.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..')
const consumer = mkdtempSync(join(tmpdir(), 'duijie-consumer-'))
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

const SCRIPT = `
  m.addUniversities([{ id: 'u', name: '大学' }])
  m.addExperts([{ id: 'e', name: '专家', universityId: 'u', specialties: ['碳化硅功率模块'] }])
  const plan = assign({ scores: [{ person: 'a', item: 'x', score: 1 }, { person: 'b', item: 'x', score: 2 }], capacity: { a: 1, b: 1 } })
  console.log(JSON.stringify([m.match('碳化硅').experts.map((e) => [e.id, e.terms.some((t) => t.term === '碳化硅')]), plan.assignments.map((a) => a.person)]))
`

describe('the npm package', () => {
  let shipped: string[] = []
  beforeAll(() => {
    run('npm', ['run', 'build'], root)
    const packed = JSON.parse(
      run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', consumer], root),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>
    shipped = packed[0]!.files.map((f) => f.path)
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }))
    writeFileSync(join(consumer, '.npmrc'), 'yes=true\n')
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', join(consumer, packed[0]!.filename)],
      consumer,
    )
  }, 600_000)
  afterAll(() => rmSync(consumer, { recursive: true, force: true }))

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
    expect(Object.keys(installed.dependencies).sort()).toEqual(['fuse.js', 'nodejieba', 'zod'])
    // Caret ranges, so a consumer's tree can share one copy of each.
    for (const range of Object.values(installed.dependencies)) expect(range).toMatch(/^\^/)
    expect(shipped).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md', 'dist/index.js']))
    expect(shipped.filter((path) => path.endsWith('.map'))).toEqual([])
    expect(installed.exports['.'].import.types).toBe('./dist/index.d.ts')
    expect(installed.exports['.'].require.types).toBe('./dist/index.d.cts')
    expect(readFileSync(join(consumer, 'node_modules/duijie/dist/index.d.ts'), 'utf8')).toContain(
      'declare class Matcher',
    )
    expect(readFileSync(join(consumer, 'node_modules/duijie/dist/index.d.cts'), 'utf8')).toContain(
      'declare class Matcher',
    )
  })
})
