// natural's TfIdf as a baseline, kept apart: importing natural is slow and noisy (it pulls in dotenv,
// mongoose, pg and redis), so only the relevance bench loads it.
import natural from 'natural'
import type { RelevanceSystem } from './systems.js'

/** natural's TfIdf, what most JS users reach for; document ranking only. */
export function naturalSystem(tokenize: (text: string) => string[]): RelevanceSystem {
  let tfidf = new natural.TfIdf()
  let ids: string[] = []
  return {
    name: 'natural TfIdf',
    index({ papers, withKeywords }) {
      tfidf = new natural.TfIdf()
      ids = papers.map((p) => p.id)
      for (const p of papers) tfidf.addDocument([...tokenize(p.abstract), ...(withKeywords ? p.keywords.flatMap(tokenize) : [])])
    },
    experts(query, k) {
      const scores: Array<{ id: string; score: number }> = []
      tfidf.tfidfs(tokenize(query), (i: number, measure: number) => scores.push({ id: ids[i]!, score: measure }))
      return scores
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .slice(0, k)
        .map((x) => x.id)
    },
  }
}
