// A deterministic catalogue of any size for the scale benchmarks. With the CSL papers present, each expert's
// description is 3–6 sentences drawn from their abstracts and its specialties 2–4 of their keywords, and the
// queries are paper titles (text no profile was built from). Without them, text is drawn from a
// Zipf-distributed synthetic vocabulary of Han "words".
import type { ExpertInput, UniversityInput } from '../../src/index.js'
import { readPapers, seededRandom } from './csl.js'

export interface Corpus {
  source: 'csl' | 'zipf'
  universities: UniversityInput[]
  experts: ExpertInput[]
  queries: string[]
}

const UNIVERSITIES = 100
const QUERIES = 200

export function generateCorpus(size: number, seed = 7): Corpus {
  const random = seededRandom(seed)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
  const papers = readPapers()
  const universities = Array.from({ length: UNIVERSITIES }, (_, u) => ({
    id: `u${String(u).padStart(3, '0')}`,
    name: `大学${u}`,
  }))

  let sentence: () => string
  let keyword: () => string
  let queries: string[]
  if (papers) {
    const sentences = papers.flatMap((p) =>
      p.abstract
        .split(/(?<=[。；;！？])|(?<=\.)(?=\s|$)/)
        .map((s) => s.trim())
        .filter((s) => s.length >= 8),
    )
    const keywords = papers.flatMap((p) => p.keywords)
    sentence = () => pick(sentences)
    keyword = () => pick(keywords)
    queries = papers.slice(0, QUERIES).map((p) => p.title)
  } else {
    const vocabulary = zipfVocabulary(random, 50_000)
    const word = () => vocabulary.draw()
    sentence = () => `${Array.from({ length: between(8, 20) }, word).join('')}。`
    keyword = () => Array.from({ length: between(1, 2) }, word).join('')
    queries = Array.from({ length: QUERIES }, () => Array.from({ length: between(3, 7) }, word).join(''))
  }
  const experts: ExpertInput[] = new Array(size)
  for (let i = 0; i < size; i++) {
    experts[i] = {
      id: `x${String(i).padStart(7, '0')}`,
      name: `专家${i}`,
      universityId: universities[i % UNIVERSITIES]!.id,
      specialties: Array.from({ length: between(2, 4) }, keyword),
      description: Array.from({ length: between(3, 6) }, sentence).join(''),
    }
  }
  return { source: papers ? 'csl' : 'zipf', universities, experts, queries }
}

/** Words of 1–4 random common Han characters, drawn with Zipf(1.07) frequencies. */
function zipfVocabulary(random: () => number, size: number) {
  const first = 0x4e00
  const words = Array.from({ length: size }, () => {
    let w = ''
    const length = 1 + Math.floor(random() * random() * 4)
    for (let i = 0; i < length; i++) w += String.fromCharCode(first + Math.floor(random() * 3000))
    return w
  })
  const cumulative = new Float64Array(size)
  let total = 0
  for (let r = 0; r < size; r++) cumulative[r] = total += 1 / (r + 1) ** 1.07
  return {
    draw(): string {
      const x = random() * total
      let lo = 0
      let hi = size - 1
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (cumulative[mid]! < x) lo = mid + 1
        else hi = mid
      }
      return words[lo]!
    },
  }
}
