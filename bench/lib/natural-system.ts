// natural's TfIdf as a baseline, kept apart: importing natural is slow and noisy (it pulls in dotenv,
// mongoose, pg and redis), so only the relevance bench loads it.
import './quiet-dotenv.js'
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
      for (const p of papers)
        tfidf.addDocument([...tokenize(p.abstract), ...(withKeywords ? p.keywords.flatMap(tokenize) : [])])
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

/** natural's TfIdf for the scale bench: documents are token lists, a query scores every document. */
export function naturalSpeed(): import('./baselines.js').SpeedSystem {
  let tfidf = new natural.TfIdf()
  return {
    name: 'natural TfIdf',
    build(list) {
      tfidf = new natural.TfIdf()
      for (const tokens of list) tfidf.addDocument([...tokens])
    },
    query(tokens, k) {
      const scores: Array<[number, number]> = []
      tfidf.tfidfs([...tokens], (i: number, measure: number) => scores.push([i, measure]))
      return scores
        .sort((a, b) => b[1] - a[1])
        .slice(0, k)
        .map(([i]) => i)
    },
  }
}
