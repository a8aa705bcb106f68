// saveBinary writes beside the destination and renames: a save that fails half way (a full disk, say)
// must leave the previous snapshot loadable and no temporary file behind. node:fs is wrapped so that a
// test can make writeSync fail after some bytes.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { loadSampleData } from '../../examples/sample-data.js'
import { Matcher } from '../../src/index.js'
import { expectDuijieError } from '../helpers/errors.js'
import { temporaryDirectory } from '../helpers/temporary.js'

const failure = vi.hoisted(() => ({ afterBytes: Number.POSITIVE_INFINITY, written: 0, readsShrink: false }))

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const writeSync = (...args: Parameters<typeof fs.writeSync>) => {
    const length = args[3] as unknown as number
    if (failure.written + length > failure.afterBytes) {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    }
    failure.written += length
    return (fs.writeSync as (...a: unknown[]) => number)(...args)
  }
  // A file that shrinks while it is read: reads find nothing past the first bytes.
  const readSync = (...args: unknown[]) =>
    failure.readsShrink && (args[4] as number) > 0 ? 0 : (fs.readSync as (...a: unknown[]) => number)(...args)
  return { ...fs, default: { ...fs, writeSync, readSync }, writeSync, readSync }
})

const { universities, experts, needs } = loadSampleData()

describe('saveBinary when the disk fails part way', () => {
  it('leaves the previous snapshot loadable and no temporary file', () => {
    const directory = temporaryDirectory('duijie-atomic-')
    const path = join(directory, 'district.duijie')
    const old = new Matcher().addUniversities(universities).addExperts(experts.slice(0, 20))
    const size = old.saveBinary(path)
    const oldResults = old.matchAll(needs)
    const bigger = new Matcher().addUniversities(universities).addExperts(experts)
    for (const fraction of [0, 0.1, 0.5, 0.99]) {
      failure.written = 0
      failure.afterBytes = Math.floor(size * fraction)
      const error = expectDuijieError(() => bigger.saveBinary(path), 'IO')
      expect(error.message).toContain(path)
      expect(error.message).toContain('ENOSPC')
      expect(readdirSync(directory)).toEqual(['district.duijie'])
      expect(Matcher.loadBinary(path).matchAll(needs)).toEqual(oldResults)
    }
    failure.afterBytes = Number.POSITIVE_INFINITY
    bigger.saveBinary(path)
    expect(Matcher.loadBinary(path).matchAll(needs)).toEqual(bigger.matchAll(needs))
  })
})

describe('loadBinary when the file shrinks while it is read', () => {
  it('refuses it as damaged instead of waiting for bytes that never come', () => {
    const path = join(temporaryDirectory('duijie-shrink-'), 'district.duijie')
    new Matcher().addUniversities(universities).addExperts(experts).saveBinary(path)
    failure.readsShrink = true
    try {
      expect(expectDuijieError(() => Matcher.loadBinary(path), 'SNAPSHOT_CORRUPT').message).toContain('shrank')
    } finally {
      failure.readsShrink = false
    }
  })
})
