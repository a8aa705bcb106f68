// Removing and updating records: validated like adds, all or nothing, and any sequence of adds, updates and
// removals scores as a fresh matcher built from the final catalogue would.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type DocumentInput,
  type ExpertInput,
  Matcher,
  type MatcherOptions,
  type MatchResult,
  planWeek,
  type UniversityInput,
} from '../src/index.js'
import { expectDuijieError } from './helpers/errors.js'

// Latin words keep the fixtures independent of the segmenter, and fast.
const WORDS = ['alloy', 'weld', 'robot', 'laser', 'pump', 'film', 'sensor', 'grid', 'casting', 'coating']
const UNIVERSITIES: UniversityInput[] = [
  { id: 'u0', name: 'U0', description: 'weld robot casting' },
  { id: 'u1', name: 'U1', description: 'film coating sensor' },
  { id: 'u2', name: 'U2', description: 'pump grid' },
]
const QUERIES = ['weld robot', 'laser coating film', 'pump sensor grid alloy', 'casting']

const text = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '))
const expertRecord = (id: string) =>
  fc
    .record({ universityId: fc.constantFrom('u0', 'u1', 'u2'), description: text })
    .map((r): ExpertInput => ({ id, name: id, ...r }))

type Op =
  | { op: 'addExpert' | 'updateExpert' | 'removeExpert'; id: string; expert: ExpertInput }
  | {
      op: 'addDocument' | 'updateDocument' | 'removeDocument'
      id: string
      title: string
      year?: number
      authors: number[]
    }
  | { op: 'match' }
  | { op: 'updateUniversity'; at: number; description: string }

const expertIds = ['e0', 'e1', 'e2', 'e3', 'e4', 'e5']
const documentIds = ['d0', 'd1', 'd2', 'd3']
const expertOp = fc
  .tuple(
    fc.constantFrom('addExpert', 'updateExpert', 'removeExpert') as fc.Arbitrary<'addExpert'>,
    fc.constantFrom(...expertIds),
  )
  .chain(([op, id]) => expertRecord(id).map((expert) => ({ op, id, expert })))
const documentOp = fc.record({
  op: fc.constantFrom('addDocument', 'updateDocument', 'removeDocument') as fc.Arbitrary<'addDocument'>,
  id: fc.constantFrom(...documentIds),
  title: text,
  year: fc.option(fc.integer({ min: 2000, max: 2026 }), { nil: undefined }),
  authors: fc.uniqueArray(fc.nat({ max: 5 }), { minLength: 1, maxLength: 3 }),
})
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: expertOp },
  { weight: 4, arbitrary: documentOp },
  { weight: 1, arbitrary: fc.constant({ op: 'match' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('updateUniversity' as const), at: fc.nat({ max: 2 }), description: text }),
  },
)

/** Every sequence starts with a few experts, so that documents have authors from the first operation on. */
const start = fc.tuple(expertRecord('e0'), expertRecord('e1'), expertRecord('e2'))

/** The catalogue as plain lists, kept beside the matcher: what a fresh matcher is built from. */
interface Model {
  universities: UniversityInput[]
  experts: ExpertInput[]
  documents: DocumentInput[]
}

/** Applies `op` to the matcher and the model when it is valid for the model; skips it otherwise. */
function apply(m: Matcher, model: Model, op: Op): void {
  const expertAt = (id: string) => model.experts.findIndex((e) => e.id === id)
  const documentAt = (id: string) => model.documents.findIndex((d) => d.id === id)
  switch (op.op) {
    case 'addExpert':
      if (expertAt(op.id) >= 0) return
      m.addExperts([op.expert])
      model.experts.push(op.expert)
      return
    case 'updateExpert':
      if (expertAt(op.id) < 0) return
      m.updateExperts([op.expert])
      model.experts[expertAt(op.id)] = op.expert
      return
    case 'removeExpert':
      if (expertAt(op.id) < 0 || model.documents.some((d) => d.expertIds.includes(op.id))) return
      m.removeExperts([op.id])
      model.experts.splice(expertAt(op.id), 1)
      return
    case 'match':
      m.match(QUERIES[0]!)
      return
    case 'updateUniversity': {
      const u = { ...model.universities[op.at]!, description: op.description }
      m.updateUniversities([u])
      model.universities[op.at] = u
      return
    }
  }
  const present = model.experts.map((e) => e.id)
  const authors = [...new Set(op.authors.map((a) => present[a % Math.max(1, present.length)]!))].filter(Boolean)
  const document: DocumentInput = {
    id: op.id,
    kind: 'patent',
    title: op.title,
    ...(op.year !== undefined && { year: op.year }),
    expertIds: authors,
  }
  if (op.op === 'addDocument') {
    if (documentAt(op.id) >= 0 || authors.length === 0) return
    m.addDocuments([document])
    model.documents.push(document)
  } else if (op.op === 'updateDocument') {
    if (documentAt(op.id) < 0 || authors.length === 0) return
    m.updateDocuments([document])
    model.documents[documentAt(op.id)] = document
  } else {
    if (documentAt(op.id) < 0) return
    m.removeDocuments([op.id])
    model.documents.splice(documentAt(op.id), 1)
  }
}

/**
 * Results with scores rounded far below any gap between them (float sums may run in another term order),
 * and the notes on an empty list, which must not see the terms of removed records.
 */
function comparable(r: MatchResult) {
  const round = (x: number) => Number(x.toPrecision(11))
  return {
    notes: r.notes,
    experts: r.experts.map((e) => [e.id, round(e.score), e.documents.map((d) => d.id)]),
    universities: r.universities.map((u) => [u.id, round(u.score), u.experts]),
  }
}

const OPTIONS: MatcherOptions = { fieldWeights: { description: 1 }, documents: { asOf: 2026 } }

describe('any sequence of adds, updates and removals', () => {
  for (const scoring of ['pruned', 'exhaustive'] as const) {
    it(`ranks and scores as a fresh matcher built from the final catalogue (${scoring}, property)`, () => {
      fc.assert(
        fc.property(start, fc.array(opArb, { minLength: 1, maxLength: 30 }), (first, ops) => {
          const m = new Matcher({ ...OPTIONS, scoring }).addUniversities(UNIVERSITIES).addExperts(first)
          const model: Model = { universities: [...UNIVERSITIES], experts: [...first], documents: [] }
          for (const op of ops) apply(m, model, op)
          const fresh = new Matcher({ ...OPTIONS, scoring })
            .addUniversities(model.universities)
            .addExperts(model.experts)
            .addDocuments(model.documents)
          const again = Matcher.fromBinary(m.toBinary())
          expect(m.stats).toMatchObject({ experts: model.experts.length, documents: model.documents.length })
          for (const query of QUERIES) {
            const expected = comparable(fresh.match(query))
            expect(comparable(m.match(query))).toEqual(expected)
            expect(comparable(again.match(query))).toEqual(expected)
          }
        }),
        { numRuns: 120 },
      )
    })
  }
})

describe('removing and updating records', () => {
  const district = () =>
    new Matcher(OPTIONS)
      .addUniversities(UNIVERSITIES)
      .addExperts([
        { id: 'a', name: 'A', universityId: 'u0', description: 'weld robot' },
        { id: 'b', name: 'B', universityId: 'u1', description: 'film coating' },
      ])
      .addProgrammes([{ id: 'p', universityId: 'u2', name: 'pump', degree: 'master' }])
      .addInvestors([{ id: 'v', name: 'V', type: 'bank', focus: ['sensor'] }])
      .addDocuments([{ id: 'd', kind: 'paper', title: 'laser weld', expertIds: ['a'] }])

  it('refuses to remove a university its experts or programmes name, or an expert its documents name, with their ids', () => {
    const m = district()
    const before = m.match('weld')
    const u = expectDuijieError(() => m.removeUniversities(['u2', 'u1', 'u0']), 'INPUT')
    // Named by their place in the batch as given.
    expect(u.issues.map((i) => [i.index, i.id])).toEqual([
      [0, 'u2'],
      [1, 'u1'],
      [2, 'u0'],
    ])
    expect(u.issues.map((i) => [i.id, i.message])).toEqual([
      ['u2', 'is still named by its experts and programmes: p; remove or update them first'],
      ['u1', 'is still named by its experts and programmes: b; remove or update them first'],
      ['u0', 'is still named by its experts and programmes: a; remove or update them first'],
    ])
    const e = expectDuijieError(() => m.removeExperts(['a']), 'INPUT')
    expect(e.message).toContain('is still named by documents naming it as an author: d')
    expect(m.match('weld')).toEqual(before)
    expect(m.stats).toMatchObject({ universities: 3, experts: 2, documents: 1 })
  })

  it('refuses unknown and repeated ids, and updates of records not held, changing nothing', () => {
    const m = district()
    expect(expectDuijieError(() => m.removeExperts(['b', 'nobody', 'b']), 'INPUT').issues.map((i) => i.index)).toEqual([
      1, 2,
    ])
    expectDuijieError(() => m.removeInvestors('v' as never), 'INPUT')
    const update = expectDuijieError(
      () => m.updateExperts([{ id: 'zz', name: 'Z', universityId: 'u0', description: 'x' }]),
      'INPUT',
    )
    expect(update.message).toContain('no expert with this id is held')
    expectDuijieError(
      () => m.updateExperts([{ id: 'a', name: 'A', universityId: 'nowhere', description: 'x' }]),
      'INPUT',
    )
    expect(m.stats).toMatchObject({ experts: 2, investors: 1 })
    expect(m.hasExpert('b')).toBe(true)
  })

  it('removes each kind of record, and lets a removed id be added again', () => {
    const m = district().removeDocuments(['d']).removeExperts(['a']).removeProgrammes(['p']).removeInvestors(['v'])
    expect(m.stats).toMatchObject({ experts: 1, programmes: 0, investors: 0, documents: 0 })
    expect(m.match('weld').experts).toEqual([])
    expect(m.match('pump', { lists: ['programmes'] }).programmes).toEqual([])
    m.removeUniversities(['u0'])
    expect(m.findUniversities('U0').map((u) => u.id)).not.toContain('u0')
    m.addUniversities([{ id: 'u0', name: 'U0 again', description: 'laser' }])
    m.addExperts([{ id: 'a', name: 'A2', universityId: 'u0', description: 'laser cutting' }])
    expect(m.match('laser').experts.map((e) => e.id)).toEqual(['a'])
  })

  it('moves an updated expert to its new university, and an updated document to its new author', () => {
    const m = district()
    m.updateExperts([{ id: 'a', name: 'A', universityId: 'u1', description: 'weld robot' }])
    expect(m.match('weld').experts[0]).toMatchObject({ id: 'a', universityId: 'u1' })
    m.updateDocuments([{ id: 'd', kind: 'patent', title: 'laser weld', expertIds: ['b'] }])
    expect(m.match('laser').experts.map((e) => [e.id, e.documents.map((d) => d.id)])).toEqual([['b', ['d']]])
  })

  it("takes a removed document's words out of its author's profile", () => {
    const m = district()
    expect(m.match('laser').experts.map((e) => e.id)).toEqual(['a'])
    m.removeDocuments(['d'])
    expect(m.match('laser').experts).toEqual([])
    expect(m.match('weld').experts[0]!.documents).toEqual([])
  })

  it('names experts to include, and universities to card, by their place after the removals before them', () => {
    const m = district().removeDocuments(['d']).removeExperts(['a'])
    m.addExperts([{ id: 'c', name: 'C', universityId: 'u0', description: 'weld seam' }])
    // Removing "a" moves "b" and "c" down one doc at the next build; include and card must see the new places.
    const r = m.match('film coating weld', { topK: 1, include: ['c'] })
    expect(r.experts.map((e) => e.id)).toEqual(['b', 'c'])
    m.removeProgrammes(['p'])
    m.removeUniversities(['u2'])
    expect(m.card('u1').id).toBe('u1')
    expect(m.cards().map((c) => c.id)).toEqual(['u0', 'u1'])
  })

  it('round-trips a snapshot taken after removals', () => {
    const m = district().removeDocuments(['d']).removeExperts(['a'])
    const again = Matcher.fromJSON(JSON.parse(JSON.stringify(m)))
    expect(again.stats).toEqual(m.stats)
    for (const q of QUERIES) expect(again.match(q)).toEqual(m.match(q))
  })

  it('gives planWeek a clear error for a member whose expert was removed', () => {
    const m = district().removeDocuments(['d']).removeExperts(['a'])
    const error = expectDuijieError(
      () =>
        planWeek({
          matcher: m,
          members: [{ id: 'm1', name: 'M', universityId: 'u0', expertId: 'a' }],
          enterprises: [{ id: 'c1', name: 'C', needs: [{ id: 'n1', text: 'weld' }] }],
        }),
      'INPUT',
    )
    expect(error.message).toContain('unknown expert "a"')
  })
})
