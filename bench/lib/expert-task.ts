// The CSL expert task: the training papers of each discipline grouped into seeded synthetic experts of 1–8
// papers each (an expert's papers all from one discipline), and held-out titles as needs. It measures what
// profiling experts from their documents does, against the same papers flattened into one description per
// expert, and against MiniSearch on the flattened text.
import type MiniSearch from 'minisearch'
import { accuracyAt1, Matcher, type MatcherOptions, precisionAtK } from '../../src/index.js'
import { folds, type Paper, seededRandom } from './csl.js'
import { pretokenizedMiniSearch, rollUp } from './systems.js'

export interface SyntheticExpert {
  id: string
  discipline: string
  papers: Paper[]
}

/** Each discipline's papers in seeded order, cut into experts of 1–8 papers. */
export function syntheticExperts(papers: readonly Paper[], seed = 11): SyntheticExpert[] {
  const random = seededRandom(seed)
  const byDiscipline = new Map<string, Paper[]>()
  for (const p of papers) byDiscipline.set(p.discipline, [...(byDiscipline.get(p.discipline) ?? []), p])
  const experts: SyntheticExpert[] = []
  for (const discipline of [...byDiscipline.keys()].sort()) {
    const list = [...byDiscipline.get(discipline)!]
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[list[i], list[j]] = [list[j]!, list[i]!]
    }
    for (let at = 0; at < list.length; ) {
      const size = 1 + Math.floor(random() * 8)
      experts.push({ id: `E${experts.length}`, discipline, papers: list.slice(at, at + size) })
      at += size
    }
  }
  return experts
}

export interface ExpertSystem {
  readonly name: string
  index(experts: readonly SyntheticExpert[], institutionOf: ReadonlyMap<string, string>): void
  experts(query: string, k: number): string[]
  institutions(query: string): string[]
}

const keywordsOf = (e: SyntheticExpert) => [...new Set(e.papers.flatMap((p) => p.keywords))]
const flattened = (e: SyntheticExpert) => e.papers.map((p) => `${p.title}。${p.abstract}`).join('\n')

function duijie(name: string, options: MatcherOptions, withDocuments: boolean): ExpertSystem {
  let matcher = new Matcher(options)
  return {
    name,
    index(experts, institutionOf) {
      matcher = new Matcher(options)
      matcher.addUniversities([...new Set(institutionOf.values())].map((id) => ({ id, name: id })))
      matcher.addExperts(
        experts.map((e) => ({
          id: e.id,
          name: e.id,
          universityId: institutionOf.get(e.discipline)!,
          specialties: keywordsOf(e),
          ...(!withDocuments && { description: flattened(e) }),
        })),
      )
      if (withDocuments) {
        matcher.addDocuments(
          experts.flatMap((e) =>
            e.papers.map((p) => ({
              id: p.id,
              kind: 'paper' as const,
              title: p.title,
              text: p.abstract,
              expertIds: [e.id],
            })),
          ),
        )
      }
    },
    experts: (query, k) => matcher.match(query, { topK: k }).experts.map((e) => e.id),
    institutions: (query) => matcher.match(query, { topK: 100 }).universities.map((u) => u.id),
  }
}

/** duijie with each expert's papers added as documents, and with them flattened into its description. */
export function duijieExpertSystems(options: MatcherOptions): ExpertSystem[] {
  return [duijie('duijie, documents', options, true), duijie('duijie, flattened', options, false)]
}

/** MiniSearch over the flattened text (keywords as a field), institutions by their top-10 experts' summed scores. */
export function miniSearchExperts(tokenize: (text: string) => string[]): ExpertSystem {
  let search: MiniSearch
  let institutionOfExpert = new Map<string, string>()
  const join = (text: string) => tokenize(text).join(' ')
  return {
    name: 'MiniSearch 7, flattened',
    index(experts, institutionOf) {
      search = pretokenizedMiniSearch()
      search.addAll(
        experts.map((e) => ({
          id: e.id,
          description: join(flattened(e)),
          specialties: join(keywordsOf(e).join('；')),
        })),
      )
      institutionOfExpert = new Map(experts.map((e) => [e.id, institutionOf.get(e.discipline)!]))
    },
    experts: (query, k) =>
      search
        .search(join(query))
        .slice(0, k)
        .map((r) => String(r.id)),
    institutions: (query) =>
      rollUp(
        search.search(join(query)).map((r) => ({ id: String(r.id), score: r.score })),
        (id) => institutionOfExpert.get(id)!,
        10,
      ),
  }
}

export interface FoldedScore {
  mean: number
  folds: number[]
}

/** P@10 (title → experts of the field) and institution accuracy (title → discipline), per fold and overall. */
export function runExpertTask(
  papers: readonly Paper[],
  institutionOf: ReadonlyMap<string, string>,
  system: ExpertSystem,
  foldCount: number,
): { precision: FoldedScore; institution: FoldedScore } {
  const parts = folds(papers, foldCount)
  const precision: number[][] = []
  const institution: number[][] = []
  parts.forEach((held, f) => {
    const experts = syntheticExperts(parts.filter((_, g) => g !== f).flat())
    system.index(experts, institutionOf)
    const ofField = new Map<string, string[]>()
    for (const e of experts) ofField.set(e.discipline, [...(ofField.get(e.discipline) ?? []), e.id])
    // A discipline with no paper in the training folds has no expert to find: its queries are left out.
    const queries = held.filter((p) => ofField.has(p.discipline))
    precision.push(
      queries.map((p) =>
        precisionAtK([{ ranked: system.experts(p.title, 10), relevant: ofField.get(p.discipline)! }], 10),
      ),
    )
    institution.push(
      queries.map((p) =>
        accuracyAt1([{ ranked: system.institutions(p.title), relevant: [institutionOf.get(p.discipline)!] }]),
      ),
    )
  })
  const folded = (perFold: number[][]): FoldedScore => {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    return { mean: mean(perFold.flat()), folds: perFold.map(mean) }
  }
  return { precision: folded(precision), institution: folded(institution) }
}
