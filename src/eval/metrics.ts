import { z } from 'zod'
import { DuijieError, throwIfIssues } from '../errors.js'
import { checkBatch, describeValue, finiteNumber, idSchema } from '../schema.js'

/**
 * One query's ranked answer and what was relevant to it. `relevant` is a list or set of ids (binary
 * relevance), or a map from id to gain (graded relevance; only {@link ndcg} uses the grades, the other
 * metrics count every id with a gain above 0 as relevant). Gains must be finite and not negative, and
 * `ranked` must list each id at most once: a repeat would be counted as a second hit. Every metric checks
 * every run and throws a `DuijieError` (code `INPUT`) naming the run's index and the field, e.g. `ranked.1`.
 */
export interface JudgedRanking {
  ranked: readonly string[]
  relevant: readonly string[] | ReadonlySet<string> | ReadonlyMap<string, number>
}

const rankedSchema = z.array(idSchema(), { error: 'must be an array of ids' }).superRefine((ids, ctx) => {
  const seen = new Set<string>()
  ids.forEach((id, position) => {
    if (seen.has(id))
      ctx.addIssue({ code: 'custom', path: [position], message: `repeats ${JSON.stringify(id)}; list each id once` })
    seen.add(id)
  })
})

// zod reports a union that fails on every option as one issue, so the message says what kind was wrong.
function relevantError(issue: { input?: unknown }): string {
  if (issue.input === undefined) return 'is required'
  if (issue.input instanceof Map) return 'must map each id (a non-empty string) to a finite gain ≥ 0'
  if (Array.isArray(issue.input) || issue.input instanceof Set) return 'must hold only ids (non-empty strings)'
  return 'must be an array or Set of ids, or a Map from id to gain'
}

const relevantSchema = z
  .union([z.array(idSchema()), z.set(idSchema()), z.map(idSchema(), finiteNumber.nonnegative())], {
    error: relevantError,
  })
  .transform(gains)
  .refine((gain) => gain.size > 0, { error: 'has no relevant id' })

const runSchema = z.object(
  { ranked: rankedSchema, relevant: relevantSchema },
  { error: 'must be an object { ranked, relevant }' },
)

/** The relevant ids with their gains; binary relevance gives every id gain 1. */
function gains(relevant: JudgedRanking['relevant']): Map<string, number> {
  if (relevant instanceof Map) return new Map([...relevant].filter(([, gain]) => gain > 0))
  return new Map([...(relevant as Iterable<string>)].map((id) => [id, 1]))
}

/** Mean of `perQuery` over the runs; every run must be well formed and have at least one relevant id. */
function meanOver(
  runs: readonly JudgedRanking[],
  metric: string,
  perQuery: (ranked: readonly string[], gain: Map<string, number>) => number,
): number {
  const { parsed, issues } = checkBatch(runSchema, runs, metric, 'ranking')
  if (parsed.length === 0)
    throw new DuijieError('INPUT', `duijie: ${metric}: needs a non-empty array of judged rankings`, {
      issues: [{ field: '(batch)', message: 'must not be empty' }],
    })
  throwIfIssues(metric, 'ranking', issues)
  let sum = 0
  for (const run of parsed) sum += perQuery(run!.ranked, run!.relevant)
  return sum / parsed.length
}

function checkK(k: number, metric: string): void {
  if (!Number.isInteger(k) || k < 1) {
    const message = `must be a positive integer, got ${describeValue(k)}`
    throw new DuijieError('INPUT', `duijie: ${metric}: k ${message}`, { issues: [{ field: 'k', message }] })
  }
}

/**
 * Mean reciprocal rank of the first relevant id within the top `k` (0 when none is there).
 *
 * @example
 * ```ts
 * mrr([{ ranked: ['a', 'b', 'c'], relevant: ['b'] }, { ranked: ['x', 'y'], relevant: ['x'] }]) // (1/2 + 1) / 2 = 0.75
 * ```
 */
export function mrr(runs: readonly JudgedRanking[], k = 10): number {
  checkK(k, 'mrr')
  return meanOver(runs, 'mrr', (ranked, gain) => {
    const rank = ranked.slice(0, k).findIndex((id) => gain.has(id))
    return rank < 0 ? 0 : 1 / (rank + 1)
  })
}

/**
 * Mean share of the top `k` positions holding a relevant id (a shorter list still divides by k).
 *
 * @example
 * ```ts
 * precisionAtK([{ ranked: ['a', 'b', 'c', 'd'], relevant: ['a', 'c'] }], 4) // 0.5
 * ```
 */
export function precisionAtK(runs: readonly JudgedRanking[], k: number): number {
  checkK(k, 'precisionAtK')
  return meanOver(runs, 'precisionAtK', (ranked, gain) => ranked.slice(0, k).filter((id) => gain.has(id)).length / k)
}

/**
 * Mean share of each query's relevant ids found in its top `k`.
 *
 * @example
 * ```ts
 * recallAtK([{ ranked: ['a', 'b', 'c'], relevant: ['a', 'z'] }], 2) // 0.5
 * ```
 */
export function recallAtK(runs: readonly JudgedRanking[], k: number): number {
  checkK(k, 'recallAtK')
  return meanOver(
    runs,
    'recallAtK',
    (ranked, gain) => ranked.slice(0, k).filter((id) => gain.has(id)).length / gain.size,
  )
}

/**
 * Share of queries whose first-ranked id is relevant.
 *
 * @example
 * ```ts
 * accuracyAt1([{ ranked: ['a'], relevant: ['a'] }, { ranked: ['b', 'a'], relevant: ['a'] }]) // 0.5
 * ```
 */
export function accuracyAt1(runs: readonly JudgedRanking[]): number {
  return meanOver(runs, 'accuracyAt1', (ranked, gain) => (ranked.length > 0 && gain.has(ranked[0]!) ? 1 : 0))
}

/**
 * Mean average precision: for each query, the mean of precision@i over the ranks i holding a relevant id,
 * divided by the number of relevant ids (relevant ids never retrieved count as precision 0).
 *
 * @example
 * ```ts
 * averagePrecision([{ ranked: ['a', 'x', 'b'], relevant: ['a', 'b'] }]) // (1/1 + 2/3) / 2 = 0.8333
 * ```
 */
export function averagePrecision(runs: readonly JudgedRanking[]): number {
  return meanOver(runs, 'averagePrecision', (ranked, gain) => {
    let found = 0
    let sum = 0
    ranked.forEach((id, i) => {
      if (gain.has(id)) sum += ++found / (i + 1)
    })
    return sum / gain.size
  })
}

/**
 * Mean normalised discounted cumulative gain at `k`: Σ gain_i / log2(i + 1) over the top k, divided by the
 * same sum for the ideal order. Binary relevance gives gain 1; a map gives graded gains.
 *
 * @example
 * ```ts
 * ndcg([{ ranked: ['x', 'a'], relevant: ['a'] }], 10) // (1 / log2 3) / 1 = 0.6309
 * ```
 */
export function ndcg(runs: readonly JudgedRanking[], k = 10): number {
  checkK(k, 'ndcg')
  return meanOver(runs, 'ndcg', (ranked, gain) => {
    let dcg = 0
    ranked.slice(0, k).forEach((id, i) => {
      dcg += (gain.get(id) ?? 0) / Math.log2(i + 2)
    })
    const ideal = [...gain.values()].sort((a, b) => b - a).slice(0, k)
    const idcg = ideal.reduce((s, g, i) => s + g / Math.log2(i + 2), 0)
    return dcg / idcg
  })
}
