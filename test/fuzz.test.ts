// Hostile input at the public API, bounded (fixed seed, small sizes). For every public call:
// - valid input, from generators of valid records, needs and options, is accepted and answered, and the
//   answer is checked (counts, references, quotas);
// - hostile input (a valid skeleton with one to three hostile mutations, or any value at all) is answered
//   or refused with a DuijieError whose message names the record, and whose issues each name a field that
//   exists in the input (or a field of the record's kind that is missing from it);
// - a refused call changes nothing: the stats and a fixed set of match results are identical;
// - no call takes longer than a bound that grows with the size of its input.
import { types } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DuijieError, type Enterprise, Matcher, type Member, type WeekInput, assign, planWeek } from '../src/index.js'

const MAX_TEXT = 300
const UNIVERSITIES = [
  { id: 'just', name: '江苏科技大学', aliases: ['江科大'], description: '船舶与海洋工程、焊接技术' },
  { id: 'cslg', name: '常熟理工学院', description: '光伏与储能' },
]
const EXPERTS = [
  { id: 'weld', name: '甲', universityId: 'just', specialties: ['船舶焊接', '焊接机器人'] },
  { id: 'cell', name: '乙', universityId: 'cslg', specialties: ['储能电池'], description: '电池管理系统' },
  { id: 'solo', name: '丙', universityId: 'cslg', specialties: ['光伏组件'] },
]
const PROGRAMMES = [{ id: 'p1', universityId: 'just', name: '焊接技术与工程', degree: 'bachelor' as const }]
const INVESTORS = [
  { id: 'v1', name: '储能基金', type: 'industry-fund' as const, focus: ['储能'], ticket: { min: 100, max: 5000 } },
]
const DOCUMENTS = [
  { id: 'd1', kind: 'patent' as const, title: '一种船体分段焊接机器人', year: 2023, expertIds: ['weld'] },
]
const PROBES = ['船舶焊接', { kind: 'technology' as const, text: '储能电池管理' }, '焊接机器人', '光伏']

function base(): Matcher {
  const m = new Matcher({ maxTextLength: MAX_TEXT, workers: 0 })
    .addUniversities(UNIVERSITIES)
    .addExperts(EXPERTS)
    .addProgrammes(PROGRAMMES)
    .addInvestors(INVESTORS)
    .addDocuments(DOCUMENTS)
  // A counterexample that holds the matcher prints it as this, not as its internals.
  return Object.defineProperty(m, fc.toStringMethod, { value: () => 'base()' })
}
const state = (m: Matcher) => JSON.stringify([m.stats, m.matchAll(PROBES)])

const RUNS = { numRuns: 150, seed: 11 }

// ---------------------------------------------------------------------------------------------------------
// Valid values
// ---------------------------------------------------------------------------------------------------------

const WORDS = [
  '焊接',
  '机器人',
  '船舶',
  '储能',
  '电池',
  '光伏',
  '激光',
  '传感器',
  '缓释制剂',
  '局部放电',
  'PLC',
  '咬𬌗',
]
/** Text the catalogue knows words of, sometimes with invisible characters inside, an emoji or a BOM. */
const validText = fc
  .tuple(
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }),
    fc.constantFrom('', '、', ' ', '\u200B', '\u00AD'),
    fc.constantFrom('', '😀', '\uFEFF', '\u0000'),
  )
  .map(([words, separator, tail]) => words.join(separator) + tail)
/** Ids, including ones named like Object.prototype members and ones with invisible or astral characters. */
const validId = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
  fc.constantFrom('__proto__', 'constructor', 'toString', '编号一', 'a\u200Bb', '𬌗'),
)
const uniqueIds = (n: number, taken: string[] = []) =>
  fc.uniqueArray(
    validId.filter((id) => !taken.includes(id)),
    { minLength: n, maxLength: n },
  )
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined })
/** Drops the keys whose value is undefined: an optional field is absent, not present as undefined. */
const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T

const expertOf = (id: string) =>
  fc
    .record({
      name: validText,
      universityId: fc.constantFrom('just', 'cslg'),
      title: maybe(validText),
      specialties: fc.array(validText, { minLength: 1, maxLength: 3 }),
      description: maybe(validText),
    })
    .map((r) => compact({ id, ...r }))
const universityOf = (id: string) =>
  fc
    .record({
      name: validText,
      aliases: maybe(fc.array(validText, { maxLength: 2 })),
      region: maybe(validText),
      description: maybe(validText),
    })
    .map((r) => compact({ id, ...r }))
const programmeOf = (id: string) =>
  fc
    .record({
      universityId: fc.constantFrom('just', 'cslg'),
      name: validText,
      degree: fc.constantFrom('bachelor' as const, 'master' as const, 'doctorate' as const),
      description: maybe(validText),
      graduatesPerYear: maybe(fc.nat(500)),
    })
    .map((r) => compact({ id, ...r }))
const investorOf = (id: string) =>
  fc
    .record({
      name: validText,
      type: fc.constantFrom('venture-capital' as const, 'bank' as const, 'other' as const),
      focus: fc.array(validText, { minLength: 1, maxLength: 2 }),
      stages: maybe(fc.uniqueArray(fc.constantFrom('seed' as const, 'A' as const, 'growth' as const))),
      ticket: maybe(fc.tuple(fc.nat(1000), fc.nat(1000)).map(([a, b]) => ({ min: Math.min(a, b), max: a + b }))),
    })
    .map((r) => compact({ id, ...r }))
const documentOf = (id: string) =>
  fc
    .record({
      kind: fc.constantFrom('paper' as const, 'patent' as const, 'project' as const),
      title: validText,
      text: maybe(validText),
      year: maybe(fc.integer({ min: 1990, max: 2030 })),
      expertIds: fc.uniqueArray(fc.constantFrom('weld', 'cell', 'solo'), { minLength: 1, maxLength: 2 }),
    })
    .map((r) => compact({ id, ...r }))
const batchOf = <T>(record: (id: string) => fc.Arbitrary<T>, taken: string[]) =>
  fc.integer({ min: 1, max: 3 }).chain((n) => uniqueIds(n, taken).chain((ids) => fc.tuple(...ids.map(record))))

const validNeed = fc.oneof(
  validText,
  fc
    .record({
      id: maybe(validId),
      kind: maybe(fc.constantFrom('technology' as const, 'talent' as const, 'financing' as const, 'problem' as const)),
      title: maybe(validText),
      text: validText,
      region: maybe(fc.constantFrom('常熟', '苏州')),
    })
    .map(compact),
)
const LISTS = ['experts', 'universities', 'programmes', 'investors'] as const
const validMatchOptions = fc
  .record({
    topK: maybe(fc.integer({ min: 1, max: 20 })),
    include: maybe(fc.uniqueArray(fc.constantFrom('weld', 'cell', 'solo'))),
    lists: maybe(fc.uniqueArray(fc.constantFrom(...LISTS), { minLength: 1 })),
  })
  .map(compact)

// ---------------------------------------------------------------------------------------------------------
// Hostile values and mutations of valid skeletons
// ---------------------------------------------------------------------------------------------------------

// Both print themselves for fast-check's report (fc.toStringMethod), and throw on every other read.
const throwingGetter = () =>
  Object.defineProperties(
    {},
    {
      id: {
        enumerable: true,
        get() {
          throw new Error('getter throws')
        },
      },
      [fc.toStringMethod]: { value: () => 'throwingGetter()' },
    },
  )
const throwingProxy = () =>
  new Proxy(
    {},
    {
      has: (_, key) => key === fc.toStringMethod,
      get(_, key) {
        if (key === fc.toStringMethod) return () => 'throwingProxy()'
        throw new Error('proxy trap throws')
      },
      ownKeys() {
        throw new Error('proxy trap throws')
      },
    },
  )
const HOSTILE: unknown[] = [
  undefined,
  null,
  '',
  ' ',
  '\u200B\u200D',
  '\u00AD',
  '\u0000',
  '\uFEFF',
  '\uD800',
  'x'.repeat(MAX_TEXT + 1),
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  -1,
  2.5,
  1e300,
  2 ** 53,
  0,
  true,
  10n,
  Symbol('s'),
  new String('焊接'),
  new Number(1),
  [],
  {},
  () => 1,
  new Map([['a', 1]]),
  new Set(['a']),
  new Date(0),
  Object.create(null),
]
const anyValue = fc.anything({ withBigInt: true, withNullPrototype: true, withMap: true, withSet: true, maxDepth: 3 })
const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.constant(null).map(throwingGetter) },
  { weight: 1, arbitrary: fc.constant(null).map(throwingProxy) },
  { weight: 2, arbitrary: anyValue },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
)
/** Values a field might validly hold, so that a mutated skeleton is sometimes still valid. */
const plausible = fc.oneof(
  fc.constantFrom('just', 'cslg', 'weld', 'cell', 'm0', 'm1', 'e0', 'e1', '2026-11-29', '2026-11-29T09:30+08:00'),
  fc.integer({ min: 0, max: 3 }),
  fc.boolean(),
  validText,
  validId,
)

type Path = Array<string | number>
const isPlain = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !types.isProxy(value) &&
  Object.getPrototypeOf(value) === Object.prototype

/** Every path into the plain objects and arrays of `value`, the value itself (`[]`) first. */
function pathsOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at)
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out))
  else if (isPlain(value)) for (const k of Object.keys(value)) pathsOf(value[k], [...at, k], out)
  return out
}
/** A deep copy of plain objects and arrays; anything else (a Matcher) is shared. */
function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T
  if (isPlain(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T
  return value
}
function deepFreeze<T>(value: T): T {
  if (Array.isArray(value) || isPlain(value)) {
    // Data properties only: a hostile getter is frozen as it is, never run.
    for (const d of Object.values(Object.getOwnPropertyDescriptors(value))) if ('value' in d) deepFreeze(d.value)
    Object.freeze(value)
  }
  return value
}

const OPS = ['replace', 'replace', 'replace', 'delete', 'typo', 'hole', 'duplicate', 'freeze'] as const
interface Mutation {
  op: (typeof OPS)[number]
  path: Path
  value: unknown
  variant: number
}
const typo = (key: string, variant: number) =>
  [key.slice(0, -1) || `${key}x`, key.toLowerCase() === key ? `${key}s` : key.toLowerCase(), `${key}_`][variant]!

/** Applies `m` to `root` (a clone, changed in place) and returns the new root. */
function mutate(root: unknown, m: Mutation): unknown {
  try {
    return mutateAt(root, m)
  } catch {
    // The path runs through a hostile getter an earlier mutation put there: leave it.
    return root
  }
}
function mutateAt(root: unknown, m: Mutation): unknown {
  if (m.path.length === 0) return m.op === 'replace' ? m.value : m.op === 'freeze' ? deepFreeze(root) : root
  let parent: unknown = root
  for (const step of m.path.slice(0, -1)) {
    if (!Array.isArray(parent) && !isPlain(parent)) return root
    parent = (parent as Record<string | number, unknown>)[step]
  }
  if ((!Array.isArray(parent) && !isPlain(parent)) || Object.isFrozen(parent)) return root
  const key = m.path[m.path.length - 1]!
  const record = parent as Record<string | number, unknown>
  if (!Object.hasOwn(record, key)) return root
  // defineProperty, not `=`: a key `__proto__` is an own key like any other.
  const set = (k: string | number, value: unknown) =>
    Object.defineProperty(record, k, { value, writable: true, enumerable: true, configurable: true })
  if (m.op === 'replace') set(key, m.value)
  else if (m.op === 'delete' && !Array.isArray(parent)) delete record[key]
  else if (m.op === 'typo' && !Array.isArray(parent)) {
    set(typo(String(key), m.variant), record[key])
    delete record[key]
  } else if (m.op === 'hole' && Array.isArray(parent)) delete record[key]
  else if (m.op === 'duplicate' && Array.isArray(parent)) parent.push(clone(parent[Number(key)]))
  else if (m.op === 'freeze') deepFreeze(record[key])
  return root
}
/** `skeleton` with one to three hostile mutations. */
const mutated = <T>(skeleton: fc.Arbitrary<T>) =>
  skeleton.chain((valid) =>
    fc
      .array(
        fc.record({
          op: fc.constantFrom(...OPS),
          path: fc.constantFrom(...pathsOf(valid)),
          value: fc.oneof(hostile, plausible),
          variant: fc.nat(2),
        }),
        { minLength: 1, maxLength: 3 },
      )
      .map((mutations) => {
        const root = mutations.reduce(mutate, clone(valid) as unknown)
        // The misspelt keys still in the result, for calls that must refuse every unknown key.
        const typos = mutations.flatMap((m) =>
          m.op === 'typo' && m.path.length > 0
            ? [[...m.path.slice(0, -1), typo(String(m.path[m.path.length - 1]), m.variant)]]
            : [],
        )
        const live = typos.filter(
          (path) => path.reduce<unknown>((at, step) => childOf(at, String(step)), root) !== MISSING,
        )
        if (live.length > 0 && typeof root === 'object' && root !== null) typosOf.set(root, live)
        return root
      }),
  )
/** Inputs that `mutated` gave a misspelt key, and where. */
const typosOf = new WeakMap<object, Path[]>()
/** The misspelt keys of `input` outside the parts of it whose keys are data (`needs`, assign's names). */
const typosIn = (input: unknown, data: readonly string[]) =>
  typeof input === 'object' && input !== null
    ? (typosOf.get(input) ?? []).filter((path) => !path.slice(0, -1).some((step) => data.includes(String(step))))
    : []

// ---------------------------------------------------------------------------------------------------------
// The invariants of a call
// ---------------------------------------------------------------------------------------------------------

/** Fields a refusal may name although the input lacks them: the record's kind has them, the input left them out. */
const KNOWN_FIELDS = new Set(
  [
    'id name universityId aliases region description title specialties type focus stages ticket min max regions',
    'degree graduatesPerYear kind text year expertIds matcher members enterprises history conflicts needs',
    'expertsPerVisit expertCapacity expertId newVisits revisits active memberId enterpriseId date',
    'scores capacity demand minScore person item score',
  ]
    .join(' ')
    .split(' '),
)
/** Fields that name the value itself: the batch, the record, the input, the id of a removal. */
const ROOT_FIELDS = new Set(['(batch)', '(record)', '(input)', '(id)'])
const MISSING = Symbol('missing')

function childOf(container: unknown, step: string): unknown {
  try {
    if (Array.isArray(container)) {
      const i = Number(step)
      return Number.isInteger(i) && i >= 0 && i < container.length ? container[i] : MISSING
    }
    if (typeof container === 'object' && container !== null && Object.hasOwn(container, step))
      return (container as Record<string, unknown>)[step]
  } catch {
    // A getter or Proxy that throws: nothing can be found in it.
  }
  return MISSING
}

/**
 * Whether `field` (a dotted path, ending in `a, b` for unknown keys) names a place in `at`, or a field its
 * record lacks. A key may hold a dot or a comma itself, so every way of reading the path is tried.
 */
function names(at: unknown, field: string): boolean {
  if (field === '(record)') return true
  // A need given as a string is its text.
  if (typeof at === 'string' && field === 'text') return true
  if (listsKeys(at, field)) return true
  for (let dot = field.indexOf('.'); dot !== -1; dot = field.indexOf('.', dot + 1)) {
    const child = childOf(at, field.slice(0, dot))
    if (child !== MISSING && names(child, field.slice(dot + 1))) return true
  }
  return false
}
/** `keys` is one key of `at` (or a known field it lacks), or several joined by `, `. */
function listsKeys(at: unknown, keys: string): boolean {
  if (childOf(at, keys) !== MISSING || KNOWN_FIELDS.has(keys)) return true
  for (let comma = keys.indexOf(', '); comma !== -1; comma = keys.indexOf(', ', comma + 1))
    if (childOf(at, keys.slice(0, comma)) !== MISSING && listsKeys(at, keys.slice(comma + 2))) return true
  return false
}
function expectFieldIn(root: unknown, field: string, message: string): void {
  if (ROOT_FIELDS.has(field)) return
  expect(names(root, field), `${message}: field "${field}" is not in the input`).toBe(true)
}

/** What a call's messages name (`need`, `member` …) → the argument it is about; `indexed` when issues index into it. */
type Subjects = Record<string, { value: unknown; indexed?: boolean }>

/** How big an input is, for its time bound: characters, elements and keys. Never throws. */
function sizeOf(value: unknown, seen = new Set<unknown>(), depth = 0): number {
  if (typeof value === 'string') return value.length
  if (typeof value !== 'object' || value === null || value instanceof Matcher || seen.has(value) || depth > 8) return 1
  seen.add(value)
  try {
    let size = 1
    for (const key of Reflect.ownKeys(value))
      size += 1 + sizeOf((value as Record<PropertyKey, unknown>)[key], seen, depth + 1)
    return size
  } catch {
    return 1
  }
}
/** The longest any call may take: a base for the call, plus a little for every character and element. */
const boundMs = (input: unknown) => 1500 + 0.05 * sizeOf(input)

/** zod's default messages ("Invalid input: expected int, received number", "Too small: expected …"). */
const ZOD_ENGLISH =
  /Invalid (input|option|key|element)|Too (small|big)|expected (int|number|string|object|array)|received|Unrecognized key/

const outcomes = { answered: 0, refused: 0 }
/**
 * Runs `call` named `context`. An answer is passed to `check`; a refusal must be a DuijieError for
 * `context` naming one of `subjects` and fields in it, and must leave `m` as it was. A read-only call
 * leaves `m` as it was even when it answers.
 */
function answersOrRefuses<R>(spec: {
  context: string
  subjects: Subjects
  run: () => R
  m?: Matcher
  readOnly?: boolean
  check?: (result: R) => void
}): 'answered' | 'refused' {
  const { context, subjects, m } = spec
  const before = m && state(m)
  const started = performance.now()
  let result: R
  let outcome: 'answered' | 'refused'
  try {
    result = spec.run()
    outcome = 'answered'
  } catch (error) {
    outcome = 'refused'
    expect(error, String(error)).toBeInstanceOf(DuijieError)
    const e = error as DuijieError
    const prefix = `duijie: ${context}: `
    expect(e.message.startsWith(prefix), e.message).toBe(true)
    expect(e.code, e.message).toBe('INPUT')
    const rest = e.message.slice(prefix.length)
    const noun = Object.keys(subjects)
      .filter((n) => rest.startsWith(n) && /^[ :]/.test(rest.slice(n.length)))
      .sort((a, b) => b.length - a.length)[0]
    expect(noun, `${e.message} names none of ${Object.keys(subjects).join(', ')}`).toBeDefined()
    const subject = subjects[noun!]!
    // Every message is in the project's words: none of zod's stock English.
    expect(e.message).not.toMatch(ZOD_ENGLISH)
    for (const issue of e.issues) {
      const root =
        subject.indexed && issue.index !== undefined ? childOf(subject.value, String(issue.index)) : subject.value
      expect(root === MISSING, `${e.message}: no record at index ${issue.index}`).toBe(false)
      expectFieldIn(root, issue.field, e.message)
    }
    if (m) expect(state(m), `${e.message} changed the matcher`).toBe(before)
  }
  const elapsed = performance.now() - started
  expect(elapsed, `${context} took ${elapsed.toFixed(0)} ms`).toBeLessThan(boundMs(spec.subjects))
  if (outcome === 'answered') {
    spec.check?.(result!)
    if (m && spec.readOnly) expect(state(m), `${context} answered and changed the matcher`).toBe(before)
  }
  outcomes[outcome]++
  return outcome
}

/** Runs a property and expects both outcomes among its runs: a fuzz that only ever refuses checks little. */
function assertBoth<Ts extends [unknown, ...unknown[]]>(property: fc.IPropertyWithHooks<Ts>, runs = RUNS): void {
  outcomes.answered = 0
  outcomes.refused = 0
  fc.assert(property, runs)
  expect(outcomes.answered, 'no run was answered').toBeGreaterThan(0)
  expect(outcomes.refused, 'no run was refused').toBeGreaterThan(0)
}

/** Reads `key` of a value the call accepted (so it reads through). */
const read = <T>(value: unknown, key: string): T => (value as Record<string, T>)[key]!
/** `key` of options that may be anything, or undefined. */
const option = <T>(options: unknown, key: string): T | undefined => {
  const value = childOf(options, key)
  return value === MISSING ? undefined : (value as T)
}

// ---------------------------------------------------------------------------------------------------------
// Checks of answers
// ---------------------------------------------------------------------------------------------------------

function checkMatch(m: Matcher, r: ReturnType<Matcher['match']>, topK = 10, include: readonly string[] = []): void {
  for (const list of ['experts', 'universities', 'programmes', 'investors', 'notes'] as const)
    expect(Array.isArray(r[list])).toBe(true)
  expect(r.experts.length).toBeLessThanOrEqual(topK + include.length)
  for (const e of r.experts) {
    expect(m.hasExpert(e.id)).toBe(true)
    expect(Number.isFinite(e.score)).toBe(true)
  }
  for (const u of r.universities) expect(m.hasUniversity(u.id)).toBe(true)
}

function checkAssign(input: unknown, r: ReturnType<typeof assign>): void {
  const scores = read<Array<{ person: string; item: string; score: number }>>(input, 'scores')
  const capacity = read<Record<string, number>>(input, 'capacity')
  const demand = read<number | Record<string, number> | undefined>(input, 'demand') ?? 1
  const minScore = read<number | undefined>(input, 'minScore') ?? Number.NEGATIVE_INFINITY
  const conflicts = read<Array<{ person: string; item: string }> | undefined>(input, 'conflicts') ?? []
  const load = new Map<string, number>()
  const filled = new Map<string, number>()
  for (const a of r.assignments) {
    expect(scores).toContainEqual(a)
    expect(a.score).toBeGreaterThanOrEqual(minScore)
    expect(conflicts.some((c) => c.person === a.person && c.item === a.item)).toBe(false)
    load.set(a.person, (load.get(a.person) ?? 0) + 1)
    filled.set(a.item, (filled.get(a.item) ?? 0) + 1)
  }
  for (const [person, n] of load)
    expect(n).toBeLessThanOrEqual(Object.getOwnPropertyDescriptor(capacity, person)!.value)
  const demandOf = (item: string) =>
    typeof demand === 'number' ? demand : (Object.getOwnPropertyDescriptor(demand, item)?.value ?? 1)
  for (const [item, n] of filled) expect(n).toBeLessThanOrEqual(demandOf(item))
  for (const u of r.unassigned) expect(filled.get(u.item) ?? 0).toBeLessThan(demandOf(u.item))
}

function checkPlan(input: WeekInput, plan: ReturnType<typeof planWeek>): void {
  const members = input.members
  const enterprises = new Set(input.enterprises.map((e) => e.id))
  const active = new Map(members.filter((m) => m.active !== false).map((m) => [m.id, m]))
  const conflicts = input.conflicts ?? []
  const seen = new Set<string>()
  const quota = new Map<string, number>()
  const expertLoad = new Map<string, number>()
  for (const v of plan.visits) {
    expect(active.has(v.memberId), `visit by ${v.memberId}, who is not an active member`).toBe(true)
    expect(enterprises.has(v.enterpriseId)).toBe(true)
    expect(new Set(v.needIds).size, `need ids ${v.needIds.join(', ')} of one visit`).toBe(v.needIds.length)
    expect(seen.has(v.enterpriseId), `two visits to ${v.enterpriseId}`).toBe(false)
    seen.add(v.enterpriseId)
    expect(conflicts.some((c) => c.memberId === v.memberId && c.enterpriseId === v.enterpriseId)).toBe(false)
    const slot = JSON.stringify([v.memberId, v.type])
    quota.set(slot, (quota.get(slot) ?? 0) + 1)
    expect(v.experts.length).toBeLessThanOrEqual(input.expertsPerVisit ?? 1)
    for (const e of v.experts) {
      expect(conflicts.some((c) => c.expertId === e && c.enterpriseId === v.enterpriseId)).toBe(false)
      expertLoad.set(e, (expertLoad.get(e) ?? 0) + 1)
    }
  }
  for (const [slot, n] of quota) {
    const [id, type] = JSON.parse(slot) as [string, 'new' | 'revisit']
    const member = active.get(id)!
    expect(n).toBeLessThanOrEqual(type === 'new' ? (member.newVisits ?? 3) : (member.revisits ?? 2))
  }
  for (const n of expertLoad.values()) expect(n).toBeLessThanOrEqual(input.expertCapacity ?? 2)
  for (const id of enterprises)
    expect(
      seen.has(id) || plan.uncovered.some((u) => u.enterpriseId === id),
      `${id} neither visited nor uncovered`,
    ).toBe(true)
  for (const h of plan.handovers) expect(seen.has(h.enterpriseId)).toBe(true)
}

// ---------------------------------------------------------------------------------------------------------
// planWeek and assign skeletons
// ---------------------------------------------------------------------------------------------------------

const weekSkeleton = (matcher: Matcher) =>
  fc
    .record({
      members: fc.integer({ min: 1, max: 3 }).chain((n) =>
        fc.tuple(
          ...Array.from({ length: n }, (_, i) =>
            fc
              .record({
                name: validText,
                universityId: fc.constantFrom('just', 'cslg'),
                expertId: maybe(fc.constantFrom('weld', 'cell', 'solo')),
                newVisits: maybe(fc.nat(3)),
                revisits: maybe(fc.nat(2)),
                active: maybe(fc.boolean()),
              })
              .map((r) => compact({ id: `m${i}`, ...r }) as Member),
          ),
        ),
      ),
      enterprises: fc.integer({ min: 1, max: 3 }).chain((n) =>
        fc.tuple(
          ...Array.from({ length: n }, (_, i) =>
            fc
              .array(validNeed, { minLength: 1, maxLength: 2 })
              // Every need given as an object has an id, unique within its enterprise.
              .map((needs) => needs.map((need, j) => (typeof need === 'object' ? { ...need, id: `n${j}` } : need)))
              .map((needs) => ({ id: `e${i}`, name: `企业${i}`, needs }) as Enterprise),
          ),
        ),
      ),
      dates: fc.array(fc.constantFrom('2026-11-01', '2026-11-29T09:30+08:00', '2026-11-28T20:00Z'), { maxLength: 2 }),
      conflict: fc.boolean(),
      expertsPerVisit: maybe(fc.nat(2)),
      expertCapacity: maybe(fc.nat(3)),
    })
    .map(
      ({ members, enterprises, dates, conflict, ...counts }) =>
        compact({
          matcher,
          members,
          enterprises,
          history: dates.map((date, i) => ({
            memberId: members[i % members.length]!.id,
            enterpriseId: enterprises[i % enterprises.length]!.id,
            date,
          })),
          conflicts: conflict ? [{ memberId: members[0]!.id, expertId: 'cell', enterpriseId: enterprises[0]!.id }] : [],
          ...counts,
        }) as WeekInput,
    )
/** `input` with the first enterprise's first need listed twice: its id, if it has one, repeats. */
function withRepeatedNeed(input: WeekInput): WeekInput {
  const [first, ...rest] = input.enterprises
  return { ...input, enterprises: [{ ...first!, needs: [...first!.needs, first!.needs[0]!] }, ...rest] }
}
const weekSubjects = (input: unknown): Subjects => ({
  input: { value: input },
  member: { value: childOf(input, 'members'), indexed: true },
  enterprise: { value: childOf(input, 'enterprises'), indexed: true },
  'history entry': { value: childOf(input, 'history'), indexed: true },
  conflict: { value: childOf(input, 'conflicts'), indexed: true },
})

const assignSkeleton = fc
  .record({
    pairs: fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', '__proto__'), fc.constantFrom('x', 'y', 'constructor')), {
      maxLength: 6,
      selector: ([p, i]) => `${p}/${i}`,
    }),
    score: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -3, max: 3 })),
    capacity: fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2)),
    demand: maybe(fc.oneof(fc.nat(2), fc.constant({ x: 2, constructor: 1 }))),
    minScore: maybe(fc.integer({ min: -1, max: 1 })),
    conflict: fc.boolean(),
  })
  .map(({ pairs, score, capacity, demand, minScore, conflict }) =>
    compact({
      scores: pairs.map(([person, item], k) => ({ person, item, score: k % 2 === 0 ? score : k / 4 })),
      capacity: JSON.parse(`{"a": ${capacity[0]}, "b": ${capacity[1]}, "__proto__": ${capacity[2]}}`) as Record<
        string,
        number
      >,
      demand,
      minScore,
      conflicts: conflict && pairs.length > 0 ? [{ person: pairs[0]![0], item: pairs[0]![1] }] : undefined,
    }),
  )

// ---------------------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------------------

describe('fuzz: valid input is accepted and answered', () => {
  it('add… batches of valid records are added whole', () => {
    const taken = ['just', 'cslg', 'weld', 'cell', 'solo', 'p1', 'v1', 'd1']
    fc.assert(
      fc.property(
        batchOf(universityOf, taken),
        batchOf(expertOf, taken),
        batchOf(programmeOf, taken),
        batchOf(investorOf, taken),
        batchOf(documentOf, taken),
        (universities, experts, programmes, investors, documents) => {
          const m = base()
          const before = m.stats
          m.addUniversities(universities)
            .addExperts(experts)
            .addProgrammes(programmes)
            .addInvestors(investors)
            .addDocuments(documents)
          expect(m.stats).toMatchObject({
            universities: before.universities + universities.length,
            experts: before.experts + experts.length,
            programmes: before.programmes + programmes.length,
            investors: before.investors + investors.length,
            documents: before.documents + documents.length,
          })
          for (const e of experts) {
            expect(m.hasExpert(e.id)).toBe(true)
            // An expert is found by its own specialty.
            const found = m.match(e.specialties[0]!, { topK: 50, lists: ['experts'] }).experts
            expect(found.map((x) => x.id)).toContain(e.id)
          }
        },
      ),
      { ...RUNS, numRuns: 100 },
    )
  })

  it('updates and removals of held records are applied', () => {
    fc.assert(
      fc.property(expertOf('cell'), fc.subarray(['solo', 'cell', 'p1', 'v1', 'd1']), (update, removed) => {
        const m = base().updateExperts([update])
        expect(m.match(update.specialties[0]!, { topK: 50 }).experts.map((e) => e.id)).toContain('cell')
        const experts = removed.filter((id) => id === 'solo' || id === 'cell')
        m.removeDocuments(removed.filter((id) => id === 'd1'))
          .removeInvestors(removed.filter((id) => id === 'v1'))
          .removeProgrammes(removed.filter((id) => id === 'p1'))
          .removeExperts(experts)
        for (const id of experts) expect(m.hasExpert(id)).toBe(false)
        expect(m.stats.experts).toBe(EXPERTS.length - experts.length)
      }),
      { ...RUNS, numRuns: 100 },
    )
  })

  it('valid needs and options are answered by match, matchAll, gaps, card(s), findUniversities and addWords', () => {
    const m = base()
    fc.assert(
      fc.property(
        fc.array(validNeed, { minLength: 1, maxLength: 3 }),
        validMatchOptions,
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (needs, options, topK, minScore) => {
          const before = state(m)
          checkMatch(m, m.match(needs[0]!, options), options.topK, options.include)
          let progress = 0
          const all = m.matchAll(needs, { ...options, onProgress: () => progress++ })
          expect(all).toHaveLength(needs.length)
          expect(progress).toBe(needs.length)
          const gaps = m.gaps(needs, { minScore })
          expect(Array.isArray(gaps.needs) && Array.isArray(gaps.terms)).toBe(true)
          expect(m.card('just', { topK }).terms.length).toBeLessThanOrEqual(topK)
          expect(m.cards({ topK }).map((c) => c.id)).toEqual(['just', 'cslg'])
          expect(m.findUniversities('江科大', { limit: topK })[0]!.id).toBe('just')
          expect(state(m)).toBe(before)
          const words = new Matcher({ workers: 0 }).addWords(needs.map((n) => (typeof n === 'string' ? n : n.text)))
          expect(words).toBeLessThanOrEqual(needs.length)
        },
      ),
      { ...RUNS, numRuns: 100 },
    )
  })

  it('valid week inputs are planned within every quota', () => {
    const m = base()
    fc.assert(
      fc.property(weekSkeleton(m), (input) => {
        const before = state(m)
        checkPlan(input, planWeek(input))
        expect(state(m)).toBe(before)
      }),
      { ...RUNS, numRuns: 100 },
    )
  })

  it('valid assignment instances are answered within every constraint', () => {
    fc.assert(
      fc.property(assignSkeleton, (input) => checkAssign(input, assign(input))),
      RUNS,
    )
  })
})

describe('fuzz: hostile input is answered or refused, naming a field of the input, and changes nothing', () => {
  it('add… batches: valid skeletons with hostile mutations, and any value', () => {
    const taken = ['just', 'cslg', 'weld', 'cell', 'solo', 'p1', 'v1', 'd1']
    const kinds = [
      ['addUniversities', 'university', 'universities', batchOf(universityOf, taken)],
      ['addExperts', 'expert', 'experts', batchOf(expertOf, taken)],
      ['addProgrammes', 'programme', 'programmes', batchOf(programmeOf, taken)],
      ['addInvestors', 'investor', 'investors', batchOf(investorOf, taken)],
      ['addDocuments', 'document', 'documents', batchOf(documentOf, taken)],
    ] as const
    for (const [method, noun, count, batch] of kinds) {
      assertBoth(
        fc.property(
          fc.oneof(
            { weight: 4, arbitrary: mutated(batch as fc.Arbitrary<unknown>) },
            { weight: 1, arbitrary: anyValue },
          ),
          (records) => {
            const m = base()
            const before = m.stats
            answersOrRefuses({
              context: method,
              subjects: { [noun]: { value: records, indexed: true } },
              m,
              run: () => (m[method] as (r: unknown) => Matcher).call(m, records),
              // Every record of an accepted batch is added.
              check: () => expect(m.stats[count]).toBe(before[count] + (records as unknown[]).length),
            })
          },
        ),
        { ...RUNS, numRuns: 80 },
      )
    }
  })

  it('update… and remove…: hostile records and ids', () => {
    const ids = fc.oneof(
      fc.array(fc.oneof(fc.constantFrom('weld', 'cell', 'solo', 'just', 'p1', 'v1', 'd1', 'nope'), hostile), {
        maxLength: 3,
      }),
      anyValue,
    )
    const kinds = [
      ['Experts', 'expert', 'cell', expertOf],
      ['Universities', 'university', 'cslg', universityOf],
      ['Programmes', 'programme', 'p1', programmeOf],
      ['Investors', 'investor', 'v1', investorOf],
      ['Documents', 'document', 'd1', documentOf],
    ] as const
    for (const [kind, noun, id, record] of kinds) {
      assertBoth(
        fc.property(mutated(record(id).map((r) => [r])), ids, (updates, removals) => {
          const m = base()
          answersOrRefuses({
            context: `update${kind}`,
            subjects: { [noun]: { value: updates, indexed: true } },
            m,
            run: () => (m[`update${kind}`] as (r: unknown) => Matcher).call(m, updates),
          })
          answersOrRefuses({
            context: `remove${kind}`,
            subjects: { [`${noun} id`]: { value: removals, indexed: true } },
            m,
            run: () => (m[`remove${kind}`] as (r: unknown) => Matcher).call(m, removals),
          })
        }),
        { ...RUNS, numRuns: 80 },
      )
    }
  })

  it('match and matchAll: hostile needs and options', () => {
    const m = base()
    const need = fc.oneof({ weight: 2, arbitrary: validNeed }, { weight: 2, arbitrary: mutated(validNeed) }, hostile)
    const options = fc.oneof(
      { weight: 2, arbitrary: validMatchOptions },
      { weight: 2, arbitrary: mutated(validMatchOptions) },
      hostile,
      fc.constant({ onProgress: 5 }),
      fc.constant({ topk: 3 }),
    )
    assertBoth(
      fc.property(need, options, fc.array(need, { maxLength: 3 }), (n, o, batch) => {
        answersOrRefuses({
          context: 'match',
          subjects: { need: { value: n }, options: { value: o } },
          m,
          readOnly: true,
          run: () => m.match(n as never, o as never),
          check: (r) => checkMatch(m, r, option(o, 'topK'), option(o, 'include')),
        })
        answersOrRefuses({
          context: 'matchAll',
          subjects: { need: { value: batch, indexed: true }, options: { value: o } },
          m,
          readOnly: true,
          run: () => m.matchAll(batch as never, o as never),
          check: (r) => expect(r).toHaveLength(batch.length),
        })
      }),
    )
  })

  it('gaps, card, cards, findUniversities and addWords: hostile arguments and options', () => {
    const m = base()
    const needs = fc.oneof(
      { weight: 3, arbitrary: fc.array(fc.oneof({ weight: 3, arbitrary: validNeed }, hostile), { maxLength: 3 }) },
      hostile,
    )
    const valid = fc.record({
      minScore: fc.double({ min: 0, max: 1, noNaN: true }),
      topK: fc.integer({ min: 1, max: 20 }),
      limit: fc.integer({ min: 1, max: 5 }),
    })
    const options = fc.oneof({ weight: 2, arbitrary: valid }, { weight: 2, arbitrary: mutated(valid) }, hostile)
    /** Only `key` of options `o`, when it has one to read; otherwise `o` itself. */
    const pick = (o: unknown, key: string) => {
      const value = childOf(o, key)
      return value === MISSING || types.isProxy(o) ? o : { [key]: value }
    }
    assertBoth(
      fc.property(needs, options, fc.oneof(fc.constantFrom('just', 'cslg', 'nope', '江科大'), hostile), (ns, o, id) => {
        answersOrRefuses({
          context: 'gaps',
          subjects: { need: { value: ns, indexed: true }, options: { value: pick(o, 'minScore') } },
          m,
          readOnly: true,
          run: () => m.gaps(ns as never, pick(o, 'minScore') as never),
        })
        answersOrRefuses({
          context: 'card',
          // An unknown id is the argument's own field, "universityId".
          subjects: { universityId: { value: { universityId: id } }, options: { value: pick(o, 'topK') } },
          m,
          readOnly: true,
          run: () => m.card(id as never, pick(o, 'topK') as never),
        })
        answersOrRefuses({
          context: 'cards',
          subjects: { options: { value: pick(o, 'topK') } },
          m,
          readOnly: true,
          run: () => m.cards(pick(o, 'topK') as never),
        })
        answersOrRefuses({
          context: 'findUniversities',
          subjects: { query: { value: id }, options: { value: pick(o, 'limit') } },
          m,
          readOnly: true,
          run: () => m.findUniversities(id as never, pick(o, 'limit') as never),
          check: (found) => expect(Array.isArray(found)).toBe(true),
        })
        const fresh = base()
        answersOrRefuses({
          context: 'addWords',
          subjects: { words: { value: ns } },
          m: fresh,
          run: () => fresh.addWords(ns as never),
          check: (added) => expect(Number.isInteger(added)).toBe(true),
        })
      }),
    )
  })

  it('new Matcher: hostile options', () => {
    const options = fc.record({
      topK: maybe(fc.integer({ min: 1, max: 20 })),
      weighting: maybe(fc.constantFrom('tfidf' as const, 'bm25' as const)),
      fieldWeights: maybe(fc.record({ specialties: fc.nat(5), description: fc.nat(5) })),
      bm25: maybe(
        fc.record({ k1: fc.double({ min: 0, max: 3, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }) }),
      ),
      bigrams: maybe(fc.boolean()),
      minNumberLength: maybe(fc.nat(5)),
      stopWords: maybe(fc.record({ add: fc.array(fc.constantFrom('焊接', '需要')) })),
      maxTextLength: maybe(fc.integer({ min: 1, max: 1000 })),
    })
    assertBoth(
      fc.property(fc.oneof(mutated(options.map(compact)), hostile), (o) => {
        answersOrRefuses({
          context: 'new Matcher',
          subjects: { options: { value: o } },
          run: () => new Matcher(o as never),
          check: (fresh) => expect(fresh.stats.experts).toBe(0),
        })
      }),
    )
  })

  it('planWeek: valid week skeletons with hostile mutations', () => {
    const m = base()
    assertBoth(
      fc.property(
        fc.oneof(
          { weight: 6, arbitrary: mutated(weekSkeleton(m)) },
          { weight: 1, arbitrary: weekSkeleton(m).map(withRepeatedNeed) },
          { weight: 1, arbitrary: hostile },
        ),
        (input) => {
          answersOrRefuses({
            context: 'planWeek',
            subjects: weekSubjects(input),
            m,
            readOnly: true,
            run: () => planWeek(input as never),
            check: (plan) => {
              expect(typosIn(input, ['needs']), 'a misspelt key was ignored').toEqual([])
              checkPlan(input as WeekInput, plan)
            },
          })
        },
      ),
      { ...RUNS, numRuns: 400 },
    )
  })

  it('assign: valid instances with hostile mutations', () => {
    const m = base()
    assertBoth(
      fc.property(
        fc.oneof({ weight: 6, arbitrary: mutated(assignSkeleton) }, { weight: 1, arbitrary: hostile }),
        (input) => {
          answersOrRefuses({
            context: 'assign',
            // Entry issues name their field from the input: `scores.3.person`.
            subjects: { input: { value: input }, entry: { value: input } },
            m,
            readOnly: true,
            run: () => assign(input as never),
            check: (r) => {
              expect(typosIn(input, ['capacity', 'demand']), 'a misspelt key was ignored').toEqual([])
              checkAssign(input, r)
            },
          })
        },
      ),
      { ...RUNS, numRuns: 400 },
    )
  })

  it('snapshots: any value given to fromJSON or fromBinary is refused with a snapshot or input error', () => {
    const snapshot = base().toJSON()
    const mangled = fc.oneof(
      anyValue,
      fc.tuple(fc.constantFrom(...Object.keys(snapshot.sections)), anyValue).map(([name, value]) => ({
        ...snapshot,
        sections: { ...snapshot.sections, [name]: value },
      })),
    )
    fc.assert(
      fc.property(mangled, fc.uint8Array({ maxLength: 64 }), (json, bytes) => {
        for (const load of [() => Matcher.fromJSON(json), () => Matcher.fromBinary(bytes)]) {
          const started = performance.now()
          try {
            load()
          } catch (error) {
            expect(error).toBeInstanceOf(DuijieError)
            expect(['INPUT', 'SNAPSHOT_CORRUPT', 'SNAPSHOT_INCOMPATIBLE']).toContain((error as DuijieError).code)
          }
          expect(performance.now() - started).toBeLessThan(boundMs(json))
        }
      }),
      RUNS,
    )
  })
})
