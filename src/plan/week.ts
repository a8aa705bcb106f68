import { z } from 'zod'
import { DuijieError, inputError, throwIfIssues, type InputIssue } from '../errors.js'
import { Matcher } from '../matcher.js'
import type { MatchResult } from '../route/router.js'
import type { MatchAllOptions } from '../options.js'
import { countNumber, idSchema, validateBatch, validateOne, type NeedInput } from '../schema.js'
import { assign, type Affinity } from './assign.js'
import { groupBy } from './group.js'

/** A member of the science-and-technology mayor group. */
export interface Member {
  id: string
  name: string
  /** The member's home university, in the matcher. */
  universityId: string
  /** The member's own expert profile in the matcher, if they have one. */
  expertId?: string
  /** New enterprises a week (the "3" of the 321 rule). Default 3. */
  newVisits?: number
  /** Revisits a week (the "2"). Default 2. */
  revisits?: number
  /** False once the member's term has ended: they get no visits and hand their enterprises on. */
  active?: boolean
}

/** An enterprise and its open needs (the four lists). */
export interface Enterprise {
  id: string
  name: string
  needs: NeedInput[]
}

/** What {@link planWeek} takes. */
export interface WeekInput {
  matcher: Matcher
  members: Member[]
  enterprises: Enterprise[]
  /** Past visits; the latest visitor of an enterprise is its member. */
  history?: Array<{ memberId: string; enterpriseId: string; date: string }>
  /** Who must not visit, or be brought to, an enterprise. */
  conflicts?: Array<{ memberId?: string; expertId?: string; enterpriseId: string }>
  /** Experts brought along on each visit. Default 1. */
  expertsPerVisit?: number
  /** Most visits an expert joins this week. Default 2. */
  expertCapacity?: number
}

/** One planned visit. */
export interface Visit {
  memberId: string
  enterpriseId: string
  type: 'new' | 'revisit'
  /** The member's affinity to the enterprise (see {@link planWeek}). */
  score: number
  /** Ids of the enterprise's needs the visit carries. */
  needIds: string[]
  /** Experts who come along, best first. */
  experts: string[]
}

/** The week's plan. */
export interface WeekPlan {
  visits: Visit[]
  /** Enterprises passed from a departed member to an active one. */
  handovers: Array<{ enterpriseId: string; from: string; to: string }>
  /** Everything that could not be planned, with the reason. */
  uncovered: Array<{ enterpriseId: string; needId?: string; reason: string }>
}

/** Added to expert scores on visits to enterprises nobody has visited, so those visits get experts first. */
const UNVISITED_PRIORITY = 1
/** How many experts per need are considered for bringing along. */
const EXPERT_CANDIDATES = 10

const memberSchema = z.object({
  id: idSchema(),
  name: idSchema(),
  universityId: idSchema(),
  expertId: idSchema().optional(),
  newVisits: countNumber.optional(),
  revisits: countNumber.optional(),
  active: z.boolean({ error: 'must be true or false' }).optional(),
})
const enterpriseSchema = z.object({
  id: idSchema(),
  name: idSchema(),
  // Each need is checked by matcher.matchAll, against the matcher's own maxTextLength.
  needs: z
    .array(z.custom<NeedInput>(), { error: 'must be an array of needs' })
    .min(1, { error: 'must list at least one need' }),
})
// Dates are compared as strings to find the latest visit, so they must be ISO dates.
const visitSchema = z.object({
  memberId: idSchema(),
  enterpriseId: idSchema(),
  date: z
    .string({ error: 'must be a date string' })
    .regex(/^\d{4}-\d{2}-\d{2}/, { error: 'must be an ISO date (YYYY-MM-DD)' }),
})
const conflictSchema = z
  .object({ memberId: idSchema().optional(), expertId: idSchema().optional(), enterpriseId: idSchema() })
  .refine((c) => c.memberId !== undefined || c.expertId !== undefined, {
    error: 'names neither a memberId nor an expertId',
    path: ['memberId'],
  })
const settingsSchema = z.object(
  {
    // A look-alike would fail later, inside planWeek, on the first method it lacks.
    matcher: z.instanceof(Matcher, { error: 'must be a Matcher' }),
    members: z.array(z.unknown(), { error: 'must be an array of members' }),
    enterprises: z.array(z.unknown(), { error: 'must be an array of enterprises' }),
    history: z.array(z.unknown(), { error: 'must be an array of visits' }).optional(),
    conflicts: z.array(z.unknown(), { error: 'must be an array of conflicts' }).optional(),
    expertsPerVisit: countNumber.optional(),
    expertCapacity: countNumber.optional(),
  },
  { error: 'must be an object { matcher, members, enterprises, … }' },
)

/**
 * Plans the group's week: who visits which enterprise, and which experts come along.
 *
 * - A member's affinity to an enterprise is the mean, over its needs, of the member's evidence for the
 *   need: the member's university score divided by the best university's score for that need, averaged
 *   with the member's own expert score divided by the best expert's (when the member has an expert
 *   profile; the best expert is the best text score among the need's candidates and the members' experts).
 *   It lies in [0, 1].
 * - Each member makes at most `newVisits` visits to enterprises nobody has visited and `revisits` second
 *   looks (the 321 rule; both quotas are hard limits); each enterprise gets at most one visit. A revisit goes
 *   to the enterprise's latest visitor; when that member is inactive (or now has a conflict with it) the
 *   enterprise is handed to the best-placed active member with a revisit slot, and the hand-over is listed
 *   (接力).
 * - The choice is optimal: {@link assign} covers the most enterprises, then maximises the total affinity.
 * - Each visit brings its best-matching experts (`expertsPerVisit`), none on more than `expertCapacity`
 *   visits, chosen by a second {@link assign}. When experts are short, visits to enterprises nobody has
 *   visited get them first (需求不落空), then the best matches.
 * - Whatever could not be planned is in `uncovered`, with the reason.
 *
 * @example
 * ```ts
 * const plan = planWeek({ matcher, members, enterprises, history })
 * for (const v of plan.visits) console.log(v.memberId, v.enterpriseId, v.type, v.experts.join(' '))
 * ```
 */
export function planWeek(input: WeekInput): WeekPlan {
  // Work on the validated copies only: reading the caller's objects again could give other values.
  const settings = validateOne(settingsSchema, input, 'planWeek', 'input')
  const { matcher, expertsPerVisit = 1, expertCapacity = 2 } = settings
  const members = validateBatch(memberSchema, settings.members, 'planWeek', 'member')
  const enterprises = validateBatch(enterpriseSchema, settings.enterprises, 'planWeek', 'enterprise')
  const history = validateBatch(visitSchema, settings.history ?? [], 'planWeek', 'history entry')
  const conflicts = validateBatch(conflictSchema, settings.conflicts ?? [], 'planWeek', 'conflict')
  checkReferences(matcher, members, enterprises, history, conflicts)

  const active = members.filter((m) => m.active !== false)
  const memberExperts = [...new Set(active.flatMap((m) => (m.expertId === undefined ? [] : [m.expertId])))]
  // Match every need once, deep enough to see every university and the experts worth bringing, with the
  // members' own experts included wherever they rank.
  const needs = enterprises.flatMap((e, enterprise) =>
    e.needs.map((need, position) => ({ enterprise, position, need })),
  )
  // Members bring experts and speak for universities, whatever each need's own route.
  const results = matchNeeds(matcher, needs, enterprises, {
    topK: Math.max(EXPERT_CANDIDATES, matcher.stats.universities),
    include: memberExperts,
    lists: ['experts', 'universities'],
  })
  const evidence = results.map((r) => needEvidence(r, memberExperts))
  const byEnterprise = groupBy(needs.keys(), (i) => enterprises[needs[i]!.enterprise]!.id)
  const resultsOf = new Map([...byEnterprise].map(([e, indices]) => [e, indices.map((i) => results[i]!)]))
  const evidenceOf = new Map([...byEnterprise].map(([e, indices]) => [e, indices.map((i) => evidence[i]!)]))

  const affinity = (member: Member, enterprise: string) => {
    const list = evidenceOf.get(enterprise)!
    let sum = 0
    for (const { university, expert } of list) {
      const u = university.get(member.universityId) ?? 0
      sum += member.expertId === undefined ? u : (u + (expert.get(member.expertId) ?? 0)) / 2
    }
    return sum / list.length
  }

  const latestVisitor = new Map<string, { memberId: string; date: string }>()
  for (const h of history) {
    const seen = latestVisitor.get(h.enterpriseId)
    if (!seen || h.date > seen.date) latestVisitor.set(h.enterpriseId, h)
  }
  const memberById = new Map(members.map((m) => [m.id, m]))
  const enterpriseById = new Map(enterprises.map((e) => [e.id, e]))
  const memberConflicts = new Set(
    conflicts.filter((c) => c.memberId).map((c) => `${c.memberId}\u0000${c.enterpriseId}`),
  )
  // The member who keeps an enterprise: its latest visitor, unless they have left or now have a conflict
  // with it; then it is handed over (接力).
  const keeperOf = (memberId: string, enterpriseId: string) =>
    memberById.get(memberId)!.active !== false && !memberConflicts.has(`${memberId}\u0000${enterpriseId}`)
      ? memberId
      : undefined

  // Slots are people in assign(): "<member>\u0000new" and "<member>\u0000revisit".
  const scores: Affinity[] = []
  const capacity: Record<string, number> = {}
  for (const m of active) {
    capacity[`${m.id}\u0000new`] = m.newVisits ?? 3
    capacity[`${m.id}\u0000revisit`] = m.revisits ?? 2
  }
  for (const e of enterprises) {
    const previous = latestVisitor.get(e.id)
    const keeper = previous && keeperOf(previous.memberId, e.id)
    for (const m of active) {
      if (memberConflicts.has(`${m.id}\u0000${e.id}`)) continue
      if (!previous) scores.push({ person: `${m.id}\u0000new`, item: e.id, score: affinity(m, e.id) })
      else if (keeper === undefined || keeper === m.id)
        scores.push({ person: `${m.id}\u0000revisit`, item: e.id, score: affinity(m, e.id) })
    }
  }
  const plan = assign({ scores, capacity, demand: Object.fromEntries(enterprises.map((e) => [e.id, 1])) })

  const visits: Visit[] = []
  const handovers: WeekPlan['handovers'] = []
  for (const a of plan.assignments) {
    const memberId = a.person.split('\u0000')[0]!
    const previous = latestVisitor.get(a.item)
    if (previous && previous.memberId !== memberId)
      handovers.push({ enterpriseId: a.item, from: previous.memberId, to: memberId })
    const enterprise = enterpriseById.get(a.item)!
    visits.push({
      memberId,
      enterpriseId: a.item,
      type: previous ? 'revisit' : 'new',
      score: a.score,
      needIds: resultsOf.get(enterprise.id)!.flatMap((r) => (r.needId === undefined ? [] : [r.needId])),
      experts: [],
    })
  }
  const uncovered: WeekPlan['uncovered'] = plan.unassigned.map(({ item }) => ({
    enterpriseId: item,
    reason: visitShortfall(item, latestVisitor.get(item), keeperOf, memberById, active, memberConflicts),
  }))

  bringExperts(visits, resultsOf, conflicts, expertsPerVisit, expertCapacity, uncovered)
  for (const e of enterprises) {
    for (const { experts, needId } of resultsOf.get(e.id)!) {
      if (experts.length > 0) continue
      uncovered.push({
        enterpriseId: e.id,
        ...(needId !== undefined && { needId }),
        reason: 'no expert in the catalogue matches this need; add experts or reword it',
      })
    }
  }
  visits.sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : b.score - a.score))
  return { visits, handovers, uncovered }
}

/**
 * A need's evidence per university and per member expert, each as a share of the best: university score ÷
 * the best university's, expert text score ÷ the best text score listed (the top candidates and the
 * members' experts). Both lie in [0, 1].
 */
function needEvidence(
  result: MatchResult,
  memberExperts: string[],
): { university: Map<string, number>; expert: Map<string, number> } {
  const bestUniversity = result.universities[0]?.score ?? 0
  const university = new Map(bestUniversity > 0 ? result.universities.map((u) => [u.id, u.score / bestUniversity]) : [])
  const bestText = Math.max(0, ...result.experts.map((e) => e.textScore))
  const members = new Set(memberExperts)
  const expert = new Map(
    bestText > 0 ? result.experts.filter((e) => members.has(e.id)).map((e) => [e.id, e.textScore / bestText]) : [],
  )
  return { university, expert }
}

/** Chooses the experts for each visit: their best text score over the enterprise's needs, within capacity. */
function bringExperts(
  visits: Visit[],
  resultsOf: Map<string, MatchResult[]>,
  conflicts: NonNullable<WeekInput['conflicts']>,
  perVisit: number,
  expertCapacity: number,
  uncovered: WeekPlan['uncovered'],
): void {
  if (perVisit === 0 || visits.length === 0) return
  const expertConflicts = new Set(
    conflicts.filter((c) => c.expertId).map((c) => `${c.expertId}\u0000${c.enterpriseId}`),
  )
  const scores: Affinity[] = []
  for (const v of visits) {
    const best = new Map<string, number>()
    for (const r of resultsOf.get(v.enterpriseId)!) {
      for (const e of r.experts.slice(0, EXPERT_CANDIDATES)) best.set(e.id, Math.max(best.get(e.id) ?? 0, e.textScore))
    }
    const priority = v.type === 'new' ? UNVISITED_PRIORITY : 0
    for (const [expert, score] of best)
      if (!expertConflicts.has(`${expert}\u0000${v.enterpriseId}`))
        scores.push({ person: expert, item: v.enterpriseId, score: priority + score })
  }
  const capacity = Object.fromEntries([...new Set(scores.map((s) => s.person))].map((e) => [e, expertCapacity]))
  const demand = Object.fromEntries(visits.map((v) => [v.enterpriseId, perVisit]))
  const chosen = assign({ scores, capacity, demand })
  const byEnterprise = groupBy(chosen.assignments, (a) => a.item)
  // Within a visit the priority is the same for every expert, so sorting by score sorts by match.
  for (const v of visits)
    v.experts = (byEnterprise.get(v.enterpriseId) ?? []).sort((a, b) => b.score - a.score).map((a) => a.person)
  for (const { item, reason } of chosen.unassigned)
    uncovered.push({
      enterpriseId: item,
      reason: `visit planned, but short of experts: ${reason.replace(/capacity\b/, 'expertCapacity')}`,
    })
}

/** Why no visit could be planned for an enterprise, in the group's terms. */
function visitShortfall(
  enterpriseId: string,
  previous: { memberId: string } | undefined,
  keeperOf: (memberId: string, enterpriseId: string) => string | undefined,
  memberById: Map<string, Member>,
  active: Member[],
  memberConflicts: Set<string>,
): string {
  if (active.length === 0) return 'no active member this week'
  if (active.every((m) => memberConflicts.has(`${m.id}\u0000${enterpriseId}`)))
    return 'every active member has a conflict with it'
  if (!previous)
    return 'every member’s new-visit slots are taken by better-placed enterprises; raise newVisits or add members'
  const member = previous.memberId
  if (keeperOf(member, enterpriseId) !== undefined)
    return `its member ${member} has no revisit slot left this week; raise their revisits`
  const why = memberById.get(member)!.active === false ? 'has left' : 'now has a conflict with it'
  return `its member ${member} ${why} and no other active member has a revisit slot left; raise revisits`
}

/** Duplicate ids and references to members, enterprises, universities or experts that do not exist. */
function checkReferences(
  matcher: Matcher,
  members: Member[],
  enterprises: Enterprise[],
  history: NonNullable<WeekInput['history']>,
  conflicts: NonNullable<WeekInput['conflicts']>,
): void {
  const memberIds = new Set<string>()
  const memberIssues: InputIssue[] = []
  members.forEach((m, index) => {
    if (memberIds.has(m.id)) memberIssues.push({ index, id: m.id, field: 'id', message: 'duplicates another member' })
    memberIds.add(m.id)
    if (!matcher.hasUniversity(m.universityId))
      memberIssues.push({ index, id: m.id, field: 'universityId', message: `unknown university "${m.universityId}"` })
    if (m.expertId !== undefined && !matcher.hasExpert(m.expertId))
      memberIssues.push({ index, id: m.id, field: 'expertId', message: `unknown expert "${m.expertId}"` })
  })
  throwIfIssues('planWeek', 'member', memberIssues)
  const enterpriseIds = new Set<string>()
  const enterpriseIssues: InputIssue[] = []
  enterprises.forEach((e, index) => {
    if (enterpriseIds.has(e.id))
      enterpriseIssues.push({ index, id: e.id, field: 'id', message: 'duplicates another enterprise' })
    enterpriseIds.add(e.id)
  })
  throwIfIssues('planWeek', 'enterprise', enterpriseIssues)
  const historyIssues: InputIssue[] = []
  history.forEach((h, index) => {
    if (!memberIds.has(h.memberId))
      historyIssues.push({
        index,
        field: 'memberId',
        message: `unknown member "${h.memberId}" (list members who left with active: false)`,
      })
    if (!enterpriseIds.has(h.enterpriseId))
      historyIssues.push({ index, field: 'enterpriseId', message: `unknown enterprise "${h.enterpriseId}"` })
  })
  throwIfIssues('planWeek', 'history entry', historyIssues)
  const conflictIssues: InputIssue[] = []
  conflicts.forEach((c, index) => {
    if (!enterpriseIds.has(c.enterpriseId))
      conflictIssues.push({ index, field: 'enterpriseId', message: `unknown enterprise "${c.enterpriseId}"` })
    if (c.memberId !== undefined && !memberIds.has(c.memberId))
      conflictIssues.push({ index, field: 'memberId', message: `unknown member "${c.memberId}"` })
    if (c.expertId !== undefined && !matcher.hasExpert(c.expertId))
      conflictIssues.push({ index, field: 'expertId', message: `unknown expert "${c.expertId}"` })
  })
  throwIfIssues('planWeek', 'conflict', conflictIssues)
}

/** Matches every need, reporting a bad one as a field of its enterprise: `enterprise … field "needs.2.text"`. */
function matchNeeds(
  matcher: Matcher,
  needs: Array<{ enterprise: number; position: number; need: NeedInput }>,
  enterprises: Enterprise[],
  options: MatchAllOptions,
): MatchResult[] {
  try {
    return matcher.matchAll(
      needs.map((n) => n.need),
      options,
    )
  } catch (error) {
    if (!(error instanceof DuijieError) || error.issues.every((i) => i.index === undefined)) throw error
    const issues = error.issues.map((i) => {
      const { enterprise, position } = needs[i.index!]!
      return {
        index: enterprise,
        id: enterprises[enterprise]!.id,
        field: `needs.${position}.${i.field}`,
        message: i.message,
      }
    })
    throw inputError('planWeek', 'enterprise', issues)
  }
}
