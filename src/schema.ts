import { z } from 'zod'
import { inputError, throwIfIssues, type InputIssue } from './errors.js'
import type { Segmenter } from './text/segmenter.js'

/**
 * The four lists a science-and-technology mayor group keeps for each enterprise.
 *
 * @example
 * ```ts
 * const kind: NeedKind = NEED_KINDS[0] // 'technology'
 * m.match({ kind, text: '需要焊接机器人' })
 * ```
 */
export const NEED_KINDS = Object.freeze(['technology', 'talent', 'financing', 'problem'] as const)
/** One of {@link NEED_KINDS}. */
export type NeedKind = (typeof NEED_KINDS)[number]

/**
 * Kinds of investor: venture capital, industry fund, government guidance fund, bank (科技贷), guarantee
 * company, other.
 *
 * @example
 * ```ts
 * const type: InvestorType = INVESTOR_TYPES[1] // 'industry-fund'
 * ```
 */
export const INVESTOR_TYPES = Object.freeze([
  'venture-capital',
  'industry-fund',
  'guidance-fund',
  'bank',
  'guarantee',
  'other',
] as const)
/** One of {@link INVESTOR_TYPES}. */
export type InvestorType = (typeof INVESTOR_TYPES)[number]

/**
 * Financing stages an investor takes part in, earliest first.
 *
 * @example
 * ```ts
 * const stage: InvestmentStage = INVESTMENT_STAGES[2] // 'A'
 * ```
 */
export const INVESTMENT_STAGES = Object.freeze(['seed', 'angel', 'A', 'B', 'C', 'growth', 'pre-IPO'] as const)
/** One of {@link INVESTMENT_STAGES}. */
export type InvestmentStage = (typeof INVESTMENT_STAGES)[number]

/**
 * Degree levels of a programme.
 *
 * @example
 * ```ts
 * const degree: Degree = DEGREES[1] // 'master'
 * ```
 */
export const DEGREES = Object.freeze(['bachelor', 'master', 'doctorate'] as const)
/** One of {@link DEGREES}. */
export type Degree = (typeof DEGREES)[number]

/**
 * Kinds of document an expert is known by: a paper, a patent, a funded project, or other work.
 *
 * @example
 * ```ts
 * const kind: DocumentKind = DOCUMENT_KINDS[1] // 'patent'
 * ```
 */
export const DOCUMENT_KINDS = Object.freeze(['paper', 'patent', 'project', 'other'] as const)
/** One of {@link DOCUMENT_KINDS}. */
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

/** Years a document may carry: a sanity range, so a typo (20219) is an input error, not a decay to nothing. */
const YEAR_RANGE = { min: 1900, max: 2200 } as const

const MAX_ID_LENGTH = 256

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'an array'
  if (typeof value !== 'object') return `a ${typeof value}`
  const boxed = boxedType(value)
  return boxed ? `a ${boxed} object` : 'an object'
}

/**
 * `String`, `Number` or `Boolean` when `value` is such a wrapper object (`new String('焊接')`), which is not
 * the primitive it wraps. A brand check: it reads no property, so a Proxy's traps are never run.
 */
function boxedType(value: object): string | undefined {
  // Plain objects (every need and record) are no wrappers: the brand checks below throw, which is slow.
  if (hasPlainPrototype(value)) return undefined
  const brands = [
    ['String', String.prototype.valueOf],
    ['Number', Number.prototype.valueOf],
    ['Boolean', Boolean.prototype.valueOf],
  ] as const
  for (const [name, unwrap] of brands) {
    try {
      ;(unwrap as (this: unknown) => unknown).call(value)
      return name
    } catch {
      // Not this wrapper.
    }
  }
  return undefined
}

/** True when `value`'s prototype is `Object.prototype` or null (a Proxy's trap that throws: false). */
function hasPlainPrototype(value: object): boolean {
  try {
    const prototype = Object.getPrototypeOf(value)
    return prototype === Object.prototype || prototype === null
  } catch {
    return false
  }
}

/**
 * An error option that words only a wrong type; other issues of the schema (an unknown key of a strict
 * object) keep the message `voice` gives them, such as its "did you mean".
 */
export const typeError = (message: string) => (issue: { code?: string }) =>
  issue.code === 'invalid_type' ? message : undefined

// The schemas' own messages answer only for the value's type; what they return undefined for (a failed
// check without its own message, an unknown key) falls through to `voice`.
const stringError = (issue: { code?: string; input?: unknown }) =>
  issue.code !== 'invalid_type'
    ? undefined
    : issue.input === undefined
      ? 'is required'
      : `must be a string, got ${typeName(issue.input)}`

/**
 * A text that is not blank: it has a character other than white space and the invisible characters
 * `normalize` drops before segmentation (format characters such as U+200B, U+200D, U+00AD, U+FEFF, and NUL).
 * Text made only of those would be analysed to nothing.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is invisible here too, as in normalize().
const VISIBLE = /[^\s\p{Cf}\u0000]/u
const hasVisible = (s: string) => VISIBLE.test(s)
const blankError = (issue: { input?: unknown }) =>
  typeof issue.input === 'string' && issue.input.trim().length > 0
    ? 'must not be empty: it has only invisible characters (format characters such as U+200B, or NUL)'
    : 'must not be empty'

/** An id or name: a non-empty string of at most 256 characters, not blank (see {@link hasVisible}). */
export function idSchema() {
  return z
    .string({ error: stringError })
    .refine(hasVisible, { error: blankError })
    .refine((s) => s.length <= MAX_ID_LENGTH, { error: `must be at most ${MAX_ID_LENGTH} characters` })
}

function numberError(issue: { code?: string; input?: unknown }): string | undefined {
  if (issue.code !== 'invalid_type') return undefined
  if (issue.input === undefined) return 'is required'
  if (Number.isNaN(issue.input)) return 'must be a number, got NaN'
  return typeof issue.input === 'number' ? 'must be finite' : `must be a number, got ${typeName(issue.input)}`
}

/** A finite number; NaN and infinities are named as such. */
export const finiteNumber = z.number({ error: numberError }).finite({ error: 'must be finite' })

/** An amount of money in 万元: finite and ≥ 0. */
const amountNumber = z
  .number({ error: numberError })
  .finite({ error: 'must be finite' })
  .nonnegative({ error: 'must not be negative' })

/** A whole number ≥ 0: capacities, quotas, demands. */
export const countNumber = z
  .number({ error: numberError })
  .nonnegative({ error: 'must not be negative' })
  // zod's int() also refuses integers beyond 2^53 as "not whole": say which limit it is.
  .max(Number.MAX_SAFE_INTEGER, { error: 'must be at most 9007199254740991 (2^53 − 1)', abort: true })
  .int({ error: 'must be a whole number' })

function textSchema(maxLength: number) {
  return z
    .string({ error: stringError })
    .refine(hasVisible, { error: blankError })
    .refine((s) => s.length <= maxLength, {
      error: (issue) => `is ${String(issue.input).length} characters; the limit is ${maxLength} (option maxTextLength)`,
    })
}

const STRING_OBJECT = 'a String object (which is not a string: pass the string it holds)'

/** Builds the record schemas for a given text-length limit. */
export function recordSchemas(maxTextLength: number) {
  const text = textSchema(maxTextLength)
  const university = z.object({
    id: idSchema(),
    name: text,
    aliases: z.array(text, { error: 'must be an array of strings' }).optional(),
    region: text.optional(),
    description: text.optional(),
  })
  const expert = z
    .object({
      id: idSchema(),
      name: text,
      universityId: idSchema(),
      title: text.optional(),
      specialties: z.array(text, { error: 'must be an array of strings' }).optional(),
      description: text.optional(),
    })
    .refine((e) => (e.specialties?.length ?? 0) > 0 || e.description !== undefined, {
      error: 'has no specialties and no description: nothing to build a profile from',
      path: ['specialties'],
    })
  const texts = z.array(text, { error: 'must be an array of strings' })
  const investor = z.object({
    id: idSchema(),
    name: text,
    type: z.enum(INVESTOR_TYPES, { error: `must be one of ${INVESTOR_TYPES.join(', ')}` }),
    focus: texts.min(1, { error: 'must name at least one industry or technology' }),
    stages: z.array(z.enum(INVESTMENT_STAGES, { error: `must be one of ${INVESTMENT_STAGES.join(', ')}` })).optional(),
    ticket: z
      .object({ min: amountNumber, max: amountNumber }, { error: typeError('must be { min, max } in 万元') })
      .strict()
      .refine((t) => t.min <= t.max, { error: 'min must not exceed max', path: ['max'] })
      .optional(),
    regions: texts.optional(),
    description: text.optional(),
  })
  const programme = z.object({
    id: idSchema(),
    universityId: idSchema(),
    name: text,
    degree: z.enum(DEGREES, { error: `must be one of ${DEGREES.join(', ')}` }),
    description: text.optional(),
    graduatesPerYear: countNumber.optional(),
  })
  // A plain string is a need's text. A String object is not a string, nor an object with a text.
  const need = z.preprocess(
    (value, ctx) => {
      if (typeof value === 'string') return { text: value }
      if (typeof value === 'object' && value !== null && boxedType(value) === 'String') {
        ctx.addIssue({ code: 'custom', message: `must be a string or an object { text, … }, got ${STRING_OBJECT}` })
        return z.NEVER
      }
      return value
    },
    z.object({
      id: idSchema().optional(),
      kind: z.enum(NEED_KINDS, { error: `must be one of ${NEED_KINDS.join(', ')}` }).optional(),
      title: text.optional(),
      text,
      region: text.optional(),
    }),
  )
  const document = z.object({
    id: idSchema(),
    kind: z.enum(DOCUMENT_KINDS, { error: `must be one of ${DOCUMENT_KINDS.join(', ')}` }),
    title: text,
    text: text.optional(),
    year: z
      .number({ error: numberError })
      .int({ error: 'must be a whole number' })
      .min(YEAR_RANGE.min, { error: `must be a year from ${YEAR_RANGE.min} to ${YEAR_RANGE.max}` })
      .max(YEAR_RANGE.max, { error: `must be a year from ${YEAR_RANGE.min} to ${YEAR_RANGE.max}` })
      .optional(),
    expertIds: z
      .array(idSchema(), { error: 'must be an array of expert ids' })
      .min(1, { error: 'must name at least one expert' })
      .refine((ids) => new Set(ids).size === ids.length, { error: 'names an expert twice' }),
  })
  return { university, expert, investor, programme, need, document }
}

/** A university or other institution that groups experts. */
export interface UniversityInput {
  /** Unique id. */
  id: string
  name: string
  /** Other names and abbreviations (江科大). */
  aliases?: string[]
  region?: string
  /** Its research strengths in prose; part of its profile. */
  description?: string
}

/** A university expert. `specialties` weigh more than `description` (see `DEFAULTS.fieldWeights`). */
export interface ExpertInput {
  /** Unique id. */
  id: string
  name: string
  /** Id of a university already added. */
  universityId: string
  /** Job title (教授, 高级工程师); not indexed by default. */
  title?: string
  /** Listed research specialties, one phrase each. */
  specialties?: string[]
  /** Free description of research and projects. */
  description?: string
}

/** An enterprise need, one of the four kinds. A plain string is read as `{ text }`. */
export interface NeedObject {
  id?: string
  kind?: NeedKind
  title?: string
  text: string
  /** Where the enterprise is (常熟, 苏州, 江苏…): investors whose regions exclude it rank lower. */
  region?: string
}

/**
 * An investor, the counterpart of financing needs: a fund, a bank's technology loans (科技贷) or a guarantee
 * company. `focus` is profiled like an expert's specialties; `ticket` and `regions` are rules, not text.
 */
export interface InvestorInput {
  /** Unique id. */
  id: string
  name: string
  type: InvestorType
  /** Industries and technologies it invests in, one phrase each. */
  focus: string[]
  /** Stages it takes part in; all when absent. */
  stages?: InvestmentStage[]
  /** Smallest and largest single investment, in 万元 (10,000 yuan). */
  ticket?: { min: number; max: number }
  /** Regions it invests in (苏州, 江苏…); anywhere when absent. */
  regions?: string[]
  description?: string
}

/** A degree programme (专业/学科) of a university: the counterpart of talent needs. */
export interface ProgrammeInput {
  /** Unique id. */
  id: string
  /** Id of a university already added. */
  universityId: string
  /** The programme's name (船舶与海洋工程, 材料科学与工程…). */
  name: string
  degree: Degree
  /** What it teaches and researches; part of its profile with the name. */
  description?: string
  /** Graduates a year, when known. */
  graduatesPerYear?: number
}

/**
 * A paper, patent or project of one or more experts (co-authors). It becomes part of each author's profile,
 * weighted by its kind and age (`DEFAULTS.documents`).
 */
export interface DocumentInput {
  /** Unique id among documents. */
  id: string
  kind: DocumentKind
  title: string
  /** Abstract, claims or summary. */
  text?: string
  /** The year it was published, granted or started; absent means it does not age. */
  year?: number
  /** Ids of experts already added, each once. */
  expertIds: string[]
}

/** A need: an object, or its text alone. */
export type NeedInput = NeedObject | string

/** Records of a batch that passed the schema (by position; `undefined` where one failed), and the issues found. */
export interface BatchCheck<T> {
  parsed: Array<T | undefined>
  issues: InputIssue[]
}

/**
 * Checks every record of a batch against `schema`, collecting each bad record's position, id and field.
 * Throws at once only when the batch is not an array.
 */
export function checkBatch<T>(schema: z.ZodType<T>, records: unknown, context: string, noun: string): BatchCheck<T> {
  if (!Array.isArray(records)) {
    throw inputError(context, noun, [{ field: '(batch)', message: `must be an array, got ${typeName(records)}` }])
  }
  let items: unknown[]
  try {
    // Indices, not map(): a hole in the array is a missing record, not one to skip.
    items = Array.from({ length: records.length }, (_, i) => records[i])
  } catch (error) {
    throw inputError(context, noun, [{ field: '(batch)', message: `could not be read: ${messageOf(error)}` }])
  }
  const issues: InputIssue[] = []
  const parsed = items.map((record, index) => {
    const result = checkValue(schema, record, index)
    if (result.success) return result.data
    for (const issue of result.issues) issues.push(issue)
    return undefined
  })
  return { parsed, issues }
}

/** The records of a batch as `schema` parsed them; throws one error naming every bad record. */
export function validateBatch<T>(schema: z.ZodType<T>, records: unknown, context: string, noun: string): T[] {
  const { parsed, issues } = checkBatch(schema, records, context, noun)
  throwIfIssues(context, noun, issues)
  return parsed as T[]
}

/**
 * A schema's verdict on `value`, as issues in the project's words (see {@link voice}); a getter or Proxy that
 * throws while it is read is an issue, not a crash. `root` names the value itself in an issue's `field`.
 *
 * @example
 * ```ts
 * const r = checkValue(countNumber, -1)
 * r.success || r.issues[0]!.message // 'must not be negative'
 * ```
 */
export function checkValue<T>(
  schema: z.ZodType<T>,
  value: unknown,
  index?: number,
  root = '(record)',
): { success: true; data: T } | { success: false; issues: InputIssue[] } {
  const where = index !== undefined ? { index } : {}
  try {
    const result = schema.safeParse(value, { error: voice })
    if (result.success) return { success: true, data: result.data }
    return { success: false, issues: issuesOf(result.error, value, index, root) }
  } catch (error) {
    return {
      success: false,
      issues: [{ ...where, field: root, message: `could not be read: ${messageOf(error)}` }],
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : describeValue(error)
}

/**
 * A short description of any value for a message; never throws (BigInt, Symbol, cycles, throwing getters).
 *
 * @example
 * ```ts
 * describeValue(10n) // '10n'
 * describeValue(Symbol('x')) // 'a symbol'
 * ```
 */
export function describeValue(value: unknown): string {
  const SHOWN = 80
  let text: string
  if (typeof value === 'bigint') text = `${value}n`
  else if (typeof value === 'symbol' || typeof value === 'function') text = typeName(value)
  else {
    try {
      text = JSON.stringify(value) ?? String(value)
    } catch {
      text = typeName(value)
    }
  }
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text
}

function readableId(record: unknown): string | undefined {
  try {
    if (record && typeof record === 'object' && Object.hasOwn(record, 'id')) {
      const id = (record as { id: unknown }).id
      if (typeof id === 'string' && id.length <= MAX_ID_LENGTH) return id
    }
  } catch {
    // A getter or Proxy that throws: the record has no readable id.
  }
  return undefined
}

/** The largest weight an option accepts: weights times counts are stored as 32-bit floats. */
const MAX_WEIGHT = 1e6
/** A weight or other non-negative setting; `max` is the largest allowed. */
const weight = (max = MAX_WEIGHT) =>
  z
    .number({ error: numberError })
    .finite({ error: 'must be finite' })
    .nonnegative({ error: 'must not be negative' })
    .max(max, { error: `must be at most ${max}` })
const nonNegative = weight()

const analyzerShape = {
  domainDictionary: z.boolean(),
  subwords: z.boolean(),
  bigrams: z.boolean(),
  minNumberLength: z.number().int().nonnegative(),
  userWords: z.array(z.string()),
  stopWords: z.union([
    z.array(z.string()),
    z
      .object({ add: z.array(z.string()), remove: z.array(z.string()) })
      .partial()
      .strict(),
  ]),
  segmenter: z.custom<Segmenter>(
    (v) => !!v && typeof (v as Segmenter).cut === 'function' && typeof (v as Segmenter).id === 'string',
    { error: 'must have an id string and a cut(run) function' },
  ),
}

/**
 * The thread settings of a matcher (`workers`, `workerBatch`), shared by its options and its load options.
 *
 * @example
 * ```ts
 * threadOptionsShape.workers.parse(2) // 2; -1, 1.5 and 1000 are refused
 * ```
 */
export const threadOptionsShape = {
  workers: z
    .number({ error: numberError })
    .int({ error: 'must be a whole number of threads' })
    .nonnegative({ error: 'must not be negative' })
    .max(256, { error: 'must be at most 256' }),
  workerBatch: z
    .number({ error: numberError })
    .int({ error: 'must be a whole number of records' })
    .positive({ error: 'must be at least 1' }),
}

/** Schema of `AnalyzerOptions`; unknown keys are an error. */
export const analyzerOptionsSchema = z.object(analyzerShape).partial().strict()

/** BM25 parameters: k1 ≥ 0, b in [0, 1]. */
export const bm25ParametersSchema = z.object({ k1: nonNegative, b: weight(1) }).strict()

/** Schema of {@link MatcherOptions}; unknown keys are an error, so a typo is not silently ignored. */
export const matcherOptionsSchema = z
  .object({
    weighting: z.enum(['tfidf', 'bm25']),
    scoring: z.enum(['pruned', 'exhaustive']),
    fieldWeights: z
      .object({ specialties: nonNegative, description: nonNegative, title: nonNegative })
      .partial()
      .strict(),
    needFieldWeights: z.object({ title: nonNegative, text: nonNegative }).partial().strict(),
    bm25: bm25ParametersSchema.partial(),
    university: z
      .object({
        descriptionWeight: nonNegative,
        centroidWeight: nonNegative,
        expertWeight: nonNegative,
        expertsCounted: z.number().int().positive(),
        decay: weight(1),
        depth: z.number().int().positive(),
        expertBoost: nonNegative,
        expertPrior: nonNegative,
        priorTemperature: nonNegative.refine((t) => t > 0, 'must be greater than 0'),
      })
      .partial()
      .strict(),
    documents: z
      .object({
        kindWeights: z
          .object({ paper: nonNegative, patent: nonNegative, project: nonNegative, other: nonNegative })
          .partial()
          .strict(),
        fieldWeights: z.object({ title: nonNegative, text: nonNegative }).partial().strict(),
        halfLife: nonNegative.refine((t) => t > 0, 'must be greater than 0'),
        asOf: z
          .number({ error: numberError })
          .int({ error: 'must be a whole number' })
          .min(YEAR_RANGE.min, { error: `must be a year from ${YEAR_RANGE.min} to ${YEAR_RANGE.max}` })
          .max(YEAR_RANGE.max, { error: `must be a year from ${YEAR_RANGE.min} to ${YEAR_RANGE.max}` }),
        explained: z.number().int().nonnegative(),
      })
      .partial()
      .strict(),
    topK: z.number().int().positive(),
    maxTextLength: z.number().int().positive(),
    ...analyzerShape,
    ...threadOptionsShape,
  })
  .partial()
  .strict()

/** Validates a single value (options, a need) and throws a DuijieError naming the field. */
export function validateOne<T>(schema: z.ZodType<T>, value: unknown, context: string, noun: string, index?: number): T {
  const result = checkValue(schema, value, index)
  if (result.success) return result.data
  throw inputError(context, noun, result.issues)
}

function issuesOf(error: z.ZodError, value: unknown, index: number | undefined, root: string): InputIssue[] {
  const id = readableId(value)
  return error.issues.map((issue) => {
    const where = { ...(index !== undefined && { index }), ...(id !== undefined && { id }) }
    const path = issue.path.map(String)
    if (issue.code === 'unrecognized_keys')
      return { ...where, field: [...path, issue.keys.join(', ')].join('.'), message: issue.message }
    if (path.length === 0 && issue.code === 'invalid_type') {
      const expected =
        issue.expected === 'array' || issue.expected === 'object' ? `an ${issue.expected}` : `a ${issue.expected}`
      return { ...where, field: root, message: `must be ${expected}, got ${typeName(value)}` }
    }
    return { ...where, field: path.length > 0 ? path.join('.') : root, message: issue.message }
  })
}

type RawIssue = z.core.$ZodRawIssue

/**
 * The message of every zod issue that its schema does not word itself: what is wrong and what is allowed,
 * in the project's words, never zod's stock English ("Invalid input", "Too small: expected number to be
 * >0"). Given to every parse as its error map, so a schema needs no message of its own for a plain check.
 */
function voice(issue: RawIssue): string {
  const input = issue.input
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return 'is required'
      if (issue.expected === 'number' || issue.expected === 'int')
        return `must be ${numberRule(schemaOf(issue))}, got ${describeGot(input)}`
      return `must be ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}, got ${describeGot(input)}`
    }
    case 'too_small':
    case 'too_big': {
      const origin = issue.origin
      if (origin === 'number' || origin === 'int' || origin === 'bigint')
        return `must be ${numberRule(schemaOf(issue), issue.code === 'too_big' && origin === 'int')}, got ${describeGot(input)}`
      const unit = (n: number) => `${n} ${origin === 'string' ? 'character' : 'item'}${n === 1 ? '' : 's'}`
      const size = sizeOf(input)
      const got = size === undefined ? '' : `, got ${size}`
      if (issue.code === 'too_small') {
        const least = Number(issue.minimum) + (issue.inclusive === false ? 1 : 0)
        if (least === 1) return 'must not be empty'
        return `must have at least ${unit(least)}${got}`
      }
      const most = Number(issue.maximum) - (issue.inclusive === false ? 1 : 0)
      return `must have at most ${unit(most)}${got}`
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v)))
      const allowed = values.length === 1 ? values[0] : `one of ${values.join(', ')}`
      return `must be ${allowed}, got ${describeValue(input)}`
    }
    case 'unrecognized_keys':
      return unknownKeys(issue.keys, shapeKeys(issue.inst))
    case 'invalid_union': {
      const expected = issue.errors.map((branch) =>
        branch.find((i) => i.path.length === 0 && i.code === 'invalid_type'),
      )
      if (expected.every((i) => i !== undefined)) {
        const forms = [
          ...new Set(expected.map((i) => EXPECTED[(i as { expected: string }).expected] ?? 'another type')),
        ]
        return `must be ${forms.join(' or ')}, got ${describeGot(input)}`
      }
      const first = issue.errors.flatMap((branch) => branch.slice(0, 1))
      return `matches none of the accepted forms (${first.map(describeIssue).join('; or ')})`
    }
    case 'invalid_key':
      return `has a key that is not allowed: ${issue.issues.map(describeIssue).join('; ')}`
    case 'invalid_element':
      return `has a value that is not allowed at ${describeValue(issue.key)}: ${issue.issues.map(describeIssue).join('; ')}`
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}, got ${describeGot(input)}`
    case 'invalid_format':
      return `is not in the ${issue.format} format`
    default:
      return 'is not valid'
  }
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  array: 'an array',
  object: 'an object',
  string: 'a string',
  boolean: 'true or false',
  map: 'a Map',
  set: 'a Set',
  date: 'a Date',
  bigint: 'a BigInt',
  function: 'a function',
  symbol: 'a symbol',
  null: 'null',
  undefined: 'nothing',
  never: 'absent',
}

/** A nested issue in a few words: its path, then its message. */
function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  return issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message
}

/** What a message says was given: a number as itself (2.5, NaN, 1e+300), anything else by its type. */
function describeGot(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeName(value)
}

function sizeOf(value: unknown): number | undefined {
  if (typeof value === 'string' || Array.isArray(value)) return value.length
  if (value instanceof Set || value instanceof Map) return value.size
  return undefined
}

/** The schema an issue is about: the one that raised it, or the one a failed check belongs to. */
function schemaOf(issue: RawIssue): unknown {
  return (issue as { schema?: unknown }).schema ?? issue.inst
}

interface NumberDef {
  check?: string
  format?: string
  value?: number
  inclusive?: boolean
  checks?: Array<{ _zod: { def: NumberDef } }>
}

const WHOLE_FORMATS = new Set(['safeint', 'int32', 'uint32'])

/**
 * What a number schema allows, in words: `a whole number ≥ 1`, `a number from 0 to 1`, `a finite number`.
 * With `safeRange`, the limit of whole numbers (2^53 − 1) is named too.
 */
function numberRule(schema: unknown, safeRange = false): string {
  const def = (schema as { _zod?: { def?: NumberDef } } | undefined)?._zod?.def
  let whole = WHOLE_FORMATS.has(def?.format ?? '')
  let min: { value: number; inclusive: boolean } | undefined
  let max: { value: number; inclusive: boolean } | undefined
  for (const check of def?.checks ?? []) {
    const c = check._zod.def
    if (c.check === 'number_format' && WHOLE_FORMATS.has(c.format ?? '')) whole = true
    const bound = { value: Number(c.value), inclusive: c.inclusive !== false }
    if (
      c.check === 'greater_than' &&
      (!min || bound.value > min.value || (bound.value === min.value && !bound.inclusive))
    )
      min = bound
    if (c.check === 'less_than' && (!max || bound.value < max.value || (bound.value === max.value && !bound.inclusive)))
      max = bound
  }
  if (whole && min && !min.inclusive) min = { value: Math.floor(min.value) + 1, inclusive: true }
  if (whole && max && !max.inclusive) max = { value: Math.ceil(max.value) - 1, inclusive: true }
  if (whole && safeRange && !max) max = { value: Number.MAX_SAFE_INTEGER, inclusive: true }
  const show = (n: number) => (n === Number.MAX_SAFE_INTEGER ? `${n} (2^53 − 1)` : String(n))
  const kind = whole ? 'a whole number' : 'a finite number'
  if (min && max && min.inclusive && max.inclusive) return `${kind} from ${show(min.value)} to ${show(max.value)}`
  const parts = [
    min && (min.inclusive ? `≥ ${show(min.value)}` : `greater than ${show(min.value)}`),
    max && (max.inclusive ? `≤ ${show(max.value)}` : `less than ${show(max.value)}`),
  ].filter((p) => p !== undefined)
  return [kind, parts.join(' and ')].filter((p) => p.length > 0).join(' ')
}

/** The keys an object schema knows, for a "did you mean". */
function shapeKeys(schema: unknown): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape
  return shape ? Object.keys(shape) : []
}

/**
 * The message for unknown keys: the nearest known key when one is close (a different case, or one or two
 * letters off), otherwise every key that is known: `expertCapacty` beside `expertCapacity` gives
 * `is not a known field; did you mean "expertCapacity"?`.
 */
function unknownKeys(keys: readonly string[], known: readonly string[]): string {
  const list = known.map((k) => `"${k}"`).join(', ')
  const listed = known.length > 0 ? `; the known fields are ${list}` : ''
  const guesses = keys.map((key) => nearestKey(key, known))
  if (keys.length === 1) {
    const guess = guesses[0]
    return guess !== undefined ? `is not a known field; did you mean "${guess}"?` : `is not a known field${listed}`
  }
  const meant = keys.flatMap((key, i) => (guesses[i] === undefined ? [] : [`"${guesses[i]}" for "${key}"`]))
  return meant.length > 0
    ? `are not known fields; did you mean ${meant.join(', ')}?${meant.length < keys.length ? listed : ''}`
    : `are not known fields${listed}`
}

/** The known key `key` is most likely a typo of, if any: the same but for case, or within a small edit distance. */
function nearestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase()
  const sameCase = known.find((k) => k.toLowerCase() === lower)
  if (sameCase !== undefined) return sameCase
  // One edit for keys of three to five characters (`dat` → `date`, `activ` → `active`), two for longer ones
  // (`expertCapcty` → `expertCapacity`), none for one or two: `a` is no typo of `b`.
  const allowed = key.length <= 2 ? 0 : key.length <= 5 ? 1 : 2
  let best: string | undefined
  let bestDistance = allowed + 1
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase(), bestDistance)
    if (d < bestDistance) {
      best = k
      bestDistance = d
    }
  }
  return best
}

/** Optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps), capped at `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap
  let before: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1)
      row.push(d)
    }
    before = previous
    previous = row
  }
  return Math.min(previous[b.length]!, cap)
}
