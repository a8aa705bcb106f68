import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs'
import { z } from 'zod'
import { DuijieError } from './errors.js'
import type { ExpertInput, UniversityInput } from './schema.js'

/** Names a saved matcher; a loader refuses anything else. */
export const SNAPSHOT_FORMAT = 'duijie/matcher'
/** Bumped when the layout changes; a loader refuses other versions. */
export const SNAPSHOT_VERSION = 2

const MAGIC = 'DUIJIE\u0001\u0000'

type NumberArray = Uint32Array | Float32Array | Float64Array
const ARRAY_TYPES = { u32: Uint32Array, f32: Float32Array, f64: Float64Array } as const
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
  // Derived at the last build, saved so that loading need not recompute them.
  idf: 'f64',
  'experts.weights': 'f32',
  'experts.termMax': 'f32',
  'descriptions.weights': 'f32',
  'descriptions.termMax': 'f32',
  'centroids.termOffsets': 'u32',
  'centroids.docs': 'u32',
  'centroids.values': 'f32',
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
  if (bytes.byteLength % Type.BYTES_PER_ELEMENT !== 0)
    throw new DuijieError('duijie: snapshot: an array section has a broken length')
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
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    fingerprint,
    options,
    addedWords,
    universities,
    experts,
    vocabulary,
    arrays,
  }
}

/** Decodes JSON data back into parts; checks the envelope, not the records (the matcher does). */
export function fromSnapshot(value: unknown): SnapshotParts {
  requireLittleEndian('fromJSON')
  const data = checkEnvelope(value, 'fromJSON')
  const encoded = (value as { arrays?: unknown }).arrays as Record<string, unknown> | undefined
  const arrays = {} as Record<SnapshotArrayName, NumberArray>
  for (const [name, type] of Object.entries(SNAPSHOT_ARRAYS) as Array<[SnapshotArrayName, ArrayType]>) {
    const text = encoded?.[name]
    if (typeof text !== 'string')
      throw new DuijieError(`duijie: fromJSON: field "arrays.${name}": must be a base64 string`)
    arrays[name] = arrayFrom(type, new Uint8Array(Buffer.from(text, 'base64')))
  }
  return {
    ...data,
    universities: data.universities as UniversityInput[],
    experts: data.experts as ExpertInput[],
    arrays,
  }
}

/** The header and sections of a binary snapshot, before they are laid end to end. */
function binaryLayout(parts: SnapshotParts): {
  header: Uint8Array
  sections: Array<{ name: string; bytes: Uint8Array }>
} {
  const sections: Array<{ name: string; bytes: Uint8Array }> = [
    { name: 'universities', bytes: encodeLines(parts.universities.map((u) => JSON.stringify(u))) },
    { name: 'experts', bytes: encodeLines(parts.experts.map((e) => JSON.stringify(e))) },
    { name: 'vocabulary', bytes: encodeLines(parts.vocabulary) },
    ...(Object.keys(SNAPSHOT_ARRAYS) as SnapshotArrayName[]).map((name) => ({
      name,
      bytes: bytesOf(parts.arrays[name]),
    })),
  ]
  const header = new TextEncoder().encode(
    JSON.stringify({
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      fingerprint: parts.fingerprint,
      options: parts.options,
      addedWords: parts.addedWords,
      sections: sections.map((s) => ({ name: s.name, byteLength: s.bytes.byteLength })),
    }),
  )
  return { header, sections }
}

const pad = (n: number) => (8 - (n % 8)) % 8

/**
 * Lays the snapshot out as chunks: a magic string, a JSON header with a section table, then the sections
 * (records as JSON lines, the vocabulary as lines, raw typed arrays), each 8-byte aligned.
 */
function binaryChunks(parts: SnapshotParts): Uint8Array[] {
  const { header, sections } = binaryLayout(parts)
  const lead = new Uint8Array(MAGIC.length + 4)
  lead.set(new TextEncoder().encode(MAGIC), 0)
  new DataView(lead.buffer).setUint32(MAGIC.length, header.byteLength, true)
  const chunks: Uint8Array[] = [lead, header, new Uint8Array(pad(lead.byteLength + header.byteLength))]
  for (const s of sections) chunks.push(s.bytes, new Uint8Array(pad(s.bytes.byteLength)))
  return chunks
}

/** Encodes the parts as one byte array (up to 4 GB; larger snapshots go to a file with {@link writeBinaryFile}). */
export function toBinary(parts: SnapshotParts): Uint8Array {
  requireLittleEndian('toBinary')
  const chunks = binaryChunks(parts)
  const total = chunks.reduce((sum, c) => sum + c.byteLength, 0)
  if (total > 2 ** 32 - 1)
    throw new DuijieError(
      `duijie: toBinary: the snapshot is ${(total / 1e9).toFixed(1)} GB, over one array's 4 GB limit; use saveBinary(path)`,
    )
  const out = new Uint8Array(total)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.byteLength
  }
  return out
}

/** Writes the parts to a file, chunk by chunk: no single buffer holds the whole snapshot. */
export function writeBinaryFile(path: string, parts: SnapshotParts): number {
  requireLittleEndian('saveBinary')
  const fd = openSync(path, 'w')
  let written = 0
  try {
    for (const c of binaryChunks(parts)) {
      for (let offset = 0; offset < c.byteLength; )
        offset += writeSync(fd, c, offset, Math.min(c.byteLength - offset, 1 << 30))
      written += c.byteLength
    }
  } finally {
    closeSync(fd)
  }
  return written
}

/** Reads `length` bytes at `offset` of a snapshot, wherever it lives. */
type ByteSource = (offset: number, length: number) => Uint8Array

/** Decodes bytes made by {@link toBinary}. */
export function fromBinary(bytes: Uint8Array): SnapshotParts {
  if (bytes.byteLength < MAGIC.length + 4)
    throw new DuijieError('duijie: fromBinary: these bytes are not a saved duijie matcher')
  return decodeBinary((offset, length) => {
    if (offset + length > bytes.byteLength)
      throw new DuijieError('duijie: fromBinary: a section runs past the end: the snapshot is truncated')
    return bytes.subarray(offset, offset + length)
  }, 'fromBinary')
}

/** Reads a snapshot file made by {@link writeBinaryFile}, section by section. */
export function readBinaryFile(path: string): SnapshotParts {
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    return decodeBinary((offset, length) => {
      if (offset + length > size)
        throw new DuijieError(`duijie: loadBinary: ${path}: a section runs past the end: the file is truncated`)
      // Not zero-filled: every byte is read over at once.
      const out = Buffer.allocUnsafeSlow(length)
      for (let done = 0; done < length; )
        done += readSync(fd, out, done, Math.min(length - done, 1 << 30), offset + done)
      return out
    }, 'loadBinary')
  } finally {
    closeSync(fd)
  }
}

function decodeBinary(read: ByteSource, context: string): SnapshotParts {
  requireLittleEndian(context)
  const decoder = new TextDecoder()
  const lead = read(0, MAGIC.length + 4)
  if (decoder.decode(lead.subarray(0, MAGIC.length)) !== MAGIC)
    throw new DuijieError(`duijie: ${context}: these bytes are not a saved duijie matcher`)
  const headerLength = new DataView(lead.buffer, lead.byteOffset, lead.byteLength).getUint32(MAGIC.length, true)
  let header: { sections?: Array<{ name: string; byteLength: number }> } & Record<string, unknown>
  try {
    header = JSON.parse(decoder.decode(read(MAGIC.length + 4, headerLength)))
  } catch (error) {
    if (error instanceof DuijieError) throw error
    throw new DuijieError(`duijie: ${context}: the snapshot header is not readable JSON`)
  }
  let offset = MAGIC.length + 4 + headerLength
  offset += pad(offset)
  const sections = new Map<string, { offset: number; byteLength: number }>()
  for (const { name, byteLength } of header.sections ?? []) {
    sections.set(name, { offset, byteLength })
    offset += byteLength + pad(byteLength)
  }
  const section = (name: string) => {
    const found = sections.get(name)
    if (!found) throw new DuijieError(`duijie: ${context}: section "${name}" is missing`)
    return read(found.offset, found.byteLength)
  }
  const data = checkEnvelope(
    {
      ...header,
      universities: decodeLines(section('universities')).map((line) => JSON.parse(line)),
      experts: decodeLines(section('experts')).map((line) => JSON.parse(line)),
      vocabulary: decodeLines(section('vocabulary')),
    },
    context,
  )
  const arrays = {} as Record<SnapshotArrayName, NumberArray>
  for (const [name, type] of Object.entries(SNAPSHOT_ARRAYS) as Array<[SnapshotArrayName, ArrayType]>) {
    arrays[name] = arrayFrom(type, section(name))
  }
  return {
    ...data,
    universities: data.universities as UniversityInput[],
    experts: data.experts as ExpertInput[],
    arrays,
  }
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
  const lines: string[] = []
  const CHUNK = 32 * 1024 * 1024
  let start = 0
  while (start < bytes.byteLength) {
    let end = Math.min(start + CHUNK, bytes.byteLength)
    if (end < bytes.byteLength) {
      const newline = bytes.indexOf(10, end)
      end = newline < 0 ? bytes.byteLength : newline
    }
    // Buffer's UTF-8 decoding is several times faster than TextDecoder's on Node 20.
    for (const line of Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start)
      .toString('utf8')
      .split('\n'))
      lines.push(line)
    start = end + 1
  }
  return lines
}
