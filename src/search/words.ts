import type { TermSink } from '../text/analyzer.js'
import type { TermContribution } from './explain.js'

/**
 * Turns an explanation in index terms into one in the need's words. While the need is analysed it collects,
 * per term, the words its occurrences stand for ({@link TermSink}); {@link WordCredit.fold} then hands each
 * term's weight to those words in proportion, so bigram fragments (关柜, 接机) become the words they were cut
 * from (开关柜; 焊接 and 机器人) and the weights still add up to the same score.
 *
 * @example
 * ```ts
 * const credit = new WordCredit()
 * new Analyzer().analyze('开关柜', credit)
 * credit.fold([{ term: '开关柜', weight: 0.3 }, { term: '关柜', weight: 0.1 }]) // [{ term: '开关柜', weight: 0.4 }]
 * ```
 */
export class WordCredit implements TermSink {
  private readonly shares = new Map<string, Map<string, number>>()

  credit(term: string, word: string, share: number): void {
    let words = this.shares.get(term)
    if (!words) this.shares.set(term, (words = new Map()))
    words.set(word, (words.get(word) ?? 0) + share)
  }

  /** The contributions regrouped by word, largest first (ties by word); a term never credited stays itself. */
  fold(terms: readonly TermContribution[]): TermContribution[] {
    const byWord = new Map<string, number>()
    for (const { term, weight } of terms) {
      const words = this.shares.get(term)
      let total = 0
      if (words) for (const share of words.values()) total += share
      if (!words || !(total > 0)) {
        byWord.set(term, (byWord.get(term) ?? 0) + weight)
        continue
      }
      for (const [word, share] of words) byWord.set(word, (byWord.get(word) ?? 0) + (weight * share) / total)
    }
    return [...byWord]
      .map(([term, weight]) => ({ term, weight }))
      .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
  }
}
