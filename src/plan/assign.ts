import { z } from 'zod'
import { inputError, throwIfIssues, type InputIssue } from '../errors.js'
import { checkValue, countNumber, finiteNumber, idSchema, typeError } from '../schema.js'
import { FlowNetwork } from './flow.js'
import { groupBy } from './group.js'

/** A candidate pairing and how well the person fits the item. */
export interface Affinity {
  person: string
  item: string
  score: number
}

/** What {@link assign} takes. */
export interface AssignInput {
  /** Sparse affinities; a pair that is not listed is not a candidate. */
  scores: Affinity[]
  /** Most items per person. Every person in `scores` needs an entry. */
  capacity: Record<string, number>
  /** People per item: one number for all, or per item (items not named get 1). Default 1. */
  demand?: number | Record<string, number>
  /** Pairs that must not be assigned (conflicts of interest). */
  conflicts?: Array<{ person: string; item: string }>
  /** Pairs scoring below this are not candidates. */
  minScore?: number
}

/** What {@link assign} returns. */
export interface AssignResult {
  /** The chosen pairs, by item then person. */
  assignments: Affinity[]
  /** Every item whose demand was not fully met, with the reason in words. */
  unassigned: Array<{ item: string; reason: string }>
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/**
 * An object of name → whole number, read into a Map from its own keys. Not `z.record`: its output drops an
 * own `__proto__` key (and never checks its value), and here `__proto__` is a name like any other.
 */
function countsByName(error: string) {
  return z
    .custom<Record<string, unknown>>(isPlainObject, { error })
    .refine(
      (counts) =>
        Object.getOwnPropertySymbols(counts).every((key) => !Object.prototype.propertyIsEnumerable.call(counts, key)),
      { error: 'has a Symbol key; names must be strings' },
    )
    .transform((counts) => new Map(Object.entries(counts)))
    .pipe(z.map(z.string(), countNumber))
}

// Strict objects: a misspelt key (`minscore`, `conflict`, `weight` in a score) is refused with a "did you
// mean", never ignored.
const inputSchema = z.strictObject(
  {
    scores: z.array(z.strictObject({ person: idSchema(), item: idSchema(), score: finiteNumber }), {
      error: typeError('must be an array of { person, item, score }'),
    }),
    capacity: countsByName('must be an object of person → capacity'),
    demand: z
      .union([countNumber, countsByName('must be an object of item → demand')], {
        error: 'must be a whole number or an object of item → demand',
      })
      .optional(),
    conflicts: z
      .array(z.strictObject({ person: idSchema(), item: idSchema() }), {
        error: typeError('must be an array of { person, item }'),
      })
      .optional(),
    minScore: finiteNumber.optional(),
  },
  { error: typeError('must be an object { scores, capacity, … }') },
)

/** `input` checked against the schema; assign names the input itself `(input)`. */
function parseInput(input: unknown): z.output<typeof inputSchema> {
  const result = checkValue(inputSchema, input, undefined, '(input)')
  if (result.success) return result.data
  throw inputError('assign', 'input', result.issues)
}

/**
 * Assigns people to items within capacities: a min-cost flow. It fills as many (person, item) places as
 * the constraints allow (with demand 1, covers as many items as possible) and, among those answers,
 * maximises the total score: a cheapest maximum flow on source → person (capacity) → item (1 per
 * candidate pair) → sink (demand), found by cost scaling on scores rounded to integers, then checked and
 * corrected in exact arithmetic. 500 people × 5,000 items × 20 candidates take about a third of a second.
 *
 * Totals are compared exactly, as the exact sums of the doubles given, so any finite scores give the true
 * optimum: there is no limit on their magnitude or spread and no rounding tolerance. ±Number.MAX_VALUE,
 * subnormals down to Number.MIN_VALUE and mixes of both work (1e308 + 5e-324 beats 1e308 + 0; 0.1 + 0.2
 * beats 0.3 + 0, because as doubles it is larger by 2.8e-17); among pairings with exactly equal totals, any
 * may be returned. A score far beyond the rest (1e9 beside scores below 1) hides their differences from the
 * float steps, and the exact steps then take longer: about a second at the size above.
 *
 * Every item left short is listed in `unassigned` with the reason in words ("no candidate above
 * minScore", "all 3 candidates are at capacity", "every candidate has a conflict"), so a user knows what
 * to change. Bad input (negative capacity, NaN score, unknown names, a misspelt key such as `minscore`)
 * throws a `DuijieError` naming it.
 *
 * @example
 * ```ts
 * assign({
 *   scores: [{ person: 'wang', item: 'c01', score: 0.9 }, { person: 'li', item: 'c01', score: 0.4 }],
 *   capacity: { wang: 1, li: 2 },
 * })
 * // { assignments: [{ person: 'wang', item: 'c01', score: 0.9 }], unassigned: [] }
 * ```
 */
export function assign(input: AssignInput): AssignResult {
  return assignWithResolution(input)
}

/**
 * {@link assign} with the cost rounding of its scaling step set (see `FlowNetwork.minCostMaxFlow`); the
 * answer is the same for any resolution. Internal: tests use it to make the exact pass do the work.
 *
 * @example
 * ```ts
 * assignWithResolution({ scores, capacity }, 1) // equals assign({ scores, capacity })
 * ```
 */
export function assignWithResolution(input: AssignInput, resolution?: number): AssignResult {
  const { scores, capacity, demand = 1, conflicts = [], minScore = -Infinity } = parseInput(input)

  const persons = [...capacity.keys()]
  const personIndex = new Map(persons.map((p, i) => [p, i]))
  const items: string[] = []
  const itemIndex = new Map<string, number>()
  const addItem = (item: string) => {
    if (!itemIndex.has(item)) {
      itemIndex.set(item, items.length)
      items.push(item)
    }
  }
  for (const s of scores) addItem(s.item)
  if (typeof demand !== 'number') for (const item of demand.keys()) addItem(item)

  const issues: InputIssue[] = []
  const seenPairs = new Set<string>()
  scores.forEach((s, index) => {
    if (!personIndex.has(s.person))
      issues.push({ index, field: `scores.${index}.person`, message: `"${s.person}" has no capacity entry` })
    const key = `${s.person}\u0000${s.item}`
    if (seenPairs.has(key))
      issues.push({ index, field: `scores.${index}`, message: `repeats the pair (${s.person}, ${s.item})` })
    seenPairs.add(key)
  })
  const conflictKeys = new Set<string>()
  conflicts.forEach((f, index) => {
    if (!personIndex.has(f.person))
      issues.push({ index, field: `conflicts.${index}.person`, message: `unknown person "${f.person}"` })
    if (!itemIndex.has(f.item))
      issues.push({ index, field: `conflicts.${index}.item`, message: `unknown item "${f.item}"` })
    conflictKeys.add(`${f.person}\u0000${f.item}`)
  })
  throwIfIssues('assign', 'entry', issues)

  const demandOf = (item: string) => (typeof demand === 'number' ? demand : (demand.get(item) ?? 1))
  const candidates = scores.filter((s) => s.score >= minScore && !conflictKeys.has(`${s.person}\u0000${s.item}`))
  const flow = solve(
    persons.map((p) => capacity.get(p)!),
    items.map(demandOf),
    candidates.map((s) => ({ person: personIndex.get(s.person)!, item: itemIndex.get(s.item)!, score: s.score })),
    resolution,
  )
  const assignments = flow.map((i) => candidates[i]!).sort((a, b) => cmp(a.item, b.item) || cmp(a.person, b.person))
  return {
    assignments,
    unassigned: explainShortfall(items, demandOf, scores, assignments, capacity, conflictKeys, minScore),
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The network source → person (capacity) → item (1 per candidate pair) → sink (demand), solved for a
 * cheapest maximum flow with cost (top − score) per pair: every maximum flow then costs
 * flow · top − Σ score, so the cheapest has the largest total score. The network takes costs as exact, so
 * (top − score) is used only when every such difference is exact as a double; otherwise −score, which always
 * is: every cycle of the residual network crosses from persons to items as often as back, so top cancels
 * out of every cycle's cost and both pick the same flow. Returns the indices of the pairs used.
 */
function solve(
  capacities: number[],
  demands: number[],
  pairs: Array<{ person: number; item: number; score: number }>,
  resolution?: number,
): number[] {
  const P = capacities.length
  const I = demands.length
  const source = 0
  const sink = P + I + 1
  const top = pairs.reduce((max, p) => Math.max(max, p.score), -Infinity)
  // Differences from the top keep costs small when scores crowd near a large value (1e12 + 0.001 · k).
  const shift = pairs.length > 0 && pairs.every((p) => isExactDifference(top, p.score)) ? top : 0
  const network = new FlowNetwork(P + I + 2, P + pairs.length + I)
  // No one can take more than every pair: the clamp keeps huge capacities within the Int32 residuals.
  capacities.forEach((c, p) => network.addArc(source, 1 + p, Math.min(c, pairs.length), 0))
  const pairArcs = pairs.map((pair) => network.addArc(1 + pair.person, 1 + P + pair.item, 1, shift - pair.score))
  demands.forEach((d, i) => network.addArc(1 + P + i, sink, Math.min(d, pairs.length), 0))
  network.minCostMaxFlow(source, sink, resolution)
  const used: number[] = []
  pairArcs.forEach((arc, i) => network.flow(arc) > 0 && used.push(i))
  return used
}

/** Whether a − b is exact as a double (finite, with no rounding error: Knuth's two-sum error is 0). */
function isExactDifference(a: number, b: number): boolean {
  const sum = a - b
  if (!Number.isFinite(sum)) return false
  const bPart = sum - a
  return a - (sum - bPart) + (-b - bPart) === 0
}

/** Says, for each item left short, why: in terms of the candidates the user gave. */
function explainShortfall(
  items: string[],
  demandOf: (item: string) => number,
  scores: Affinity[],
  assignments: Affinity[],
  capacity: Map<string, number>,
  conflictKeys: Set<string>,
  minScore: number,
): Array<{ item: string; reason: string }> {
  const byItem = groupBy(scores, (s) => s.item)
  const got = new Map<string, Set<string>>()
  const load = new Map<string, number>()
  for (const a of assignments) {
    got.set(a.item, (got.get(a.item) ?? new Set()).add(a.person))
    load.set(a.person, (load.get(a.person) ?? 0) + 1)
  }
  const out: Array<{ item: string; reason: string }> = []
  for (const item of [...items].sort(cmp)) {
    const need = demandOf(item)
    const have = got.get(item)?.size ?? 0
    if (have >= need) continue
    const all = byItem.get(item) ?? []
    const low = all.filter((s) => s.score < minScore)
    const conflicted = all.filter((s) => s.score >= minScore && conflictKeys.has(`${s.person}\u0000${item}`))
    const eligible = all.filter(
      (s) => s.score >= minScore && !conflictKeys.has(`${s.person}\u0000${item}`) && !got.get(item)?.has(s.person),
    )
    const full = eligible.filter((s) => (load.get(s.person) ?? 0) >= capacity.get(s.person)!)
    const parts: string[] = []
    if (all.length === 0) parts.push('no candidate was scored for it')
    else if (low.length === all.length)
      parts.push(
        `no candidate above minScore ${minScore} (the best scores ${all.reduce((best, s) => Math.max(best, s.score), Number.NEGATIVE_INFINITY).toFixed(3)}); lower minScore or add candidates`,
      )
    else if (conflicted.length + low.length === all.length)
      parts.push(
        `every candidate has a conflict (${conflicted.map((s) => s.person).join(', ')}); add candidates without one`,
      )
    else if (full.length === eligible.length && eligible.length > 0) {
      parts.push(
        `all ${eligible.length} candidate${eligible.length > 1 ? 's are' : ' is'} at capacity (${eligible.map((s) => s.person).join(', ')}); raise their capacity or add candidates`,
      )
    } else if (eligible.length === 0) parts.push('every eligible candidate is already assigned to it')
    else
      parts.push(
        `its candidates are needed elsewhere for a larger total; raise the capacity of ${eligible.map((s) => s.person).join(', ')} or add candidates`,
      )
    if (need > 1) parts.unshift(`${have} of ${need} places filled:`)
    out.push({ item, reason: parts.join(' ') })
  }
  return out
}
