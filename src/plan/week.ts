import { z } from 'zod'
import { DuijieError, inputError, throwIfIssues, type InputIssue } from '../errors.js'
import { Matcher } from '../matcher.js'
import type { MatchResult } from '../route/router.js'
import type { MatchAllOptions } from '../options.js'
import { countNumber, idSchema, type NeedInput, typeError, validateBatch, validateOne } from '../schema.js'
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
  /** Its needs; those given an id each have their own (two needs of one enterprise with one id are refused). */
  needs: NeedInput[]
}

/** What {@link planWeek} takes. */
export interface WeekInput {
  matcher: Matcher
  members: Member[]
  enterprises: Enterprise[]
  /**
   * Past visits; the latest visitor of an enterprise is its member. `date` is an ISO 8601 date
   * (`2026-11-29`, which means 00:00 UTC that day) or date-time with `Z` or a `±hh:mm` offset, seconds and
   * up to nine decimals optional (`2026-11-29T09:30+08:00`, `2026-11-29T01:30:15.5Z`); visits are compared
   * as instants. Of two members who visited an enterprise at
   * the same latest instant, the one whose id sorts first (by UTF-16 code units) is its member.
   */
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

// Strict objects throughout: a misspelt key (`activ: false`, `expertCapacty`) is refused with a "did you mean",
// never ignored.
const memberSchema = z.strictObject({
  id: idSchema(),
  name: idSchema(),
  universityId: idSchema(),
  expertId: idSchema().optional(),
  newVisits: countNumber.optional(),
  revisits: countNumber.optional(),
  active: z.boolean({ error: 'must be true or false' }).optional(),
})
const enterpriseSchema = z.strictObject({
  id: idSchema(),
  name: idSchema(),
  // Each need is checked by matcher.matchAll, against the matcher's own maxTextLength.
  needs: z
    .array(z.custom<NeedInput>(), { error: 'must be an array of needs' })
    .min(1, { error: 'must list at least one need' }),
})
const DATE_ERROR = 'must be an ISO date such as 2026-11-29 or 2026-11-29T09:30+08:00'
// RFC 3339 shapes only: a looser pattern let `2026-99-99junk` through, and Date.parse reads some strings
// (no offset) in the machine's own time zone.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/

/** A moment: whole milliseconds since 1970-01-01T00:00Z, and the nanoseconds past them (0–999,999). */
interface Instant {
  ms: number
  ns: number
}

/** The instant an ISO date or date-time names, or why it names none. A date alone is 00:00 UTC that day. */
function parseInstant(text: string): Instant | string {
  const parts = ISO_DATE.exec(text)
  if (!parts) return DATE_ERROR
  const [, year, month, day, hour, minute, second = '00', fraction = '', offset] = parts
  const y = Number(year)
  const mo = Number(month)
  const d = Number(day)
  if (mo < 1 || mo > 12) return `${DATE_ERROR}; there is no month ${month}`
  if (d < 1 || d > daysInMonth(y, mo)) return `${DATE_ERROR}; ${year}-${month} has no day ${day}`
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  let ms = new Date(0).setUTCFullYear(y, mo - 1, d)
  if (hour === undefined) return { ms, ns: 0 }
  if (offset === undefined) return `${DATE_ERROR}; a time needs Z or an offset such as +08:00`
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59)
    return `${DATE_ERROR}; ${hour}:${minute}:${second} is not a time of day`
  const offsetHours = offset === 'Z' ? 0 : Number(offset.slice(1, 3))
  const offsetMinutes = offset === 'Z' ? 0 : Number(offset.slice(4))
  if (offsetHours > 23 || offsetMinutes > 59) return `${DATE_ERROR}; ${offset} is not a UTC offset`
  const east = (offset[0] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes)
  const nanos = fraction.padEnd(9, '0')
  ms += ((Number(hour) * 60 + Number(minute) - east) * 60 + Number(second)) * 1000 + Number(nanos.slice(0, 3))
  return { ms, ns: Number(nanos.slice(3)) }
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

const visitSchema = z
  .strictObject({
    memberId: idSchema(),
    enterpriseId: idSchema(),
    date: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : DATE_ERROR) }),
  })
  .transform((visit, ctx) => {
    const at = parseInstant(visit.date)
    if (typeof at === 'string') {
      ctx.addIssue({ code: 'custom', path: ['date'], message: at })
      return z.NEVER
    }
    return { ...visit, at }
  })

/** Code-unit order of ids: the same on every machine and locale, unlike localeCompare. */
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Whether visit `a` outranks `b` as the latest visit of an enterprise: the later instant wins; at the same
 * instant, the member whose id sorts first, so the answer never depends on the order of the history.
 */
function isLater(a: { memberId: string; at: Instant }, b: { memberId: string; at: Instant }): boolean {
  if (a.at.ms !== b.at.ms) return a.at.ms > b.at.ms
  if (a.at.ns !== b.at.ns) return a.at.ns > b.at.ns
  return a.memberId < b.memberId
}

/** A key for a pair of ids; JSON keeps ids that contain the separator apart. */
const pairKey = (a: string, b: string) => JSON.stringify([a, b])

const conflictSchema = z
  .strictObject({ memberId: idSchema().optional(), expertId: idSchema().optional(), enterpriseId: idSchema() })
  .refine((c) => c.memberId !== undefined || c.expertId !== undefined, {
    error: 'names neither a memberId nor an expertId',
    path: ['memberId'],
  })
const settingsSchema = z.strictObject(
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
  { error: typeError('must be an object { matcher, members, enterprises, … }') },
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
 * - The latest visitor is found by instant, not by the text of `date`: `2026-11-29T01:00+08:00` is earlier
 *   than `2026-11-28T20:00Z`, and a date alone (`2026-11-29`) means 00:00 UTC that day. Of two members who
 *   visited at the same latest instant, the one whose id sorts first (by UTF-16 code units) keeps the
 *   enterprise. A `date` that is not an ISO 8601 date or date-time with `Z` or `±hh:mm`, or names no real
 *   day or time (`2026-02-30`), is an INPUT error naming the history entry and field `date`.
 * - The choice is optimal: {@link assign} covers the most enterprises, then maximises the total affinity.
 * - Each visit brings its best-matching experts (`expertsPerVisit`), none on more than `expertCapacity`
 *   visits, chosen by a second {@link assign}. When experts are short, visits to enterprises nobody has
 *   visited get them first (需求不落空), then the best matches.
 * - Whatever could not be planned is in `uncovered`, with the reason.
 * - The plan does not depend on the order of `members`, `enterprises`, `history` or `conflicts`: they are
 *   taken in id order. Ids are data: `__proto__` or `constructor` is planned like any other id.
 * - An unknown key anywhere in the input (`expertCapacty`, a member's `activ`) is an INPUT error with a
 *   "did you mean", never ignored; so are two needs with one id in one enterprise.
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

  // Id order from here on: among equally good plans the solver's pick follows its input order, and that
  // must not be the caller's.
  const active = members.filter((m) => m.active !== false).sort((a, b) => compareIds(a.id, b.id))
  const ordered = [...enterprises].sort((a, b) => compareIds(a.id, b.id))
  const memberExperts = [...new Set(active.flatMap((m) => (m.expertId === undefined ? [] : [m.expertId])))].sort(
    compareIds,
  )
  // Match every need once, deep enough to see every university and the experts worth bringing, with the
  // members' own experts included wherever they rank. Input order, so a bad need is reported where it is.
  const needs = enterprises.flatMap((e, enterprise) =>
    e.needs.map((need, position) => ({ enterprise, position, need })),
  )
  // Members bring experts and speak for universities, whatever each need's own route.
  const results = matchNeeds(matcher, needs, enterprises, {
    topK: Math.max(EXPERT_CANDIDATES, matcher.stats.universities),
    include: memberExperts,
    lists: ['experts', 'universities'],
  })
  checkNeedIds(needs, results, enterprises)
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

  const latestVisitor = new Map<string, (typeof history)[number]>()
  for (const h of history) {
    const seen = latestVisitor.get(h.enterpriseId)
    if (!seen || isLater(h, seen)) latestVisitor.set(h.enterpriseId, h)
  }
  const memberById = new Map(members.map((m) => [m.id, m]))
  const memberConflicts = new Set(
    conflicts.flatMap((c) => (c.memberId === undefined ? [] : [pairKey(c.memberId, c.enterpriseId)])),
  )
  // The member who keeps an enterprise: its latest visitor, unless they have left or now have a conflict
  // with it; then it is handed over (接力).
  const keeperOf = (memberId: string, enterpriseId: string) =>
    memberById.get(memberId)!.active !== false && !memberConflicts.has(pairKey(memberId, enterpriseId))
      ? memberId
      : undefined

  // The people in assign() are slots, each member's new visits (2i) and revisits (2i + 1). They are named
  // by index: an id as a key of the capacity object, or in assign's own pair keys, could clash.
  const slots = active.flatMap((member) => [
    { member, capacity: member.newVisits ?? 3 },
    { member, capacity: member.revisits ?? 2 },
  ])
  const scores: Affinity[] = []
  for (const e of ordered) {
    const previous = latestVisitor.get(e.id)
    const keeper = previous && keeperOf(previous.memberId, e.id)
    active.forEach((m, i) => {
      if (memberConflicts.has(pairKey(m.id, e.id))) return
      if (!previous) scores.push({ person: String(2 * i), item: e.id, score: affinity(m, e.id) })
      else if (keeper === undefined || keeper === m.id)
        scores.push({ person: String(2 * i + 1), item: e.id, score: affinity(m, e.id) })
    })
  }
  const plan = assign({
    scores,
    capacity: Object.fromEntries(slots.map((slot, i) => [String(i), slot.capacity])),
    // fromEntries defines own keys, so an enterprise "__proto__" is a key like any other.
    demand: Object.fromEntries(ordered.map((e) => [e.id, 1])),
  })

  const visits: Visit[] = []
  const handovers: WeekPlan['handovers'] = []
  for (const a of plan.assignments) {
    const memberId = slots[Number(a.person)]!.member.id
    const previous = latestVisitor.get(a.item)
    if (previous && previous.memberId !== memberId)
      handovers.push({ enterpriseId: a.item, from: previous.memberId, to: memberId })
    visits.push({
      memberId,
      enterpriseId: a.item,
      type: previous ? 'revisit' : 'new',
      score: a.score,
      needIds: resultsOf.get(a.item)!.flatMap((r) => (r.needId === undefined ? [] : [r.needId])),
      experts: [],
    })
  }
  handovers.sort((a, b) => compareIds(a.enterpriseId, b.enterpriseId))
  const uncovered: WeekPlan['uncovered'] = plan.unassigned
    .map(({ item }) => ({
      enterpriseId: item,
      reason: visitShortfall(item, latestVisitor.get(item), keeperOf, memberById, active, memberConflicts),
    }))
    .sort((a, b) => compareIds(a.enterpriseId, b.enterpriseId))

  bringExperts(visits, resultsOf, conflicts, expertsPerVisit, expertCapacity, uncovered)
  for (const e of ordered) {
    for (const { experts, needId, kind } of resultsOf.get(e.id)!) {
      // A financing need's counterpart is investors (match() ranks them), not experts.
      if (experts.length > 0 || kind === 'financing') continue
      uncovered.push({
        enterpriseId: e.id,
        ...(needId !== undefined && { needId }),
        reason: 'no expert in the catalogue matches this need; add experts or reword it',
      })
    }
  }
  visits.sort(
    (a, b) => compareIds(a.memberId, b.memberId) || b.score - a.score || compareIds(a.enterpriseId, b.enterpriseId),
  )
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
    conflicts.flatMap((c) => (c.expertId === undefined ? [] : [pairKey(c.expertId, c.enterpriseId)])),
  )
  // Items are visits by index: with digits on one side, assign's "<person>\u0000<item>" keys cannot clash
  // whatever the expert ids hold. People stay expert ids, which assign's reasons name.
  const scores: Affinity[] = []
  // A visit for financing needs only, which no expert's words fit, asks for no expert: investors meet them.
  const wantsExperts = visits.map(() => true)
  visits.forEach((v, visit) => {
    const best = new Map<string, number>()
    const results = resultsOf.get(v.enterpriseId)!
    for (const r of results) {
      for (const e of r.experts.slice(0, EXPERT_CANDIDATES)) best.set(e.id, Math.max(best.get(e.id) ?? 0, e.textScore))
    }
    if (best.size === 0 && results.every((r) => r.kind === 'financing')) wantsExperts[visit] = false
    const priority = v.type === 'new' ? UNVISITED_PRIORITY : 0
    for (const [expert, score] of best)
      if (!expertConflicts.has(pairKey(expert, v.enterpriseId)))
        scores.push({ person: expert, item: String(visit), score: priority + score })
  })
  // fromEntries defines own keys, so an expert "__proto__" gets a capacity like any other.
  const capacity = Object.fromEntries([...new Set(scores.map((s) => s.person))].map((e) => [e, expertCapacity]))
  const demand = Object.fromEntries(visits.map((_, visit) => [String(visit), wantsExperts[visit] ? perVisit : 0]))
  const chosen = assign({ scores, capacity, demand })
  const byVisit = groupBy(chosen.assignments, (a) => a.item)
  // Within a visit the priority is the same for every expert, so sorting by score sorts by match.
  visits.forEach((v, visit) => {
    v.experts = (byVisit.get(String(visit)) ?? [])
      .sort((a, b) => b.score - a.score || compareIds(a.person, b.person))
      .map((a) => a.person)
  })
  const short = chosen.unassigned
    .map(({ item, reason }) => ({
      enterpriseId: visits[Number(item)]!.enterpriseId,
      reason: `visit planned, but short of experts: ${reason.replace(/capacity\b/, 'expertCapacity')}`,
    }))
    .sort((a, b) => compareIds(a.enterpriseId, b.enterpriseId))
  uncovered.push(...short)
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
  if (active.every((m) => memberConflicts.has(pairKey(m.id, enterpriseId))))
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

/**
 * Two needs of one enterprise with the same id: a visit's `needIds` and an uncovered entry could not say
 * which is meant. Read from the needs as the matcher parsed them, not from the caller's objects again.
 */
function checkNeedIds(
  needs: Array<{ enterprise: number; position: number }>,
  results: MatchResult[],
  enterprises: Enterprise[],
): void {
  const firstOf = new Map<string, number>()
  const issues: InputIssue[] = []
  needs.forEach(({ enterprise, position }, i) => {
    const needId = results[i]!.needId
    if (needId === undefined) return
    const key = pairKey(String(enterprise), needId)
    const first = firstOf.get(key)
    if (first === undefined) firstOf.set(key, position)
    else
      issues.push({
        index: enterprise,
        id: enterprises[enterprise]!.id,
        field: `needs.${position}.id`,
        message: `duplicates the id of need ${first} ("${needId}"); each need of an enterprise needs its own id`,
      })
  })
  throwIfIssues('planWeek', 'enterprise', issues)
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
