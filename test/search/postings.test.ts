import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ProfileStore, type TermCounts } from '../../src/profile/store.js'
import { Postings, segmentsFor } from '../../src/search/postings.js'
import { PostingValues } from '../../src/search/values.js'

const VOCABULARY = 12
/** Documents enough for three doc-id segments, so that cells and segment boundaries are exercised. */
const DOCUMENTS = 2 * 65_536 + 100

/** A profile: distinct term ids with positive frequencies. */
const profile = fc
  .uniqueArray(fc.integer({ min: 0, max: VOCABULARY - 1 }), { maxLength: 6 })
  .chain((ids) =>
    fc
      .array(fc.integer({ min: 1, max: 9 }), { minLength: ids.length, maxLength: ids.length })
      .map((tfs): TermCounts => ({ ids: Uint32Array.from(ids), tfs: Float32Array.from(tfs) })),
  )
/** A few profiles at docs anywhere in [0, DOCUMENTS), near segment boundaries more often; every other doc empty. */
const doc = fc.oneof(
  fc.integer({ min: 0, max: DOCUMENTS - 1 }),
  fc.integer({ min: 1, max: 2 }).chain((s) => fc.integer({ min: s * 65_536 - 2, max: s * 65_536 + 1 })),
  fc.integer({ min: 0, max: 8 }),
)
const sparse = fc.array(fc.tuple(doc, profile), { minLength: 1, maxLength: 20 }).map((entries) => new Map(entries))
const EMPTY: TermCounts = { ids: new Uint32Array(0), tfs: new Float32Array(0) }

function storeOf(documents: number, profiles: ReadonlyMap<number, TermCounts>, from = 0): ProfileStore {
  const store = new ProfileStore()
  for (let d = from; d < documents; d++) store.add(profiles.get(d) ?? EMPTY)
  return store
}
const build = (documents: number, profiles: ReadonlyMap<number, TermCounts>) =>
  Postings.empty().merge(storeOf(documents, profiles), (tf) => tf, VOCABULARY)

/** What the postings say, independent of layout: each term's (doc, value) pairs, and the lengths. */
function plain(p: Postings) {
  const docs = new Uint32Array(p.documents)
  const terms = Array.from({ length: p.vocabularySize }, (_, t) => {
    const n = p.docsOf(t, docs)
    return Array.from({ length: n }, (_, i) => [docs[i]!, p.values.get(p.start(t) + i)])
  })
  const lengths = [...p.lengths].flatMap((length, d) => (length === 0 ? [] : [[d, length]]))
  return { documents: p.documents, terms, lengths }
}

describe('Postings', () => {
  it('finds every posting it holds, in the segment of its doc, and no other (property)', () => {
    fc.assert(
      fc.property(sparse, (profiles) => {
        const postings = build(DOCUMENTS, profiles)
        expect(postings.segments).toBe(3)
        for (let t = 0; t < VOCABULARY; t++) {
          const holders = [...profiles].filter(([, c]) => c.ids.includes(t)).map(([d]) => d)
          expect(postings.df(t)).toBe(holders.length)
          for (const d of holders) {
            const { ids, tfs } = profiles.get(d)!
            expect(postings.values.get(postings.find(t, d))).toBe(tfs[ids.indexOf(t)])
          }
          for (const d of [0, 65_535, 65_536, DOCUMENTS - 1])
            if (!holders.includes(d)) expect(postings.find(t, d)).toBe(-1)
        }
      }),
      { numRuns: 60 },
    )
  })

  it('merged in two batches, holds what one build holds (property)', () => {
    fc.assert(
      fc.property(sparse, fc.integer({ min: 0, max: DOCUMENTS }), (profiles, cut) => {
        // The vocabulary grows between batches, as it does when new profiles bring new terms.
        const firstTerms = [...profiles].flatMap(([d, c]) => (d < cut ? [...c.ids] : []))
        const first = Postings.empty().merge(storeOf(cut, profiles), (tf) => tf, Math.max(0, ...firstTerms) + 1)
        const both = first.merge(storeOf(DOCUMENTS, profiles, cut), (tf) => tf, VOCABULARY)
        expect(plain(both)).toEqual(plain(build(DOCUMENTS, profiles)))
      }),
      { numRuns: 40 },
    )
  })

  it('compacted, holds what a build of the documents kept holds (property)', () => {
    fc.assert(
      fc.property(sparse, fc.array(doc, { maxLength: 10 }), (profiles, dropped) => {
        const drop = new Set(dropped)
        const remap = new Int32Array(DOCUMENTS)
        const kept = new Map<number, TermCounts>()
        let next = 0
        for (let d = 0; d < DOCUMENTS; d++) {
          remap[d] = drop.has(d) ? -1 : next++
          if (!drop.has(d) && profiles.has(d)) kept.set(remap[d]!, profiles.get(d)!)
        }
        expect(plain(build(DOCUMENTS, profiles).compact(remap))).toEqual(plain(build(next, kept)))
      }),
      { numRuns: 40 },
    )
  })
})

describe('Postings.replace', () => {
  it('gives the postings a fresh build of the changed profiles would have (property)', () => {
    fc.assert(
      fc.property(sparse, fc.array(fc.tuple(doc, profile), { maxLength: 8 }), (profiles, changes) => {
        const updates = new Map<number, TermCounts>()
        for (const [at, counts] of changes) updates.set(at, counts)
        const final = new Map(profiles)
        for (const [at, counts] of updates) final.set(at, counts)
        expect(plain(build(DOCUMENTS, profiles).replace(updates, (tf) => tf))).toEqual(plain(build(DOCUMENTS, final)))
      }),
      { numRuns: 40 },
    )
  })

  it('changes nothing when nothing is replaced', () => {
    const postings = build(2, new Map([[0, { ids: Uint32Array.of(1, 3), tfs: Float32Array.of(2, 1) }]]))
    expect(plain(postings.replace(new Map(), (tf) => tf))).toEqual(plain(postings))
  })
})

describe('PostingValues', () => {
  it('codes a few distinct values in one byte each, losslessly', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => 1 + Math.log(1 + (i % 40)))
    const coded = PostingValues.encode(values)
    expect(coded.codes).toBeInstanceOf(Uint8Array)
    expect(Array.from({ length: 1000 }, (_, p) => coded.get(p))).toEqual([...values])
  })

  it('widens codes past 256 values and stores the values themselves past 65,536', () => {
    const some = Float32Array.from({ length: 1000 }, (_, i) => i / 7)
    expect(PostingValues.encode(some).codes).toBeInstanceOf(Uint16Array)
    const many = Float32Array.from({ length: 70_000 }, (_, i) => i / 7)
    const raw = PostingValues.encode(many)
    expect(raw.codes).toBeUndefined()
    expect(raw.get(69_999)).toBe(many[69_999])
  })

  it('merges into raw values once a batch brings more than 65,536 distinct values, and keeps every value', () => {
    const few = new Map([[0, { ids: Uint32Array.of(0), tfs: Float32Array.of(2) }]])
    const coded = Postings.empty().merge(storeOf(1, few), (tf) => tf, 1)
    expect(coded.values.codes).toBeInstanceOf(Uint8Array)
    const store = new ProfileStore()
    for (let d = 0; d < 70_000; d++) store.add({ ids: Uint32Array.of(0), tfs: Float32Array.of(1 + d / 8) })
    const merged = coded.merge(store, (tf) => tf, 1)
    expect(merged.values.codes).toBeUndefined()
    expect([merged.values.get(0), merged.values.get(1), merged.values.get(70_000)]).toEqual([2, 1, 1 + 69_999 / 8])
    expect(merged.find(0, 65_537)).toBe(65_537)
  })

  it('needs one segment up to 65,536 documents and one more for each 65,536 after', () => {
    expect([0, 1, 65_536, 65_537, 131_072, 131_073].map(segmentsFor)).toEqual([1, 1, 1, 2, 2, 3])
  })
})
