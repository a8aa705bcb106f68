import jieba from 'nodejieba'
import { DuijieError } from '../errors.js'
import { describeValue } from '../schema.js'

/**
 * Cuts a run of Chinese characters into words. The analyzer gives a segmenter only runs of Han characters
 * (Latin and digit runs are kept whole before it), so an adapter need not handle mixed scripts.
 * Implement this to plug in another segmenter without touching scoring.
 *
 * @example
 * ```ts
 * const bigrams: Segmenter = {
 *   id: 'bigram@1',
 *   cut: (run) => run.length < 2 ? [run] : Array.from({ length: run.length - 1 }, (_, i) => run.slice(i, i + 2)),
 * }
 * new Matcher({ segmenter: bigrams })
 * ```
 */
export interface Segmenter {
  /** Names the segmenter and its version; saved indexes record it so a mismatch can be refused. */
  readonly id: string
  /** Cuts one run of Han characters into words, in order. */
  cut(run: string): string[]
  /** Optional: the shorter words `word` is made of (高压开关柜 → 高压, 开关柜), for the `subwords` option. */
  subwords?(word: string): string[]
}

/**
 * The default segmenter: nodejieba (cppjieba) with its HMM for unknown words.
 * Its base dictionary is loaded once per process on first use (about a second). duijie applies its own user
 * dictionary on top, per analyzer, so it never mutates nodejieba's process-global dictionary.
 *
 * @example
 * ```ts
 * new JiebaSegmenter().cut('碳化硅功率模块') // ['碳化硅', '功率', '模块']
 * ```
 */
export class JiebaSegmenter implements Segmenter {
  readonly id = 'nodejieba@3/hmm'

  cut(run: string): string[] {
    return jieba.cut(checkRun(run, 'cut'), true)
  }

  /** The word cut by the base dictionary alone (no HMM), so only real words come out, without overlaps. */
  subwords(word: string): string[] {
    const parts = jieba.cut(checkRun(word, 'subwords'), false)
    return parts.length > 1 ? parts : []
  }
}

/** nodejieba throws a bare TypeError on anything but a string. */
function checkRun(run: string, method: string): string {
  if (typeof run === 'string') return run
  throw new DuijieError('INPUT', `duijie: JiebaSegmenter.${method}: must be given a string, got ${describeValue(run)}`)
}
