// The systems the relevance bench compares, behind one small interface: duijie through its public API, and
// the baselines a user would otherwise pick, each given the same jieba tokens.
import MiniSearch from 'minisearch'
import { Analyzer, Matcher, type MatcherOptions, type Segmenter } from '../../src/index.js'
import type { Paper } from './csl.js'

/** A profile set: each paper is one expert; its discipline (as an opaque id) is its institution. */
export interface Profiles {
  papers: readonly Paper[]
  /** Index keywords as specialties (false: abstract only). */
  withKeywords: boolean
  institutionOf: ReadonlyMap<string, string>
}

export interface RelevanceSystem {
  readonly name: string
  index(profiles: Profiles): void
  /** Paper ids, best first. */
  experts(query: string, k: number): string[]
  /** Institution ids, best first; absent for systems that only rank documents. */
  institutions?(query: string): string[]
}

/** jieba tokens with duijie's normalisation and stop words, without its dictionary, sub-words or bigrams: the baselines' tokens. */
export function baselineTokenizer(segmenter?: Segmenter): (text: string) => string[] {
  const analyzer = new Analyzer({ segmenter, domainDictionary: false, subwords: false, bigrams: false })
  const cache = new Map<string, string[]>()
  return (text) => {
    let tokens = cache.get(text)
    if (!tokens) cache.set(text, (tokens = analyzer.analyze(text)))
    return tokens
  }
}

const profileText = (p: Paper, withKeywords: boolean) => ({
  description: p.abstract,
  specialties: withKeywords ? p.keywords : [],
})

export function duijieSystem(options: MatcherOptions = {}, name = 'duijie'): RelevanceSystem {
  let matcher = new Matcher(options)
  return {
    name,
    index({ papers, withKeywords, institutionOf }) {
      matcher = new Matcher(options)
      matcher.addUniversities([...new Set(institutionOf.values())].map((id) => ({ id, name: id })))
      matcher.addExperts(
        papers.map((p) => {
          const { description, specialties } = profileText(p, withKeywords)
          return {
            id: p.id,
            name: p.id,
            universityId: institutionOf.get(p.discipline)!,
            description,
            ...(specialties.length > 0 && { specialties }),
          }
        }),
      )
    },
    experts: (query, k) => matcher.match(query, { topK: k }).experts.map((e) => e.id),
    institutions: (query) => matcher.match(query, { topK: 100 }).universities.map((u) => u.id),
  }
}

/** Sums each institution's scores over its `depth` best documents. */
export function rollUp(
  hits: Array<{ id: string; score: number }>,
  institutionOfPaper: (id: string) => string,
  depth: number,
): string[] {
  const perInstitution = new Map<string, number[]>()
  for (const hit of hits) {
    const u = institutionOfPaper(hit.id)
    const list = perInstitution.get(u) ?? []
    if (list.length < depth) list.push(hit.score)
    perInstitution.set(u, list)
  }
  return [...perInstitution]
    .map(([id, scores]) => ({ id, score: scores.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .map((x) => x.id)
}

/** MiniSearch over a description and a specialties field whose text is already tokens joined by spaces. */
export function pretokenizedMiniSearch(): MiniSearch {
  return new MiniSearch({
    fields: ['description', 'specialties'],
    tokenize: (text) => text.split(' ').filter(Boolean),
    processTerm: (term) => term,
  })
}

export function miniSearchSystem(tokenize: (text: string) => string[]): RelevanceSystem {
  let search: MiniSearch
  let institutionOfPaper = new Map<string, string>()
  const join = (tokens: string[]) => tokens.join(' ')
  return {
    name: 'MiniSearch 7 (BM25+)',
    index({ papers, withKeywords, institutionOf }) {
      search = pretokenizedMiniSearch()
      search.addAll(
        papers.map((p) => ({
          id: p.id,
          description: join(tokenize(p.abstract)),
          specialties: withKeywords ? join(p.keywords.flatMap(tokenize)) : '',
        })),
      )
      institutionOfPaper = new Map(papers.map((p) => [p.id, institutionOf.get(p.discipline)!]))
    },
    experts: (query, k) =>
      search
        .search(join(tokenize(query)))
        .slice(0, k)
        .map((r) => String(r.id)),
    institutions: (query) =>
      rollUp(
        search.search(join(tokenize(query))).map((r) => ({ id: String(r.id), score: r.score })),
        (id) => institutionOfPaper.get(id)!,
        10,
      ),
  }
}

type SparseVector = Map<string, number>

/** The 40-line TF-IDF a user writes: log tf, smoothed idf, one L2-normalised vector per paper, cosine. */
export function plainTfidfSystem(tokenize: (text: string) => string[]): RelevanceSystem {
  let ids: string[] = []
  let vectors: SparseVector[] = []
  let idf = new Map<string, number>()
  let centroids = new Map<string, SparseVector>()
  let documents = 0

  const vectorOf = (tokens: string[]): SparseVector => {
    const tf = new Map<string, number>()
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1)
    const v: SparseVector = new Map()
    for (const [t, n] of tf) v.set(t, (1 + Math.log(n)) * (idf.get(t) ?? Math.log((1 + documents) / 1) + 1))
    const norm = Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0)) || 1
    for (const [t, w] of v) v.set(t, w / norm)
    return v
  }
  const dot = (a: SparseVector, b: SparseVector) => {
    let s = 0
    for (const [t, w] of a) s += w * (b.get(t) ?? 0)
    return s
  }
  return {
    name: 'plain TF-IDF (centroid)',
    index({ papers, withKeywords, institutionOf }) {
      const tokens = papers.map((p) => [...tokenize(p.abstract), ...(withKeywords ? p.keywords.flatMap(tokenize) : [])])
      documents = papers.length
      const df = new Map<string, number>()
      for (const list of tokens) for (const t of new Set(list)) df.set(t, (df.get(t) ?? 0) + 1)
      idf = new Map([...df].map(([t, n]) => [t, Math.log((1 + documents) / (1 + n)) + 1]))
      ids = papers.map((p) => p.id)
      vectors = tokens.map(vectorOf)
      centroids = new Map()
      papers.forEach((p, i) => {
        const u = institutionOf.get(p.discipline)!
        const c = centroids.get(u) ?? new Map<string, number>()
        for (const [t, w] of vectors[i]!) c.set(t, (c.get(t) ?? 0) + w)
        centroids.set(u, c)
      })
      for (const c of centroids.values()) {
        const norm = Math.sqrt([...c.values()].reduce((s, w) => s + w * w, 0)) || 1
        for (const [t, w] of c) c.set(t, w / norm)
      }
    },
    experts(query, k) {
      const q = vectorOf(tokenize(query))
      return vectors
        .map((v, i) => ({ id: ids[i]!, score: dot(q, v) }))
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .slice(0, k)
        .map((x) => x.id)
    },
    institutions(query) {
      const q = vectorOf(tokenize(query))
      return [...centroids]
        .map(([id, c]) => ({ id, score: dot(q, c) }))
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .map((x) => x.id)
    },
  }
}
