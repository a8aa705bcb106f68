import { mkdtempSync, statSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DuijieError, Matcher, type Segmenter } from '../src/index.js'
import { loadSampleData } from '../examples/sample-data.js'

const { universities, experts, needs } = loadSampleData()

function sample(options = {}) {
  return new Matcher(options).addUniversities(universities).addExperts(experts)
}

describe('saving and loading a matcher', () => {
  it('round-trips through JSON text with identical rankings, scores and explanations', () => {
    const m = sample()
    const before = m.matchAll(needs)
    const loaded = Matcher.fromJSON(JSON.parse(JSON.stringify(m)))
    expect(loaded.stats).toEqual(m.stats)
    expect(loaded.matchAll(needs)).toEqual(before)
  })

  it('round-trips through bytes, keeping options and words added at runtime', () => {
    const m = sample({ weighting: 'bm25', topK: 3 })
    m.addWords(['局放监测'])
    const before = m.matchAll(needs)
    const loaded = Matcher.fromBinary(m.toBinary())
    expect(loaded.options).toEqual(m.options)
    expect(loaded.analyzer.hasWord('局放监测')).toBe(true)
    expect(loaded.matchAll(needs)).toEqual(before)
  })

  it('round-trips through a file written section by section, and refuses a truncated one', () => {
    const m = sample()
    const path = join(mkdtempSync(join(tmpdir(), 'duijie-')), 'district.duijie')
    const written = m.saveBinary(path)
    expect(statSync(path).size).toBe(written)
    expect(Matcher.loadBinary(path).matchAll(needs)).toEqual(m.matchAll(needs))
    truncateSync(path, written - 64)
    expect(() => Matcher.loadBinary(path)).toThrow(/loadBinary: .*the file is truncated/)
  })

  it('keeps working after load: adding experts gives what a matcher built in one go gives', () => {
    const [first, rest] = [experts.slice(0, 40), experts.slice(40)]
    const loaded = Matcher.fromBinary(new Matcher().addUniversities(universities).addExperts(first).toBinary())
    loaded.addExperts(rest)
    expect(loaded.matchAll(needs)).toEqual(sample().matchAll(needs))
  })

  it('refuses a snapshot cut with another dictionary, saying what differs', () => {
    const snapshot = sample().toJSON()
    const otherDictionary = {
      ...snapshot,
      fingerprint: snapshot.fingerprint.replace(/;words=[0-9a-f]+/, ';words=00000000'),
    }
    expect(() => Matcher.fromJSON(otherDictionary)).toThrow(/duijie: fromJSON: .*cut differently.*differs in: words=/)
  })

  it('refuses to load with another segmenter than the one that made the snapshot', () => {
    const chars: Segmenter = { id: 'chars@1', cut: (run) => [...run] }
    const saved = new Matcher({ segmenter: chars })
      .addUniversities(universities)
      .addExperts(experts.slice(0, 5))
      .toBinary()
    expect(() => Matcher.fromBinary(saved)).toThrow(/differs in: nodejieba@3\/hmm/)
    expect(Matcher.fromBinary(saved, { segmenter: chars }).stats.experts).toBe(5)
  })

  it('refuses other formats, versions and damaged bytes with a clear error', () => {
    const snapshot = sample().toJSON()
    expect(() => Matcher.fromJSON({ ...snapshot, version: 99 })).toThrow(
      /field "version": must be 2: saved by another version/,
    )
    expect(() => Matcher.fromJSON({ hello: 'world' })).toThrow(/field "format": must be "duijie\/matcher"/)
    const bytes = sample().toBinary()
    expect(() => Matcher.fromBinary(bytes.subarray(0, bytes.length - 100))).toThrow(/truncated/)
    expect(() => Matcher.fromBinary(new Uint8Array(10))).toThrow(DuijieError)
    const broken = JSON.parse(JSON.stringify(snapshot))
    broken.experts[3].universityId = 'nowhere'
    expect(() => Matcher.fromJSON(broken)).toThrow(/damaged: expert at index 3/)
  })
})
