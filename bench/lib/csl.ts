// Reads the CSL papers used for relevance work. The file lives outside the repository (../shared/csl) and is
// absent on a fresh clone: callers get undefined and say what they skip.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface Paper {
  id: string
  title: string
  abstract: string
  keywords: string[]
  discipline: string
  category: string
}

export const DEFAULT_CSL = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'shared',
  'csl',
  'dev.jsonl',
)

export function readPapers(path = DEFAULT_CSL): Paper[] | undefined {
  if (!existsSync(path)) return undefined
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const p = JSON.parse(line) as Paper
      if (!p.id || !p.title || !p.abstract || !Array.isArray(p.keywords) || !p.discipline) {
        throw new Error(`${path}: line ${i + 1}: a paper needs id, title, abstract, keywords[] and discipline`)
      }
      return p
    })
}

/** Small seeded PRNG (mulberry32): the same seed gives the same corpus and folds on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Assigns each item to one of `k` folds by a seeded shuffle. */
export function folds<T>(items: readonly T[], k: number, seed = 1): T[][] {
  const random = seededRandom(seed)
  const order = items.map((_, i) => i)
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  const out: T[][] = Array.from({ length: k }, () => [])
  order.forEach((index, position) => out[position % k]!.push(items[index]!))
  return out
}

/** Opaque institution ids (U00, U01, …) for disciplines, so the name carries no words. */
export function institutionIds(papers: readonly Paper[]): Map<string, string> {
  const names = [...new Set(papers.map((p) => p.discipline))].sort()
  return new Map(names.map((name, i) => [name, `U${String(i).padStart(2, '0')}`]))
}
