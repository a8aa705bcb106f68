import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadSampleData } from '../../examples/sample-data.js'
import { DuijieError, Matcher, type MatcherSnapshot, SNAPSHOT_VERSION } from '../../src/index.js'
import { expectDuijieError } from '../helpers/errors.js'
import { editArray, editHeader, resign } from './resign.js'
import { temporaryDirectory } from '../helpers/temporary.js'

const { universities, experts, needs, programmes, investors, documents } = loadSampleData()
const matcher = new Matcher().addUniversities(universities).addExperts(experts)
const probeNeeds = needs.slice(0, 12)
const expected = matcher.matchAll(probeNeeds)
const bytes = matcher.toBinary()
const fresh = (): MatcherSnapshot => JSON.parse(JSON.stringify(matcher))
// Every kind of record, so that each collection's postings (programmes, investors, documents too) can be damaged.
const everyKind = new Matcher()
  .addUniversities(universities)
  .addExperts(experts)
  .addProgrammes(programmes)
  .addInvestors(investors)
  .addDocuments(documents)
const freshEveryKind = (): MatcherSnapshot => JSON.parse(JSON.stringify(everyKind))

/** A damaged snapshot must be refused with a snapshot error, or load to exactly the saved answers. */
function refusedOrIdentical(load: () => Matcher): 'refused' | 'identical' {
  let loaded: Matcher
  try {
    loaded = load()
  } catch (error) {
    expect(error).toBeInstanceOf(DuijieError)
    expect(['SNAPSHOT_CORRUPT', 'SNAPSHOT_INCOMPATIBLE']).toContain((error as DuijieError).code)
    return 'refused'
  }
  expect(loaded.matchAll(probeNeeds)).toEqual(expected)
  return 'identical'
}

describe('damaged binary snapshots', () => {
  it('100 seeded random byte flips are each refused or load to identical results', () => {
    const outcomes = { refused: 0, identical: 0 }
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        const damaged = bytes.slice()
        damaged[at]! ^= mask
        outcomes[refusedOrIdentical(() => Matcher.fromBinary(damaged))]++
      }),
      { numRuns: 100, seed: 20261201 },
    )
    // Only padding between sections is unchecked; nearly every flip lands in checked bytes.
    expect(outcomes.refused).toBeGreaterThan(90)
  })

  it('60 seeded truncations are each refused', () => {
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), (length) => {
        expectDuijieError(
          () => Matcher.fromBinary(bytes.subarray(0, length)),
          length < 16 ? 'SNAPSHOT_INCOMPATIBLE' : 'SNAPSHOT_CORRUPT',
        )
      }),
      { numRuns: 60, seed: 7 },
    )
  })

  it('refuses bytes after the last section', () => {
    const longer = new Uint8Array(bytes.length + 8)
    longer.set(bytes)
    expectDuijieError(() => Matcher.fromBinary(longer), 'SNAPSHOT_CORRUPT')
  })

  it('refuses a section table whose lengths are not whole numbers or do not add up, without hanging', () => {
    const fractional = editHeader(bytes, (h) => {
      ;(h.sections as Array<{ byteLength: number }>)[0]!.byteLength += 0.5
    })
    expectDuijieError(() => Matcher.fromBinary(fractional), 'SNAPSHOT_CORRUPT')
    const file = join(temporaryDirectory('duijie-damage-'), 'fractional.duijie')
    writeFileSync(file, fractional)
    expectDuijieError(() => Matcher.loadBinary(file), 'SNAPSHOT_CORRUPT')
    const huge = editHeader(bytes, (h) => {
      ;(h.sections as Array<{ byteLength: number }>)[3]!.byteLength = 2 ** 40
    })
    expectDuijieError(() => Matcher.fromBinary(huge), 'SNAPSHOT_CORRUPT')
    const missing = editHeader(bytes, (h) => {
      ;(h.sections as unknown[]).pop()
    })
    expectDuijieError(() => Matcher.fromBinary(missing), 'SNAPSHOT_CORRUPT')
    for (const version of [SNAPSHOT_VERSION - 1, SNAPSHOT_VERSION + 1]) {
      expectDuijieError(
        () => Matcher.fromBinary(editHeader(bytes, (h) => (h.version = version))),
        'SNAPSHOT_INCOMPATIBLE',
      )
    }
  })
})

describe('damage the checksums cannot see: re-signed edits are caught by the invariants', () => {
  const refusedIn = (snapshot: MatcherSnapshot, section: string) => {
    const error = expectDuijieError(() => Matcher.fromJSON(snapshot), 'SNAPSHOT_CORRUPT')
    expect(error.message).toContain(`section "${section}`)
  }
  // A shifted term boundary shows as a cell out of range, as docs out of order (the message names both
  // arrays), or, when the docs stay in order, as a posting outside its new term's bound.
  const refusedInPostings = (snapshot: MatcherSnapshot, collection: string) => {
    const error = expectDuijieError(() => Matcher.fromJSON(snapshot), 'SNAPSHOT_CORRUPT')
    expect(error.message).toMatch(
      new RegExp(
        `section "${collection}\\.(spans": cell|docs": posting \\d+ \\(term \\d+, by ${collection}\\.spans\\)|weights": posting \\d+ weighs|termMax": term \\d+ is bounded)`,
      ),
    )
  }

  it('a one-bit flip in a spans (term offsets) array, in every collection', () => {
    const withoutOthers = ['experts', 'descriptions', 'centroids'].map((c) => [fresh, c] as const)
    const all = ['experts', 'descriptions', 'centroids', 'programmes', 'investors', 'documents']
    for (const bit of [0, 7, 20, 31]) {
      for (const [snapshotOf, collection] of [...withoutOthers, ...all.map((c) => [freshEveryKind, c] as const)]) {
        const name = `${collection}.spans`
        const snapshot = snapshotOf()
        expect(Buffer.from(snapshot.sections[`${collection}.docs`]!.data as string, 'base64').length).toBeGreaterThan(0)
        const damaged = editArray(snapshot, name, (b) => {
          b[4 * 5 + (bit >> 3)]! ^= 1 << (bit & 7)
        })
        refusedInPostings(damaged, collection)
      }
    }
  })

  it('a posting that names a doc beyond the records, or out of order', () => {
    refusedIn(
      editArray(fresh(), 'experts.docs', (b) => b.set([0xff, 0xff, 0, 0], 0)),
      'experts.docs',
    )
    const swapped = editArray(fresh(), 'experts.docs', (b) => {
      const view = new Uint16Array(b.buffer, b.byteOffset, b.byteLength / 2)
      // The first term with two postings: swap them (one doc segment: the spans are the term offsets).
      const offsets = new Uint32Array(Buffer.from(fresh().sections['experts.spans']!.data as string, 'base64').buffer)
      const t = offsets.findIndex((o, i) => i + 1 < offsets.length && offsets[i + 1]! - o >= 2)
      const p = offsets[t]!
      ;[view[p], view[p + 1]] = [view[p + 1]!, view[p]!]
    })
    refusedIn(swapped, 'experts.docs')
  })

  it('a weight that is not finite or exceeds its term bound', () => {
    const setFloat = (value: number) => (b: Uint8Array) =>
      new DataView(b.buffer, b.byteOffset).setFloat32(0, value, true)
    refusedIn(editArray(fresh(), 'experts.weights', setFloat(Number.NaN)), 'experts.weights')
    refusedIn(editArray(fresh(), 'experts.weights', setFloat(1e30)), 'experts.weights')
    refusedIn(editArray(fresh(), 'experts.termMax', setFloat(1e30)), 'experts.termMax')
    refusedIn(editArray(fresh(), 'experts.palette', setFloat(Number.POSITIVE_INFINITY)), 'experts.palette')
    refusedIn(
      editArray(fresh(), 'experts.valueCodes', (b) => b.fill(0xff, 0, 1)),
      'experts.valueCodes',
    )
    refusedIn(editArray(fresh(), 'experts.lengths', setFloat(-1)), 'experts.lengths')
  })

  it('arrays of the wrong size', () => {
    const shorter = fresh()
    const section = shorter.sections['experts.weights']!
    section.data = Buffer.from(Buffer.from(section.data as string, 'base64').subarray(4)).toString('base64')
    refusedIn(resign(shorter, 'experts.weights'), 'experts.weights')
  })

  it('a repeated or empty vocabulary term', () => {
    const repeated = fresh()
    const terms = repeated.sections.vocabulary!.data as string[]
    terms[1] = terms[0]!
    refusedIn(resign(repeated, 'vocabulary'), 'vocabulary')
    const empty = fresh()
    ;(empty.sections.vocabulary!.data as string[])[2] = ''
    refusedIn(resign(empty, 'vocabulary'), 'vocabulary')
  })

  it('records with a missing field, a repeated id or an unknown university', () => {
    const edits: Array<[string, (records: Array<Record<string, unknown>>) => void]> = [
      ['experts', (r) => delete r[3]!.name],
      ['experts', (r) => (r[3]!.id = r[2]!.id)],
      ['experts', (r) => (r[3]!.universityId = 'nowhere')],
      ['universities', (r) => (r[0]!.description = 42)],
      ['experts', (r) => r.pop()],
    ]
    for (const [name, edit] of edits) {
      const snapshot = fresh()
      edit(snapshot.sections[name]!.data as Array<Record<string, unknown>>)
      refusedIn(resign(snapshot, name), name)
    }
    const snapshot = fresh()
    ;(snapshot.sections.experts!.data as Array<Record<string, unknown>>)[3]!.universityId = 'nowhere'
    expect(expectDuijieError(() => Matcher.fromJSON(resign(snapshot, 'experts')), 'SNAPSHOT_CORRUPT').message).toMatch(
      /expert at index 3 .*universityId/,
    )
  })

  it('options that are not valid, settings of the wrong shape, and sections this format does not have', () => {
    const badOptions = fresh()
    ;(badOptions.sections.settings!.data as Array<{ options: Record<string, unknown> }>)[0]!.options.topK = -1
    refusedIn(resign(badOptions, 'settings'), 'settings')
    const extra = fresh()
    extra.sections.surprise = { ...extra.sections.addedWords! }
    refusedIn(extra, 'surprise')
    const gone = fresh()
    delete gone.sections['centroids.docs']
    refusedIn(gone, 'centroids.docs')
  })
})

describe('hand-edited JSON', () => {
  it('is refused by its checksum, naming the section', () => {
    const snapshot = fresh()
    ;(snapshot.sections.experts!.data as Array<{ name: string }>)[0]!.name = '改过'
    const error = expectDuijieError(() => Matcher.fromJSON(snapshot), 'SNAPSHOT_CORRUPT')
    expect(error.message).toContain('section "experts"')
    expect(error.message).toContain('checksum')
  })

  it('of the wrong shape is refused with a snapshot error, never a raw TypeError', () => {
    const shapes: unknown[] = [
      { ...fresh(), sections: null },
      { ...fresh(), sections: [] },
      { ...fresh(), sections: { experts: 1 } },
      { ...fresh(), sections: { experts: { type: 'u64', crc32: 0, data: '' } } },
      { ...fresh(), sections: { vocabulary: { type: 'strings', crc32: 0, data: [1, 2] } } },
      { ...fresh(), sections: { 'experts.docs': { type: 'u32', crc32: 0, data: [] } } },
    ]
    for (const shape of shapes) expectDuijieError(() => Matcher.fromJSON(shape), 'SNAPSHOT_CORRUPT')
  })
})
