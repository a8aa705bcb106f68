// Speed baselines for the scale bench, each given the same tokens duijie's analyzer made.
import { similarity } from 'ml-distance'
import MiniSearch from 'minisearch'

/** A document-ranking system under test: build from token lists, then answer token queries. */
export interface SpeedSystem {
  readonly name: string
  build(docs: readonly string[][]): void
  query(tokens: readonly string[], k: number): string[] | number[]
}

function tfidfVector(
  tokens: readonly string[],
  ids: Map<string, number>,
  idf: Float64Array,
  intern: boolean,
): Map<number, number> {
  const tf = new Map<number, number>()
  for (const token of tokens) {
    let id = ids.get(token)
    if (id === undefined) {
      if (!intern) continue
      id = ids.size
      ids.set(token, id)
    }
    tf.set(id, (tf.get(id) ?? 0) + 1)
  }
  const v = new Map<number, number>()
  let squares = 0
  for (const [id, n] of tf) {
    const w = (1 + Math.log(n)) * (idf[id] ?? 1)
    v.set(id, w)
    squares += w * w
  }
  for (const [id, w] of v) v.set(id, w / Math.sqrt(squares))
  return v
}

/** The naive limit: TF-IDF in CSR typed arrays, every posting of every query term scanned. */
export function csrScan(): SpeedSystem {
  let offsets = new Uint32Array(0)
  let docs = new Uint32Array(0)
  let weights = new Float32Array(0)
  let ids = new Map<string, number>()
  let idf = new Float64Array(0)
  let scores = new Float32Array(0)
  let touched = new Uint32Array(0)
  return {
    name: 'exhaustive CSR scan',
    build(list) {
      ids = new Map()
      const tfs = list.map((tokens) => {
        const tf = new Map<number, number>()
        for (const t of tokens) {
          let id = ids.get(t)
          if (id === undefined) ids.set(t, (id = ids.size))
          tf.set(id, (tf.get(id) ?? 0) + 1)
        }
        return tf
      })
      const df = new Uint32Array(ids.size)
      for (const tf of tfs) for (const id of tf.keys()) df[id]!++
      idf = Float64Array.from(df, (n) => Math.log((1 + list.length) / (1 + n)) + 1)
      offsets = new Uint32Array(ids.size + 1)
      for (let t = 0; t < ids.size; t++) offsets[t + 1] = offsets[t]! + df[t]!
      const cursor = offsets.slice(0, ids.size)
      docs = new Uint32Array(offsets[ids.size]!)
      weights = new Float32Array(docs.length)
      tfs.forEach((tf, d) => {
        let squares = 0
        for (const [id, n] of tf) squares += ((1 + Math.log(n)) * idf[id]!) ** 2
        const norm = Math.sqrt(squares)
        for (const [id, n] of tf) {
          const slot = cursor[id]!++
          docs[slot] = d
          weights[slot] = ((1 + Math.log(n)) * idf[id]!) / norm
        }
      })
      scores = new Float32Array(list.length)
      touched = new Uint32Array(list.length)
    },
    query(tokens, k) {
      const q = tfidfVector(tokens, ids, idf, false)
      let count = 0
      for (const [id, w] of q) {
        for (let p = offsets[id]!; p < offsets[id + 1]!; p++) {
          const d = docs[p]!
          if (scores[d] === 0) touched[count++] = d
          scores[d]! += w * weights[p]!
        }
      }
      const best: Array<[number, number]> = []
      for (let i = 0; i < count; i++) {
        const d = touched[i]!
        const s = scores[d]!
        scores[d] = 0
        if (best.length < k) {
          best.push([d, s])
          if (best.length === k) best.sort((a, b) => a[1] - b[1])
        } else if (s > best[0]![1]) {
          best[0] = [d, s]
          best.sort((a, b) => a[1] - b[1])
        }
      }
      return best.sort((a, b) => b[1] - a[1]).map(([d]) => d)
    },
  }
}

/** MiniSearch 7, BM25+, one field of pre-cut tokens. */
export function miniSearch(): SpeedSystem {
  let index = new MiniSearch({ fields: ['text'], tokenize: (s) => s.split(' '), processTerm: (t) => t })
  return {
    name: 'MiniSearch 7',
    build(list) {
      index = new MiniSearch({ fields: ['text'], tokenize: (s) => s.split(' '), processTerm: (t) => t })
      for (let i = 0; i < list.length; i++) index.add({ id: i, text: list[i]!.join(' ') })
    },
    query: (tokens, k) =>
      index
        .search(tokens.join(' '))
        .slice(0, k)
        .map((r) => r.id as number),
  }
}

/** Brute force: every profile as a dense Float32 vector, ml-distance's cosine against each. */
export function denseCosine(): SpeedSystem {
  let ids = new Map<string, number>()
  let idf = new Float64Array(0)
  let vectors: Float32Array[] = []
  const dense = (v: Map<number, number>) => {
    const out = new Float32Array(ids.size)
    for (const [id, w] of v) out[id] = w
    return out
  }
  return {
    name: 'dense cosine (ml-distance)',
    build(list) {
      ids = new Map()
      for (const tokens of list) for (const t of tokens) if (!ids.has(t)) ids.set(t, ids.size)
      const df = new Uint32Array(ids.size)
      for (const tokens of list) for (const t of new Set(tokens)) df[ids.get(t)!]!++
      idf = Float64Array.from(df, (n) => Math.log((1 + list.length) / (1 + n)) + 1)
      vectors = list.map((tokens) => dense(tfidfVector(tokens, ids, idf, false)))
    },
    query(tokens, k) {
      const q = dense(tfidfVector(tokens, ids, idf, false))
      return vectors
        .map((v, d) => [d, similarity.cosine(q as unknown as number[], v as unknown as number[])] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, k)
        .map(([d]) => d)
    },
  }
}
