import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ProfileStore, type TermCounts } from '../../src/profile/store.js'
import { Postings } from '../../src/search/postings.js'

const VOCABULARY = 12

/** A profile: distinct term ids with positive frequencies. */
const profile = fc
  .uniqueArray(fc.integer({ min: 0, max: VOCABULARY - 1 }), { maxLength: 6 })
  .chain((ids) =>
    fc
      .array(fc.integer({ min: 1, max: 9 }), { minLength: ids.length, maxLength: ids.length })
      .map((tfs): TermCounts => ({ ids: Uint32Array.from(ids), tfs: Float32Array.from(tfs) })),
  )

function build(profiles: readonly TermCounts[]): Postings {
  const store = new ProfileStore()
  for (const p of profiles) store.add(p)
  return Postings.empty().merge(store, (tf) => tf, VOCABULARY)
}

const plain = (p: Postings) => ({
  documents: p.documents,
  termOffsets: [...p.termOffsets],
  docs: [...p.docs],
  values: [...p.values],
  lengths: [...p.lengths],
})

describe('Postings.replace', () => {
  it('gives the postings a fresh build of the changed profiles would have (property)', () => {
    fc.assert(
      fc.property(
        fc.array(profile, { minLength: 1, maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(), profile), { maxLength: 8 }),
        (profiles, changes) => {
          const updates = new Map<number, TermCounts>()
          for (const [at, counts] of changes) updates.set(at % profiles.length, counts)
          const final = profiles.map((p, doc) => updates.get(doc) ?? p)
          expect(plain(build(profiles).replace(updates, (tf) => tf))).toEqual(plain(build(final)))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('changes nothing when nothing is replaced', () => {
    const postings = build([{ ids: Uint32Array.of(1, 3), tfs: Float32Array.of(2, 1) }])
    expect(plain(postings.replace(new Map(), (tf) => tf))).toEqual(plain(postings))
  })
})
