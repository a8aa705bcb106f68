import * as zlib from 'node:zlib'
import { corruptSnapshot, DuijieError } from '../errors.js'

/**
 * The kinds of data a snapshot section holds: records (JSON objects), strings (any JS string, lone
 * surrogates included) and little-endian typed arrays.
 */
export const SECTION_TYPES = ['records', 'strings', 'u8', 'u16', 'u32', 'f32'] as const
/** One of {@link SECTION_TYPES}. */
export type SectionType = (typeof SECTION_TYPES)[number]

const ARRAY_TYPES = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f32: Float32Array } as const
type ArrayType = keyof typeof ARRAY_TYPES
type NumberArray = Uint8Array | Uint16Array | Uint32Array | Float32Array

/** A section's value, tagged with its type. */
export type SectionValue =
  | { type: 'records'; value: readonly unknown[] }
  | { type: 'strings'; value: readonly string[] }
  | { type: 'u8'; value: Uint8Array }
  | { type: 'u16'; value: Uint16Array }
  | { type: 'u32'; value: Uint32Array }
  | { type: 'f32'; value: Float32Array }

/**
 * Where each stage writes its part of a snapshot: named, typed sections, in the order written. The
 * framing (JSON or binary, checksums) is the snapshot's job, not the stage's.
 *
 * @example
 * ```ts
 * const out = new SectionWriter()
 * out.strings('vocabulary', ['焊接', '机器人'])
 * out.u32('experts.docs', Uint32Array.of(0, 1))
 * ```
 */
export class SectionWriter {
  readonly sections = new Map<string, SectionValue>()

  records(name: string, value: readonly unknown[]): void {
    this.put(name, { type: 'records', value })
  }
  strings(name: string, value: readonly string[]): void {
    this.put(name, { type: 'strings', value })
  }
  u8(name: string, value: Uint8Array): void {
    this.put(name, { type: 'u8', value })
  }
  u16(name: string, value: Uint16Array): void {
    this.put(name, { type: 'u16', value })
  }
  u32(name: string, value: Uint32Array): void {
    this.put(name, { type: 'u32', value })
  }
  f32(name: string, value: Float32Array): void {
    this.put(name, { type: 'f32', value })
  }

  private put(name: string, section: SectionValue): void {
    if (this.sections.has(name)) throw new DuijieError('INTERNAL', `duijie: snapshot section "${name}" written twice`)
    this.sections.set(name, section)
  }
}

/**
 * What a stage reads its part of a snapshot from. Every getter checks the section exists with the
 * expected type; `corrupt` makes the error a stage throws when an invariant of its data does not hold.
 *
 * @example
 * ```ts
 * const docs = reader.u32('experts.docs')
 * if (docs.length > 0 && docs[0]! >= experts) throw reader.corrupt('experts.docs', 'names an expert that does not exist')
 * ```
 */
export class SectionReader {
  private readonly used = new Set<string>()

  constructor(
    private readonly sections: ReadonlyMap<string, SectionValue>,
    readonly context: string,
  ) {}

  records(name: string): readonly unknown[] {
    return this.get(name, 'records') as readonly unknown[]
  }
  strings(name: string): readonly string[] {
    return this.get(name, 'strings') as readonly string[]
  }
  u8(name: string): Uint8Array {
    return this.get(name, 'u8') as Uint8Array
  }
  u16(name: string): Uint16Array {
    return this.get(name, 'u16') as Uint16Array
  }
  u32(name: string): Uint32Array {
    return this.get(name, 'u32') as Uint32Array
  }

  /** The type of a section, or undefined when there is none of that name: for layouts with alternatives. */
  typeOf(name: string): SectionType | undefined {
    return this.sections.get(name)?.type
  }
  f32(name: string): Float32Array {
    return this.get(name, 'f32') as Float32Array
  }

  /** Refuses sections nobody read: a snapshot of another layout, not this one with extras. */
  checkAllRead(): void {
    for (const name of this.sections.keys())
      if (!this.used.has(name)) throw this.corrupt(name, 'is not part of this format')
  }

  /** The error for a section whose data breaks an invariant. */
  corrupt(section: string, what: string): DuijieError {
    return corruptSnapshot(this.context, section, what)
  }

  private get(name: string, type: SectionType): SectionValue['value'] {
    const section = this.sections.get(name)
    if (!section) throw this.corrupt(name, 'is missing')
    if (section.type !== type) throw this.corrupt(name, `holds ${section.type}, not ${type}`)
    this.used.add(name)
    return section.value
  }
}

/** CRC-32 (the zlib polynomial) of `bytes`, continuing from `previous`. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(bytes, previous)
  return slowCrc32(bytes, previous)
}

let crcTable: Uint32Array | undefined
/** Node before 20.15 has no zlib.crc32. */
function slowCrc32(bytes: Uint8Array, previous: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      crcTable[n] = c >>> 0
    }
  }
  let crc = ~previous >>> 0
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8)
  return ~crc >>> 0
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** Snapshots are little-endian; refuse to write or read them anywhere else rather than garble them. */
export function requireLittleEndian(context: string): void {
  if (!littleEndian) {
    throw new DuijieError(
      'SNAPSHOT_INCOMPATIBLE',
      `duijie: ${context}: snapshots are little-endian; this machine is not`,
    )
  }
}

/** The bytes a section is stored as, in both framings (the checksum is over these). */
export function encodeSection(section: SectionValue): Uint8Array {
  switch (section.type) {
    case 'records':
      return encodeLines(section.value.map((record) => JSON.stringify(record) ?? 'null'))
    case 'strings':
      return encodeStrings(section.value)
    default:
      return new Uint8Array(section.value.buffer, section.value.byteOffset, section.value.byteLength)
  }
}

/** The inverse of {@link encodeSection}; `fail` names what is wrong with the bytes. */
export function decodeSection(type: SectionType, bytes: Uint8Array, fail: (what: string) => DuijieError): SectionValue {
  switch (type) {
    case 'records':
      return {
        type,
        value: decodeLines(bytes).map((line, index) => {
          try {
            return JSON.parse(line) as unknown
          } catch {
            throw fail(`record ${index} is not JSON`)
          }
        }),
      }
    case 'strings':
      return { type, value: decodeStrings(bytes, fail) }
    default:
      return { type, value: arrayFrom(type, bytes, fail) } as SectionValue
  }
}

/** Views `bytes` as a typed array, copying when they are not aligned for it. */
function arrayFrom(type: ArrayType, bytes: Uint8Array, fail: (what: string) => DuijieError): NumberArray {
  const Type = ARRAY_TYPES[type]
  if (bytes.byteLength % Type.BYTES_PER_ELEMENT !== 0) {
    throw fail(`is ${bytes.byteLength} bytes, not a whole number of ${type} values`)
  }
  const aligned = bytes.byteOffset % Type.BYTES_PER_ELEMENT === 0 ? bytes : bytes.slice()
  return new Type(aligned.buffer as ArrayBuffer, aligned.byteOffset, aligned.byteLength / Type.BYTES_PER_ELEMENT)
}

/** Lines joined by "\n" as UTF-8, encoded in chunks so no single string grows past V8's limit. */
function encodeLines(lines: readonly string[]): Uint8Array {
  const chunks: Uint8Array[] = []
  const CHUNK = 50_000
  for (let i = 0; i < lines.length; i += CHUNK) {
    const text = lines.slice(i, i + CHUNK).join('\n') + (i + CHUNK < lines.length ? '\n' : '')
    chunks.push(Buffer.from(text, 'utf8'))
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
}

/** The inverse of {@link encodeLines}, decoding in chunks split at newlines. */
function decodeLines(bytes: Uint8Array): string[] {
  if (bytes.byteLength === 0) return []
  const lines: string[] = []
  const CHUNK = 32 * 1024 * 1024
  let start = 0
  while (start <= bytes.byteLength) {
    let end = Math.min(start + CHUNK, bytes.byteLength)
    if (end < bytes.byteLength) {
      const newline = bytes.indexOf(10, end)
      end = newline < 0 ? bytes.byteLength : newline
    }
    // Buffer's UTF-8 decoding is several times faster than TextDecoder's on Node 20.
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8')
    for (const line of text.split('\n')) lines.push(line)
    start = end + 1
  }
  return lines
}

/**
 * Strings as UTF-16 code units, which keeps any JS string exactly (UTF-8 cannot hold a lone surrogate):
 * a u32 count, a u32 length per string, then the code units, little-endian.
 */
function encodeStrings(strings: readonly string[]): Uint8Array {
  let units = 0
  for (const s of strings) units += s.length
  const head = 4 + 4 * strings.length
  const out = Buffer.alloc(head + 2 * units)
  out.writeUInt32LE(strings.length, 0)
  let offset = head
  strings.forEach((s, i) => {
    out.writeUInt32LE(s.length, 4 + 4 * i)
    offset += out.write(s, offset, 'utf16le')
  })
  return out
}

function decodeStrings(bytes: Uint8Array, fail: (what: string) => DuijieError): string[] {
  if (bytes.byteLength < 4) throw fail(`is ${bytes.byteLength} bytes, too short for its string count`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const count = view.getUint32(0, true)
  const head = 4 + 4 * count
  if (head > bytes.byteLength) throw fail(`says it holds ${count} strings but is only ${bytes.byteLength} bytes`)
  let units = 0
  for (let i = 0; i < count; i++) units += view.getUint32(4 + 4 * i, true)
  if (head + 2 * units !== bytes.byteLength) {
    throw fail(`its string lengths add up to ${head + 2 * units} bytes, but it is ${bytes.byteLength}`)
  }
  const strings = new Array<string>(count)
  const CHUNK_UNITS = 16 * 1024 * 1024
  let offset = head
  for (let first = 0; first < count; ) {
    // Decode many strings at once (one native call), then cut them apart.
    let last = first
    let chunkUnits = 0
    while (last < count && (last === first || chunkUnits + view.getUint32(4 + 4 * last, true) <= CHUNK_UNITS)) {
      chunkUnits += view.getUint32(4 + 4 * last, true)
      last++
    }
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + offset, 2 * chunkUnits).toString('utf16le')
    let at = 0
    for (let i = first; i < last; i++) {
      const length = view.getUint32(4 + 4 * i, true)
      strings[i] = text.slice(at, at + length)
      at += length
    }
    offset += 2 * chunkUnits
    first = last
  }
  return strings
}
