import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { z } from 'zod'
import { DuijieError, corruptSnapshot, ioError } from '../errors.js'
import { describeValue } from '../schema.js'
import {
  SECTION_TYPES,
  SectionReader,
  type SectionType,
  type SectionValue,
  crc32,
  decodeSection,
  encodeSection,
  requireLittleEndian,
} from './sections.js'
import { writeFileAtomically } from '../io.js'

/**
 * Names a saved matcher; a loader refuses anything else.
 *
 * @example
 * ```ts
 * m.toJSON().format === SNAPSHOT_FORMAT // true
 * ```
 */
export const SNAPSHOT_FORMAT = 'duijie/matcher'
/**
 * Bumped when the layout changes; a loader refuses other versions (`SNAPSHOT_INCOMPATIBLE`).
 *
 * @example
 * ```ts
 * m.toJSON().version === SNAPSHOT_VERSION // true: 5
 * ```
 */
export const SNAPSHOT_VERSION = 5

/** One section of a JSON snapshot: typed arrays as little-endian base64, records and strings as JSON. */
export interface JsonSection {
  type: SectionType
  /** CRC-32 of the section's bytes as the binary form stores them. */
  crc32: number
  data: unknown[] | string
}

/**
 * A matcher as plain JSON data: what `Matcher.toJSON` returns and `Matcher.fromJSON` takes. Each section
 * carries a CRC-32, so an edited or damaged snapshot is refused rather than loaded as another matcher.
 * For large catalogues use the binary form, which has no base64 or string-length limits.
 *
 * @example
 * ```ts
 * const snapshot: MatcherSnapshot = m.toJSON()
 * Object.keys(snapshot.sections) // ['settings', 'addedWords', 'universities', 'experts', 'vocabulary', …]
 * ```
 */
export interface MatcherSnapshot {
  format: typeof SNAPSHOT_FORMAT
  version: typeof SNAPSHOT_VERSION
  sections: Record<string, JsonSection>
}

/** Version 3 and later; the byte after "DUIJIE" was 1 in versions 1 and 2. */
const MAGIC = Buffer.from('DUIJIE\u0003\u0000', 'latin1')
const OLD_MAGIC = Buffer.from('DUIJIE\u0001\u0000', 'latin1')
/** Magic, header length, header CRC-32. */
const LEAD_BYTES = MAGIC.length + 8
const pad = (n: number) => (8 - (n % 8)) % 8

const incompatible = (context: string, what: string) =>
  new DuijieError('SNAPSHOT_INCOMPATIBLE', `duijie: ${context}: ${what}`)

const formatSchema = z.literal(SNAPSHOT_FORMAT)
const versionSchema = z.literal(SNAPSHOT_VERSION)

/** Format and version first: a file of another kind or version is incompatible, not damaged. */
function checkFormat(value: { format?: unknown; version?: unknown }, context: string): void {
  if (!formatSchema.safeParse(value.format).success) {
    throw incompatible(context, `field "format": must be "${SNAPSHOT_FORMAT}": this is not a saved duijie matcher`)
  }
  if (!versionSchema.safeParse(value.version).success) {
    throw incompatible(
      context,
      `field "version": is ${describeValue(value.version)}, must be ${SNAPSHOT_VERSION}: saved by another version of duijie; rebuild it from the records`,
    )
  }
}

/** Frames sections as JSON data; shares nothing mutable with them. */
export function toJsonSnapshot(sections: ReadonlyMap<string, SectionValue>): MatcherSnapshot {
  requireLittleEndian('toJSON')
  const out: Record<string, JsonSection> = {}
  for (const [name, section] of sections) {
    const bytes = encodeSection(section)
    const data =
      section.type === 'records'
        ? decodeSection('records', bytes, () => new DuijieError('INTERNAL', 'duijie: toJSON: records')).value
        : section.type === 'strings'
          ? section.value
          : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
    out[name] = { type: section.type, crc32: crc32(bytes), data: typeof data === 'string' ? data : [...data] }
  }
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, sections: out }
}

const jsonSectionSchema = z.object({
  type: z.enum(SECTION_TYPES),
  crc32: z.number().int().min(0).max(0xffffffff),
  data: z.union([z.string(), z.array(z.unknown())]),
})

/** Reads JSON data made by {@link toJsonSnapshot}; checks every section's type and checksum. */
export function fromJsonSnapshot(value: unknown, context = 'fromJSON'): SectionReader {
  try {
    return readJsonSnapshot(value, context)
  } catch (error) {
    if (error instanceof DuijieError) throw error
    // A getter or Proxy in hand-made data that throws while it is read.
    const reason = error instanceof Error ? error.message : describeValue(error)
    throw corruptSnapshot(context, '(snapshot)', `could not be read: ${reason}`)
  }
}

function readJsonSnapshot(value: unknown, context: string): SectionReader {
  requireLittleEndian(context)
  if (!value || typeof value !== 'object') throw incompatible(context, 'must be a snapshot object made by toJSON()')
  checkFormat(value as MatcherSnapshot, context)
  const raw = (value as { sections?: unknown }).sections
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw corruptSnapshot(context, '(sections)', 'must be an object of sections')
  }
  const sections = new Map<string, SectionValue>()
  for (const [name, entry] of Object.entries(raw)) {
    const fail = (what: string) => corruptSnapshot(context, name, what)
    const parsed = jsonSectionSchema.safeParse(entry)
    if (!parsed.success) throw fail(`must be { type, crc32, data }: ${parsed.error.issues[0]!.message}`)
    const { type, data } = parsed.data
    let bytes: Uint8Array
    if (type === 'records' || type === 'strings') {
      if (!Array.isArray(data)) throw fail(`data must be an array of ${type}`)
      if (type === 'strings' && !data.every((s) => typeof s === 'string')) throw fail('data must hold strings only')
      try {
        bytes = encodeSection({ type, value: data } as SectionValue)
      } catch {
        throw fail('data cannot be encoded')
      }
    } else {
      if (typeof data !== 'string') throw fail('data must be a base64 string')
      bytes = new Uint8Array(Buffer.from(data, 'base64'))
    }
    if (crc32(bytes) !== parsed.data.crc32) throw fail('checksum mismatch: the data was changed or damaged')
    // Decoded from the bytes: the matcher keeps copies, never the caller's objects.
    sections.set(name, decodeSection(type, bytes, fail))
  }
  return new SectionReader(sections, context)
}

interface SectionEntry {
  name: string
  type: SectionType
  byteLength: number
  crc32: number
}

/** The lead (magic, header length, header checksum) and header of a binary snapshot. */
function binaryHead(entries: SectionEntry[]): Uint8Array[] {
  const header = Buffer.from(
    JSON.stringify({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, sections: entries }),
    'utf8',
  )
  const lead = Buffer.alloc(LEAD_BYTES)
  MAGIC.copy(lead, 0)
  lead.writeUInt32LE(header.byteLength, MAGIC.length)
  lead.writeUInt32LE(crc32(header), MAGIC.length + 4)
  return [lead, header, new Uint8Array(pad(LEAD_BYTES + header.byteLength))]
}

/**
 * Lays sections out as chunks: magic, header length and CRC-32, a JSON header with the section table
 * (name, type, length, CRC-32 of each), then the sections, each 8-byte aligned.
 */
function binaryChunks(sections: ReadonlyMap<string, SectionValue>): Uint8Array[] {
  const encoded = [...sections].map(([name, section]) => ({ name, type: section.type, bytes: encodeSection(section) }))
  const entries = encoded.map(({ name, type, bytes }) => ({
    name,
    type,
    byteLength: bytes.byteLength,
    crc32: crc32(bytes),
  }))
  const chunks = binaryHead(entries)
  for (const { bytes } of encoded) chunks.push(bytes, new Uint8Array(pad(bytes.byteLength)))
  return chunks
}

/** Frames sections as one byte array (up to 4 GB; larger snapshots go to a file with {@link writeBinaryFile}). */
export function toBinarySnapshot(sections: ReadonlyMap<string, SectionValue>): Uint8Array {
  requireLittleEndian('toBinary')
  const chunks = binaryChunks(sections)
  const total = chunks.reduce((sum, c) => sum + c.byteLength, 0)
  if (total > 2 ** 32 - 1) {
    throw new DuijieError(
      'LIMIT',
      `duijie: toBinary: the snapshot is ${(total / 1e9).toFixed(1)} GB, over one array's 4 GB limit; use saveBinary(path)`,
    )
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.byteLength
  }
  return out
}

/**
 * Writes sections to `path` atomically: into a temporary file beside it, flushed to disk, then renamed
 * over it. A save that fails leaves the previous file as it was; a reader never sees half a file.
 * Returns the bytes written.
 */
export function writeBinaryFile(path: string, sections: ReadonlyMap<string, SectionValue>): number {
  requireLittleEndian('saveBinary')
  const chunks = binaryChunks(sections)
  try {
    return writeFileAtomically(path, chunks)
  } catch (error) {
    throw error instanceof DuijieError ? error : ioError('saveBinary', path, error)
  }
}

/** Reads `length` bytes at `offset`, wherever the snapshot lives. */
type ByteSource = (offset: number, length: number) => Uint8Array

/** Reads bytes made by {@link toBinarySnapshot}. */
export function fromBinarySnapshot(bytes: Uint8Array, context = 'fromBinary'): SectionReader {
  return decodeBinary(bytes.byteLength, (offset, length) => bytes.subarray(offset, offset + length), context)
}

/** Reads a snapshot file made by {@link writeBinaryFile}, section by section. */
export function readBinaryFile(path: string): SectionReader {
  const context = 'loadBinary'
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    throw ioError(context, path, error)
  }
  try {
    const size = fstatSync(fd).size
    return decodeBinary(
      size,
      (offset, length) => {
        // Not zero-filled: every byte is read over at once.
        const out = Buffer.allocUnsafeSlow(length)
        for (let done = 0; done < length; ) {
          const read = readSync(fd, out, done, Math.min(length - done, 1 << 30), offset + done)
          if (read === 0) throw corruptSnapshot(context, '(file)', `${path} ended early: it shrank while it was read`)
          done += read
        }
        return out
      },
      `${context}: ${path}`,
    )
  } catch (error) {
    throw error instanceof DuijieError ? error : ioError(context, path, error)
  } finally {
    closeSync(fd)
  }
}

const headerSchema = z.object({
  format: z.unknown(),
  version: z.unknown(),
  sections: z.array(
    z.object({
      name: z.string(),
      type: z.enum(SECTION_TYPES),
      byteLength: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      crc32: z.number().int().min(0).max(0xffffffff),
    }),
  ),
})

function decodeBinary(size: number, read: ByteSource, context: string): SectionReader {
  requireLittleEndian(context)
  const fail = (section: string, what: string) => corruptSnapshot(context, section, what)
  if (size < LEAD_BYTES) {
    throw incompatible(context, `these ${size} bytes are not a saved duijie matcher (too short)`)
  }
  const lead = Buffer.from(read(0, LEAD_BYTES))
  if (lead.subarray(0, OLD_MAGIC.length).equals(OLD_MAGIC)) {
    throw incompatible(
      context,
      `saved by an older duijie (format 1 or 2; this one reads ${SNAPSHOT_VERSION}); rebuild it from the records`,
    )
  }
  if (!lead.subarray(0, MAGIC.length).equals(MAGIC))
    throw incompatible(context, 'these bytes are not a saved duijie matcher')
  const headerLength = lead.readUInt32LE(MAGIC.length)
  if (headerLength > size - LEAD_BYTES)
    throw fail('(header)', `says it is ${headerLength} bytes; only ${size - LEAD_BYTES} follow`)
  const headerBytes = read(LEAD_BYTES, headerLength)
  if (crc32(headerBytes) !== lead.readUInt32LE(MAGIC.length + 4)) throw fail('(header)', 'checksum mismatch')
  let header: z.infer<typeof headerSchema>
  try {
    const parsed = headerSchema.safeParse(JSON.parse(Buffer.from(headerBytes).toString('utf8')))
    if (!parsed.success) throw parsed.error
    header = parsed.data
  } catch {
    throw fail('(header)', 'is not a readable section table')
  }
  checkFormat(header, context)
  let offset = LEAD_BYTES + headerLength
  offset += pad(offset)
  const placed = header.sections.map((entry) => {
    const at = offset
    offset += entry.byteLength + pad(entry.byteLength)
    return { ...entry, offset: at }
  })
  if (offset !== size) {
    throw fail(
      '(file)',
      offset > size ? `is truncated: ${size} bytes of ${offset}` : `has ${size - offset} bytes after its last section`,
    )
  }
  const sections = new Map<string, SectionValue>()
  for (const entry of placed) {
    if (sections.has(entry.name)) throw fail(entry.name, 'appears twice')
    const bytes = read(entry.offset, entry.byteLength)
    if (crc32(bytes) !== entry.crc32) throw fail(entry.name, 'checksum mismatch: the bytes were changed or damaged')
    sections.set(
      entry.name,
      decodeSection(entry.type, bytes, (what) => fail(entry.name, what)),
    )
  }
  return new SectionReader(sections, context)
}
