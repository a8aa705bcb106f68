// A reader loading while another process saves over the same path must always get a whole snapshot,
// the old one or the new one: saveBinary renames a finished file into place, never writes in place.
import { spawn } from 'node:child_process'

import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSampleData } from '../../examples/sample-data.js'
import { Matcher } from '../../src/index.js'
import { temporaryDirectory } from '../helpers/temporary.js'

const { universities, experts, needs } = loadSampleData()
const probe = needs.slice(0, 6)

describe('loading while another process saves', { timeout: 60_000 }, () => {
  it('always loads a whole snapshot, the old or the new', async () => {
    const expected = [experts.slice(0, 20), experts].map((list) =>
      JSON.stringify(new Matcher().addUniversities(universities).addExperts(list).matchAll(probe)),
    )
    const path = join(temporaryDirectory('duijie-concurrent-'), 'district.duijie')
    // node itself, not npx: killing npx would leave its child writing.
    const script = resolve(import.meta.dirname, 'fixtures/save-loop.ts')
    const writer = spawn(process.execPath, ['--import', 'tsx', script, path, '20'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    try {
      await new Promise<void>((ready, fail) => {
        writer.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready())
        writer.on('exit', (code) => fail(new Error(`the writer exited early (${code})`)))
      })
      const seen = new Set<number>()
      const until = Date.now() + 3000
      let loads = 0
      while (Date.now() < until) {
        const results = JSON.stringify(Matcher.loadBinary(path).matchAll(probe))
        const which = expected.indexOf(results)
        expect(which).toBeGreaterThanOrEqual(0)
        seen.add(which)
        loads++
      }
      expect(loads).toBeGreaterThan(20)
      // The writer really was replacing the file under the reader.
      expect(seen.size).toBe(2)
    } finally {
      writer.kill()
    }
  })
})
