import { z } from 'zod'
import { DuijieError } from './errors.js'
import type { ExpertInput, UniversityInput } from './schema.js'

/** Names a saved matcher; a loader refuses anything else. */
export const SNAPSHOT_FORMAT = 'duijie/matcher'
/** Bumped when the layout changes; a loader refuses other versions. */
export const SNAPSHOT_VERSION = 1

const MAGIC = 'DUIJIE\u0001\u0000'

type NumberArray = Uint32Array | Float32Array
const ARRAY_TYPES = { u32: Uint32Array, f32: Float32Array } as const
type ArrayType = keyof typeof ARRAY_TYPES

/** The typed arrays a snapshot holds, by name. */
export const SNAPSHOT_ARRAYS = {
  'experts.termOffsets': 'u32',
  'experts.docs': 'u32',
  'experts.values': 'f32',
  'experts.lengths': 'f32',
  'descriptions.termOffsets': 'u32',
  'descriptions.docs': 'u32',
  'descriptions.values': 'f32',
  'descriptions.lengths': 'f32',
} as const satisfies Record<string, ArrayType>
export type SnapshotArrayName = keyof typeof SNAPSHOT_ARRAYS

/** What a saved matcher holds, whatever the encoding. */
export interface SnapshotParts {
  /** The analyzer's fingerprint: segmenter, dictionary and stop-word hashes, switches. */
  fingerprint: string
  /** The options the matcher was made with (without the segmenter, which is code). */
  options: Record<string, unknown>
  /** Words added with `addWords` after construction. */
  addedWords: string[]
  universities: UniversityInput[]
  experts: ExpertInput[]
  /** Terms in id order. */
  vocabulary: string[]
  arrays: Record<SnapshotArrayName, NumberArray>
}

/**
 * A matcher as plain JSON data (typed arrays as little-endian base64): what `Matcher.toJSON` returns and
 * `Matcher.fromJSON` takes. For large catalogues use the binary form, which has no base64 or string limits.
 */
export type MatcherSnapshot = Omit<SnapshotParts, 'arrays'> & {
  format: typeof SNAPSHOT_FORMAT
  version: typeof SNAPSHOT_VERSION
  arrays: Record<SnapshotArrayName, string>
}

const envelope = z.object({
  format: z.literal(SNAPSHOT_FORMAT, { error: `must be "${SNAPSHOT_FORMAT}": this is not a saved duijie matcher` }),
  version: z.literal(SNAPSHOT_VERSION, { error: `must be ${SNAPSHOT_VERSION}: saved by another version of duijie` }),
  fingerprint: z.string(),
  options: z.record(z.string(), z.unknown()),
  addedWords: z.array(z.string()),
  universities: z.array(z.unknown()),
  experts: z.array(z.unknown()),
  vocabulary: z.array(z.string()),
})

function checkEnvelope(value: unknown, context: string) {
  const result = envelope.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]!
    throw new DuijieError(`duijie: ${context}: field "${issue.path.join('.') || '(snapshot)'}": ${issue.message}`)
  }
  return result.data
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

function bytesOf(array: NumberArray): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength)
}

/** Views `bytes` as a typed array, copying when the bytes are not aligned for it. */
function arrayFrom(type: ArrayType, bytes: Uint8Array): NumberArray {
  const Type = ARRAY_TYPES[type]
  if (bytes.byteLength % Type.BYTES_PER_ELEMENT !== 0) throw new DuijieError('duijie: snapshot: an array section has a broken length')
  const aligned = bytes.byteOffset % Type.BYTES_PER_ELEMENT === 0 ? bytes : bytes.slice()
  return new Type(aligned.buffer as ArrayBuffer, aligned.byteOffset, aligned.byteLength / Type.BYTES_PER_ELEMENT)
}

function requireLittleEndian(context: string): void {
  if (!littleEndian) throw new DuijieError(`duijie: ${context}: snapshots are little-endian; this machine is not`)
}

/** Encodes the parts as JSON data. */
export function toSnapshot(parts: SnapshotParts): MatcherSnapshot {
  requireLittleEndian('toJSON')
  const arrays = {} as Record<SnapshotArrayName, string>
  for (const name of Object.keys(SNAPSHOT_ARRAYS) as SnapshotArrayName[]) {
    arrays[name] = Buffer.from(bytesOf(parts.arrays[name])).toString('base64')
  }
  const { fingerprint, options, addedWords, universities, experts, vocabulary } = parts
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, fingerprint, options, addedWords, universities, experts, vocabulary, arrays }
}

/** Decodes JSON data back into parts; checks the envelope, not the records (the matcher does). */
export function fromSnapshot(value: unknown): SnapshotParts {
  requireLittleEndian('fromJSON')
  const data = checkEnvelope(value, 'fromJSON')
  const encoded = (value as { arrays?: unknown }).arrays as Record<string, unknown> | undefined
  const arrays = {} as Record<SnapshotArrayName, NumberArray>
  for (const [name, type] of Object.entries(SNAPSHOT_ARRAYS) as Array<[SnapshotArrayName, ArrayType]>) {
    const text = encoded?.[name]
    if (typeof text !== 'string') throw new DuijieError(`duijie: fromJSON: field "arrays.${name}": must be a base64 string`)
    arrays[name] = arrayFrom(type, new Uint8Array(Buffer.from(text, 'base64')))
  }
  return { ...data, universities: data.universities as UniversityInput[], experts: data.experts as ExpertInput[], arrays }
}

/**
 * Encodes the parts as bytes: a magic string, a JSON header with a section table, then the sections
 * (records as JSON lines, the vocabulary as lines, raw typed arrays), each 8-byte aligned.
 */
export function toBinary(parts: SnapshotParts): Uint8Array {
  requireLittleEndian('toBinary')
  const encoder = new TextEncoder()
  const sections: Array<{ name: string; bytes: Uint8Array }> = [
    { name: 'universities', bytes: encodeLines(parts.universities.map((u) => JSON.stringify(u))) },
    { name: 'experts', bytes: encodeLines(parts.experts.map((e) => JSON.stringify(e))) },
    { name: 'vocabulary', bytes: encodeLines(parts.vocabulary) },
    ...(Object.keys(SNAPSHOT_ARRAYS) as SnapshotArrayName[]).map((name) => ({ name, bytes: bytesOf(parts.arrays[name]) })),
  ]
  const header = encoder.encode(
    JSON.stringify({
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      fingerprint: parts.fingerprint,
      options: parts.options,
      addedWords: parts.addedWords,
      sections: sections.map((s) => ({ name: s.name, byteLength: s.bytes.byteLength })),
    }),
  )
  const pad = (n: number) => (8 - (n % 8)) % 8
  let total = MAGIC.length + 4 + header.byteLength + pad(MAGIC.length + 4 + header.byteLength)
  for (const s of sections) total += s.bytes.byteLength + pad(s.bytes.byteLength)
  const out = new Uint8Array(total)
  out.set(encoder.encode(MAGIC), 0)
  new DataView(out.buffer).setUint32(MAGIC.length, header.byteLength, true)
  out.set(header, MAGIC.length + 4)
  let offset = MAGIC.length + 4 + header.byteLength
  offset += pad(offset)
  for (const s of sections) {
    out.set(s.bytes, offset)
    offset += s.bytes.byteLength + pad(s.bytes.byteLength)
  }
  return out
}

/** Decodes bytes made by {@link toBinary}. */
export function fromBinary(bytes: Uint8Array): SnapshotParts {
  requireLittleEndian('fromBinary')
  const decoder = new TextDecoder()
  if (bytes.byteLength < MAGIC.length + 4 || decoder.decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) {
    throw new DuijieError('duijie: fromBinary: these bytes are not a saved duijie matcher')
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true)
  let header: { sections?: Array<{ name: string; byteLength: number }> } & Record<string, unknown>
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength)))
  } catch {
    throw new DuijieError('duijie: fromBinary: the snapshot header is not readable JSON')
  }
  const pad = (n: number) => (8 - (n % 8)) % 8
  let offset = MAGIC.length + 4 + headerLength
  offset += pad(offset)
  const sections = new Map<string, Uint8Array>()
  for (const { name, byteLength } of header.sections ?? []) {
    if (offset + byteLength > bytes.byteLength) throw new DuijieError(`duijie: fromBinary: section "${name}" runs past the end: the snapshot is truncated`)
    sections.set(name, bytes.subarray(offset, offset + byteLength))
    offset += byteLength + pad(byteLength)
  }
  const section = (name: string) => {
    const found = sections.get(name)
    if (!found) throw new DuijieError(`duijie: fromBinary: section "${name}" is missing`)
    return found
  }
  const data = checkEnvelope(
    {
      ...header,
      universities: decodeLines(section('universities')).map((line) => JSON.parse(line)),
      experts: decodeLines(section('experts')).map((line) => JSON.parse(line)),
      vocabulary: decodeLines(section('vocabulary')),
    },
    'fromBinary',
  )
  const arrays = {} as Record<SnapshotArrayName, NumberArray>
  for (const [name, type] of Object.entries(SNAPSHOT_ARRAYS) as Array<[SnapshotArrayName, ArrayType]>) {
    arrays[name] = arrayFrom(type, section(name))
  }
  return { ...data, universities: data.universities as UniversityInput[], experts: data.experts as ExpertInput[], arrays }
}

/** Lines joined by "\n" as UTF-8, encoded in chunks so no single string grows past V8's limit. */
function encodeLines(lines: readonly string[]): Uint8Array {
  const encoder = new TextEncoder()
  const chunks: Uint8Array[] = []
  const CHUNK = 50_000
  for (let i = 0; i < lines.length; i += CHUNK) {
    const text = lines.slice(i, i + CHUNK).join('\n') + (i + CHUNK < lines.length ? '\n' : '')
    chunks.push(encoder.encode(text))
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
}

/** The inverse of {@link encodeLines}, decoding in chunks split at newlines. */
function decodeLines(bytes: Uint8Array): string[] {
  if (bytes.byteLength === 0) return []
  const decoder = new TextDecoder()
  const lines: string[] = []
  const CHUNK = 32 * 1024 * 1024
  let start = 0
  while (start < bytes.byteLength) {
    let end = Math.min(start + CHUNK, bytes.byteLength)
    if (end < bytes.byteLength) {
      const newline = bytes.indexOf(10, end)
      end = newline < 0 ? bytes.byteLength : newline
    }
    for (const line of decoder.decode(bytes.subarray(start, end)).split('\n')) lines.push(line)
    start = end + 1
  }
  return lines
}
