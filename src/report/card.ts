import type { Catalogue } from '../catalogue.js'
import type { Vocabulary } from '../profile/vocabulary.js'
import type { Collection } from '../search/collection.js'
import type { BuiltIndex } from '../search/match-index.js'
import { Analyzer } from '../text/analyzer.js'

/** One strength on a university's card: a term and who stands behind it. */
export interface CardTerm {
  term: string
  /**
   * How distinctive the term is, in (0, 1]: its weight in the ICF-weighted centroid of all the university's
   * profiles (experts, programmes and its own description) times the university's share of the term's weight
   * across universities. See {@link universityCards}.
   */
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
 * A card term is held by at least this many of the university's profiles (fewer when it has fewer): one
 * expert's pet word, or one sentence of the description, is not a strength of the university.
 */
const MIN_HOLDERS = 2

interface Candidate {
  term: number
  /** The term's weight in the university's centroid, before normalising. */
  centroid: number
  share: number
}

/**
 * The cards of the universities `docs`, each with its `topK` most distinctive words. A university is
 * described by all its profiles: its experts, its programmes and its own description, each an L2-unit
 * vector. For a term t and university u:
 *
 * - mass(u, t) is the mean weight of t over u's profiles: how much of the university is about t;
 * - share(u, t) = mass(u, t) / Σ_v mass(v, t): how much of the term, across universities, is this one's;
 * - icf(t) = ln(1 + universities / universities holding t), as in the matching centroids.
 *
 * The weight is mass · icf, L2-normalised over u's terms (u's centroid), times share, so a word every
 * university shares cannot lead a card even when one university uses it most. A term is shown only when
 * at least two of u's profiles hold it ({@link MIN_HOLDERS}; fewer if u has fewer), and only when it is a
 * word of u's texts: the analyzer (without bigrams and sub-words) cuts it as a whole word somewhere in the
 * texts of a profile holding it. A character bigram cut across words (关柜), or a dictionary word that only
 * occurs inside longer words of these texts (感器 in 传感器, 车底 in 汽车底盘), is left out: the card is read
 * by people.
 *
 * @example
 * ```ts
 * const [card] = universityCards({ index: built, catalogue, vocabulary, analyzer: new Analyzer() }, [0], 8)
 * card?.terms[0] // { term: '船舶', weight: 0.31, experts: ['x001', 'x002'], programmes: ['p01'] }
 * ```
 */
export function universityCards(context: CardContext, docs: readonly number[], topK: number): UniversityCard[] {
  const { index, catalogue, vocabulary } = context
  const candidates = weighUniversities(index, catalogue.universities.size, new Set(docs))
  const isWord = memo((term: number) => context.analyzer.isWord(vocabulary.term(term)))
  const wholeWords = new WholeWords(context)
  return docs.map((u) => {
    const university = catalogue.universities.records[u]!
    const { terms: found, norm } = candidates.get(u)!
    const ranked = found
      .map((c) => ({ term: c.term, weight: (c.centroid / norm) * c.share }))
      .sort((a, b) => b.weight - a.weight || a.term - b.term)
    const terms: CardTerm[] = []
    for (const { term, weight } of ranked) {
      if (terms.length >= topK) break
      if (!isWord(term) || !wholeWords.inUniversity(u, term)) continue
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

/**
 * Each wanted university's candidate terms (held by enough of its profiles) with their centroid weight and
 * share, and the L2 norm of its centroid. One pass over the postings of the three collections.
 */
function weighUniversities(
  index: BuiltIndex,
  universities: number,
  wanted: ReadonlySet<number>,
): Map<number, { terms: Candidate[]; norm: number }> {
  // The profiles a card reads, each weighed in its own collection (programmes by their own idf).
  const sources: Array<{ collection: Collection; universityOf: (doc: number) => number }> = [
    { collection: index.experts, universityOf: (doc) => index.expertUniversity[doc]! },
    { collection: index.programmes.collection, universityOf: (doc) => index.programmeUniversity[doc]! },
    { collection: index.descriptions, universityOf: (doc) => doc },
  ]
  // How many profiles each university has: experts, programmes, and its description when it has terms.
  const members = new Float64Array(universities)
  for (let u = 0; u < universities; u++) members[u] = index.expertsPerUniversity[u] ?? 0
  for (const p of index.programmeUniversity) members[p]!++
  const described = new Uint8Array(universities)
  forEachPosting(index.descriptions, (_, doc) => {
    described[doc] = 1
  })
  for (let u = 0; u < universities; u++) members[u]! += described[u]!
  const withProfiles = members.reduce((n, m) => n + (m > 0 ? 1 : 0), 0)

  const mass = new Float64Array(universities)
  const holders = new Uint32Array(universities)
  const lastTerm = new Int32Array(universities).fill(-1)
  const touched = new Uint32Array(universities)
  const vocabularySize = Math.max(...sources.map((s) => s.collection.weights.postings.vocabularySize))
  const out = new Map<number, { terms: Candidate[]; norm: number }>()
  for (const u of wanted) out.set(u, { terms: [], norm: 0 })
  const scratch = new Uint32Array(Math.max(1, ...sources.map((s) => s.collection.weights.postings.documents)))
  for (let t = 0; t < vocabularySize; t++) {
    let count = 0
    let total = 0
    for (const { collection, universityOf } of sources) {
      const { postings, weights } = collection.weights
      if (t >= postings.vocabularySize) continue
      const start = postings.start(t)
      const df = postings.docsOf(t, scratch)
      for (let i = 0; i < df; i++) {
        const u = universityOf(scratch[i]!)
        if (lastTerm[u] !== t) {
          lastTerm[u] = t
          mass[u] = 0
          holders[u] = 0
          touched[count++] = u
        }
        const w = weights[start + i]! / members[u]!
        mass[u]! += w
        total += w
        holders[u]!++
      }
    }
    if (count === 0 || !(total > 0)) continue
    const inverseUniversityFrequency = Math.log(1 + withProfiles / count)
    for (let i = 0; i < count; i++) {
      const u = touched[i]!
      const card = out.get(u)
      if (!card || !(mass[u]! > 0)) continue
      const centroid = mass[u]! * inverseUniversityFrequency
      card.norm += centroid * centroid
      if (holders[u]! < Math.min(MIN_HOLDERS, members[u]!)) continue
      card.terms.push({ term: t, centroid, share: mass[u]! / total })
    }
  }
  for (const card of out.values()) card.norm = Math.sqrt(card.norm) || 1
  return out
}

/**
 * Whether a term is a word of the texts it came from: cut whole, by the analyzer without bigrams and
 * sub-words, in the texts of at least one of the university's profiles that hold it. Each profile's words
 * are found once, when first asked for.
 */
class WholeWords {
  private readonly plain: Analyzer
  private readonly words = new Map<string, Set<string>>()

  constructor(private readonly context: CardContext) {
    this.plain = new Analyzer({ ...context.analyzer.settings(), bigrams: false, subwords: false })
  }

  inUniversity(u: number, term: number): boolean {
    const { index, catalogue, vocabulary } = this.context
    const text = vocabulary.term(term)
    for (const doc of holding(index.experts, term, (d) => index.expertUniversity[d] === u)) {
      if (this.of(`e${doc}`, () => expertTexts(catalogue, doc)).has(text)) return true
    }
    for (const doc of holding(index.programmes.collection, term, (d) => index.programmeUniversity[d] === u)) {
      const p = catalogue.programmes.records[doc]!
      if (this.of(`p${doc}`, () => [p.name, p.description]).has(text)) return true
    }
    if (holding(index.descriptions, term, (d) => d === u).length > 0) {
      const description = catalogue.universities.records[u]!.description
      if (this.of(`u${u}`, () => [description]).has(text)) return true
    }
    return false
  }

  private of(key: string, texts: () => ReadonlyArray<string | undefined>): Set<string> {
    let words = this.words.get(key)
    if (!words) {
      words = new Set()
      for (const text of texts()) if (text) for (const word of this.plain.analyze(text)) words.add(word)
      this.words.set(key, words)
    }
    return words
  }
}

/** Every text of expert doc `doc` that can reach its profile: its own fields and its documents'. */
function expertTexts(catalogue: Catalogue, doc: number): Array<string | undefined> {
  const e = catalogue.experts.records[doc]!
  const texts = [...(e.specialties ?? []), e.description, e.title]
  for (const d of catalogue.documentsOf(doc)) {
    const document = catalogue.documents.records[d]!
    texts.push(document.title, document.text)
  }
  return texts
}

/** The docs of `collection` that hold `term` and pass `keep`, ascending. */
function holding(collection: Collection, term: number, keep: (doc: number) => boolean): number[] {
  const { postings } = collection.weights
  if (term >= postings.vocabularySize) return []
  const docs = new Uint32Array(postings.df(term))
  const df = postings.docsOf(term, docs)
  const found: number[] = []
  for (let i = 0; i < df; i++) if (keep(docs[i]!)) found.push(docs[i]!)
  return found
}

function forEachPosting(collection: Collection, visit: (term: number, doc: number) => void): void {
  const { postings } = collection.weights
  const docs = new Uint32Array(Math.max(1, postings.documents))
  for (let t = 0; t < postings.vocabularySize; t++) {
    const df = postings.docsOf(t, docs)
    for (let i = 0; i < df; i++) visit(t, docs[i]!)
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
