import type { Catalogue } from '../catalogue.js'
import type { Vocabulary } from '../profile/vocabulary.js'
import type { Collection } from '../search/collection.js'
import type { BuiltIndex } from '../search/match-index.js'
import type { Analyzer } from '../text/analyzer.js'

/** One strength on a university's card: a term and who stands behind it. */
export interface CardTerm {
  term: string
  /** Its weight in the university's profile (ICF-weighted centroid of its experts): how distinctive it is. */
  weight: number
  /** Ids of the university's experts whose profiles weigh the term most, best first (at most 3). */
  experts: string[]
  /** Ids of the university's programmes that teach it (at most 3). */
  programmes: string[]
}

/** A university's collective business card (集体名片): its distinctive strengths, best first. */
export interface UniversityCard {
  id: string
  name: string
  terms: CardTerm[]
}

/** What a card reads. */
export interface CardContext {
  index: BuiltIndex
  catalogue: Catalogue
  vocabulary: Vocabulary
  analyzer: Analyzer
}

const PEOPLE_SHOWN = 3

/**
 * The cards of the universities `docs`, each with its `topK` most distinctive words. A university's terms
 * are weighed by the centroid of its experts' profiles, where each term is scaled by its inverse
 * university frequency, so a term every university shares cannot lead a card; a university without
 * experts is described by its own description. Character bigrams cut across words (关柜) are left out:
 * the card is read by people.
 *
 * @example
 * ```ts
 * const [card] = universityCards({ index: built, catalogue, vocabulary, analyzer: new Analyzer() }, [0], 8)
 * card?.terms[0] // { term: '船舶', weight: 0.31, experts: ['x001', 'x002'], programmes: ['p01'] }
 * ```
 */
export function universityCards(context: CardContext, docs: readonly number[], topK: number): UniversityCard[] {
  const { index, catalogue, vocabulary, analyzer } = context
  const wanted = new Set(docs)
  const candidates = new Map<number, Array<{ term: number; weight: number }>>(docs.map((u) => [u, []]))
  const hasExperts = new Set(index.expertUniversity)
  // University-major view of two term-major collections: each wanted university's weighted terms.
  collect(index.centroids, (u) => wanted.has(u) && hasExperts.has(u), candidates)
  collect(index.descriptions, (u) => wanted.has(u) && !hasExperts.has(u), candidates)
  const isWord = memo((term: number) => analyzer.isWord(vocabulary.term(term)))
  return docs.map((u) => {
    const university = catalogue.universities.records[u]!
    const ranked = candidates.get(u)!.sort((a, b) => b.weight - a.weight || a.term - b.term)
    const terms: CardTerm[] = []
    for (const { term, weight } of ranked) {
      if (terms.length >= topK) break
      if (!isWord(term)) continue
      terms.push({
        term: vocabulary.term(term),
        weight,
        experts: holders(index.experts, term, index.expertUniversity, u, catalogue.experts.records),
        programmes: holders(
          index.programmes.collection,
          term,
          index.programmeUniversity,
          u,
          catalogue.programmes.records,
        ),
      })
    }
    return { id: university.id, name: university.name, terms }
  })
}

function collect(
  collection: Collection,
  keep: (doc: number) => boolean,
  into: Map<number, Array<{ term: number; weight: number }>>,
): void {
  const { postings, weights } = collection.weights
  const docs = new Uint32Array(postings.documents)
  for (let t = 0; t < postings.vocabularySize; t++) {
    const start = postings.start(t)
    const df = postings.docsOf(t, docs)
    for (let i = 0; i < df; i++) {
      if (keep(docs[i]!)) into.get(docs[i]!)!.push({ term: t, weight: weights[start + i]! })
    }
  }
}

/** The ids of the members of university `u` whose profiles weigh `term` most. */
function holders(
  collection: Collection,
  term: number,
  universityOf: Uint32Array,
  u: number,
  records: ReadonlyArray<{ id: string }>,
): string[] {
  const { postings, weights } = collection.weights
  if (term >= postings.vocabularySize) return []
  const docs = new Uint32Array(postings.df(term))
  const start = postings.start(term)
  const df = postings.docsOf(term, docs)
  const found: Array<{ doc: number; weight: number }> = []
  for (let i = 0; i < df; i++) {
    if (universityOf[docs[i]!] === u) found.push({ doc: docs[i]!, weight: weights[start + i]! })
  }
  found.sort((a, b) => b.weight - a.weight || a.doc - b.doc)
  return found.slice(0, PEOPLE_SHOWN).map(({ doc }) => records[doc]!.id)
}

function memo<T>(fn: (key: number) => T): (key: number) => T {
  const cache = new Map<number, T>()
  return (key) => {
    let value = cache.get(key)
    if (value === undefined && !cache.has(key)) cache.set(key, (value = fn(key)))
    return value as T
  }
}
